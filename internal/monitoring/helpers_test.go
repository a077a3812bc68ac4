package monitoring_test

import (
	"testing"

	"github.com/aigw-dev/aigw/internal/component"
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

// builders are the monitoring builders render runs for g
// (render.TestBuildersFor pins its sets): nobody is paged for a preview.
func builders(g *resolve.Gateway) []component.Builder {
	if g.Preview != nil {
		return []component.Builder{monitoring.New()}
	}
	return []component.Builder{monitoring.New(), monitoring.NewAlerting()}
}

// build runs the monitoring builders of g and returns the objects as the
// render pipeline serialises them.
func build(t testing.TB, g *resolve.Gateway) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for _, b := range builders(g) {
		objs = append(objs, example.Objects(t, b, g)...)
	}
	return objs
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
