package edge

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// lbcObject returns a namespaced gateway.k8s.aws object (no Go module is
// served for these kinds; the tests validate them against the CRDs).
func lbcObject(g *resolve.Gateway, kind, name string, spec map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{"spec": spec}}
	u.SetAPIVersion(LBCAPIVersion)
	u.SetKind(kind)
	u.SetName(name)
	u.SetNamespace(g.Namespace)
	u.SetLabels(g.Labels())
	// Before the Gateway and the routes: a route rule whose configuration is
	// missing is answered with a fixed 500 (the controller's no-backend action), and a target group is created with its
	// final target type only if the TargetGroupConfiguration exists first.
	component.SetWave(u, component.WaveRoutes-1)
	return u
}

// tags are the AWS tags of everything the controller creates for the gateway.
func tags(g *resolve.Gateway) map[string]any {
	t := map[string]any{}
	for k, v := range g.Labels() {
		t[k] = v
	}
	return t
}

// keyValues turns ordered pairs into the controller's [{key, value}] lists.
func keyValues(pairs ...string) []any {
	out := make([]any, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, map[string]any{"key": pairs[i], "value": pairs[i+1]})
	}
	return out
}

func stringList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
