package render

import (
	"slices"
	"testing"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// TestBuildersFor: render, not the builders, decides what an environment
// and a preview are made of.
func TestBuildersFor(t *testing.T) {
	doc, root, err := Load(benchExample, "")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	names := func(opts resolve.Options) []string {
		g, err := resolve.Resolve(doc, opts)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, b := range BuildersFor(g) {
			out = append(out, b.Name())
		}
		return out
	}
	for _, tt := range []struct {
		name string
		opts resolve.Options
		want []string
	}{
		// dev serves the previews: its set is that of every environment.
		{"environment", resolve.Options{Environment: "dev"}, []string{"namespace", "netpol", "secrets", "data", "nodes", "litellm", "gateway", "edge", "monitoring", "alerting"}},
		{"environment without previews", resolve.Options{Environment: "prod"}, []string{"namespace", "netpol", "secrets", "data", "nodes", "litellm", "gateway", "edge", "monitoring", "alerting"}},
		// No cloud resources, no node pool and no Gateway of its own;
		// in-namespace data stores; nobody paged.
		{"preview", resolve.Options{Preview: "42"}, []string{"namespace", "netpol", "secrets", "preview", "litellm", "edge", "monitoring"}},
	} {
		if got := names(tt.opts); !slices.Equal(got, tt.want) {
			t.Errorf("%s: builders %v, want %v", tt.name, got, tt.want)
		}
	}
}
