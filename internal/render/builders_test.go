package render

import (
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/secrets"
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

// TestEnvironmentOnlyObjects: what only an environment has — its Gateway,
// its alert rules and dashboard, the pushes to Secrets Manager and their
// policies — comes from its builder set and its contract; a preview's
// objects have none of it.
func TestEnvironmentOnlyObjects(t *testing.T) {
	doc, root, err := Load(benchExample, "")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tt := range []struct {
		name string
		opts resolve.Options
		want bool
	}{
		{"environment", resolve.Options{Environment: "dev"}, true},
		{"preview", resolve.Options{Preview: "42"}, false},
	} {
		r := &Renderer{Embedded: aigw.Files}
		in, err := r.Prepare(t.Context(), doc, root.FS(), Options{Resolve: tt.opts})
		if err != nil {
			t.Fatal(err)
		}
		objs, err := r.Objects(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		c := in.Gateway.Contract()
		have := map[string]bool{}
		for _, o := range objs {
			u := unstructured.Unstructured{Object: o}
			have[u.GetKind()] = true
			have[u.GetKind()+"/"+u.GetName()] = true
		}
		for _, k := range []string{"Gateway", "PrometheusRule", "PushSecret", "ConfigMap/" + c.Monitoring.Dashboard, "ConfigMap/" + secrets.SecretPoliciesConfigMap(in.Gateway)} {
			if have[k] != tt.want {
				t.Errorf("%s: has %s: %v, want %v", tt.name, k, have[k], tt.want)
			}
		}
	}
}
