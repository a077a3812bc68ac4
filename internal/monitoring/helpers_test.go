package monitoring_test

import (
	"testing"

	"github.com/aigw-dev/aigw/internal/monitoring"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// variants are every environment of the example and a preview.
func variants(t testing.TB) map[string]*resolve.Gateway {
	t.Helper()
	v := map[string]*resolve.Gateway{"preview": example.Preview(t, "42")}
	for _, env := range example.Environments() {
		v[env] = example.Gateway(t, env)
	}
	return v
}

func build(t testing.TB, g *resolve.Gateway) []map[string]any {
	t.Helper()
	return example.Objects(t, monitoring.New(), g)
}

// byKind returns the objects of kind.
func byKind(objs []map[string]any, kind string) []map[string]any {
	var out []map[string]any
	for _, o := range objs {
		if o["kind"] == kind {
			out = append(out, o)
		}
	}
	return out
}
