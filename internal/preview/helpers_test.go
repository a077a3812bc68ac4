package preview_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/preview"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update
)

const exampleDir = "../../examples/ai-gateway"

// kube is a real kube-apiserver with the upstream CRDs, started on first
// use; the tests that need it skip without the binaries (see kubetest).
var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

func exampleDoc(t testing.TB) *spec.Document {
	t.Helper()
	data, err := os.ReadFile(exampleDir + "/aigateway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse("aigateway.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func resolved(t testing.TB, opts resolve.Options) *resolve.Gateway {
	t.Helper()
	g, err := resolve.Resolve(exampleDoc(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// renderAll runs the whole pipeline, as aigw render does.
func renderAll(t testing.TB, opts resolve.Options) []*unstructured.Unstructured {
	t.Helper()
	r := &render.Renderer{Builders: render.DefaultBuilders(), Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: exampleDir, Resolve: opts})
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

// build runs the preview builder alone and returns its objects in their
// JSON form.
func build(t testing.TB, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	objs, err := preview.New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*unstructured.Unstructured, 0, len(objs))
	for _, o := range objs {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
		if err != nil {
			t.Fatal(err)
		}
		if meta, ok := m["metadata"].(map[string]any); ok && meta["creationTimestamp"] == nil {
			delete(meta, "creationTimestamp")
		}
		delete(m, "status")
		out = append(out, &unstructured.Unstructured{Object: m})
	}
	return out
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
