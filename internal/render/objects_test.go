package render

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// TestJSONMapIsConverter checks, for every typed object the builders return
// for the example's environments, that component.JSONMap gives the map
// runtime.DefaultUnstructuredConverter gives (compared through their JSON,
// which is what every later stage reads).
func TestJSONMapIsConverter(t *testing.T) {
	doc, root, err := Load(benchExample, "")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, env := range benchEnvs {
		in, err := (&Renderer{Embedded: aigw.Files}).Prepare(context.Background(), doc, root.FS(), Options{Resolve: resolve.Options{Environment: env}})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range BuildersFor(in.Gateway) {
			objs, err := b.Build(context.Background(), in)
			if err != nil {
				t.Fatalf("%s: %v", b.Name(), err)
			}
			for _, o := range objs {
				if _, ok := o.(*unstructured.Unstructured); ok {
					continue
				}
				want, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
				if err != nil {
					t.Fatal(err)
				}
				got, err := component.JSONMap(o)
				if err != nil {
					t.Fatal(err)
				}
				wj, _ := json.Marshal(want)
				gj, _ := json.Marshal(got)
				if !bytes.Equal(wj, gj) {
					t.Errorf("%s %s %T:\n got  %s\n want %s", env, b.Name(), o, gj, wj)
				}
			}
		}
	}
}
