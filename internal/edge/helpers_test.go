package edge_test

import (
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/data"
	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// builders are the edge builders render runs for g (render.TestBuildersFor
// pins its sets): the Gateway is an environment's own.
func builders(g *resolve.Gateway) []component.Builder {
	if g.Preview != nil {
		return []component.Builder{edge.New()}
	}
	return []component.Builder{edge.NewGateway(), edge.New()}
}

// build runs the edge builders of g and returns the objects as the render
// pipeline serialises them.
func build(t testing.TB, g *resolve.Gateway) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for _, b := range builders(g) {
		objs = append(objs, example.Objects(t, b, g)...)
	}
	return objs
}

// lbcObject wraps the LoadBalancerConfiguration spec into the object the
// Crossplane composition composes.
func lbcObject(g *resolve.Gateway) map[string]any {
	return map[string]any{
		"apiVersion": edge.LBCAPIVersion,
		"kind":       edge.LoadBalancerConfigurationKind,
		"metadata":   map[string]any{"name": g.Contract().LoadBalancer.Name, "namespace": g.Namespace},
		"spec":       data.LoadBalancerConfigurationSpec(g),
	}
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
