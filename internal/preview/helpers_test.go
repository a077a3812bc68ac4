package preview_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/preview"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update
)

// kube is a real kube-apiserver with the upstream CRDs, started on first
// use; the tests that need it skip without the binaries (see kubetest).
var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// renderAll runs the whole pipeline, as aigw render does.
func renderAll(t testing.TB, opts resolve.Options) []*unstructured.Unstructured {
	t.Helper()
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: filepath.Dir(example.File(t)), Resolve: opts})
	if err != nil {
		t.Fatalf("render %+v: %v", opts, err)
	}
	// Through JSON, as a client sends them (the result may hold Go
	// integers, which unstructured's helpers do not copy).
	out := make([]*unstructured.Unstructured, len(res.Objects))
	for i, o := range res.Objects {
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = &unstructured.Unstructured{}
		if err := out[i].UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// build runs the preview builder alone and returns its objects as the
// render pipeline serialises them.
func build(t testing.TB, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	return example.Unstructured(example.Objects(t, preview.New(), g))
}

func byKind(objs []*unstructured.Unstructured, kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range objs {
		if o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}

func find(objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	return nil
}

// podTemplate returns the pod template of a workload, if it has one.
func podTemplate(o *unstructured.Unstructured) (map[string]any, bool) {
	switch o.GetKind() {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
		m, found, _ := unstructured.NestedMap(o.Object, "spec", "template")
		return m, found
	}
	return nil, false
}
