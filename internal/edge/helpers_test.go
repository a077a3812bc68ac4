package edge_test

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

const exampleFile = "../../examples/ai-gateway/aigateway.yaml"

// environments of the example gateway.
var environments = []string{"dev", "staging", "prod"}

// gatewayFor resolves one environment of the example, freshly (tests may
// change the result).
func gatewayFor(t testing.TB, env string) *resolve.Gateway {
	t.Helper()
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse(exampleFile, data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Environment: env})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// previewFor resolves the preview of pull request number of the example
// (derived from dev).
func previewFor(t testing.TB, number string) *resolve.Gateway {
	t.Helper()
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse(exampleFile, data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Preview: number})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// build runs the builder and returns the objects in their JSON form, as the
// render pipeline serialises them.
func build(t testing.TB, g *resolve.Gateway) []map[string]any {
	t.Helper()
	objs, err := edge.New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, 0, len(objs))
	for _, o := range objs {
		out = append(out, toMap(t, o))
	}
	return out
}

func toMap(t testing.TB, o component.Object) map[string]any {
	t.Helper()
	if o.GetObjectKind().GroupVersionKind().Kind == "" {
		t.Fatalf("%T %s has no kind", o, o.GetName())
	}
	if u, ok := o.(*unstructured.Unstructured); ok {
		return runtime.DeepCopyJSON(u.Object)
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
	if err != nil {
		t.Fatal(err)
	}
	if meta, ok := m["metadata"].(map[string]any); ok && meta["creationTimestamp"] == nil {
		delete(meta, "creationTimestamp")
	}
	// Builders never set a status; typed objects serialise an empty one
	// (status.parents: null for routes), which the pipeline drops.
	delete(m, "status")
	return m
}

// lbcObject wraps the LoadBalancerConfiguration spec into the object the
// Crossplane composition composes.
func lbcObject(g *resolve.Gateway) map[string]any {
	return map[string]any{
		"apiVersion": edge.LBCAPIVersion,
		"kind":       edge.LoadBalancerConfigurationKind,
		"metadata":   map[string]any{"name": edge.LoadBalancerConfigurationName(g), "namespace": g.Namespace},
		"spec":       edge.LoadBalancerConfigurationSpec(g),
	}
}

func marshalStream(t testing.TB, objs []map[string]any) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, o := range objs {
		y, err := yaml.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n")
		b.Write(y)
	}
	return b.Bytes()
}

func kindOf(o map[string]any) string { s, _ := o["kind"].(string); return s }

func nameOf(o map[string]any) string {
	return (&unstructured.Unstructured{Object: o}).GetName()
}

func find(t testing.TB, objs []map[string]any, kind, name string) map[string]any {
	t.Helper()
	for _, o := range objs {
		if kindOf(o) == kind && nameOf(o) == name {
			return o
		}
	}
	t.Fatalf("no %s %s among the objects", kind, name)
	return nil
}

func httpRoute(t testing.TB, objs []map[string]any, name string) *gwv1.HTTPRoute {
	t.Helper()
	var r gwv1.HTTPRoute
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(find(t, objs, "HTTPRoute", name), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

var loadCRDs = sync.OnceValues(func() (*crdschema.Set, error) {
	dir, err := kubetest.CRDsDir()
	if err != nil {
		return nil, err
	}
	return crdschema.Load(dir)
})

func crds(t testing.TB) *crdschema.Set {
	t.Helper()
	s, err := loadCRDs()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
