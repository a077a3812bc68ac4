package resolve

import (
	"reflect"
	"testing"
)

// TestEnvironmentOrPreview pins what resolve decides, for the builders,
// about being an environment or a preview: where the routes attach and
// whether an HTTP redirect exists, whose load balancer's quota they count
// against, how the namespace is labelled and kept, and where generated
// secrets live. The builders read these and never ask which of the two
// they build (internal/archtest).
func TestEnvironmentOrPreview(t *testing.T) {
	doc := parse(t, exampleText(t))
	// dev is spec.previews.from in the example; prod is not.
	dev := resolveCase(t, doc, Options{Environment: "dev"}, "").Contract()
	prod := resolveCase(t, doc, Options{Environment: "prod"}, "").Contract()
	pr := resolveCase(t, doc, Options{Preview: "42"}, "").Contract()

	own := func(previews *PreviewsListener) Edge {
		return Edge{
			Gateway:  "ai-gateway",
			API:      ParentRef{Name: "ai-gateway", Section: "https-api"},
			Admin:    ParentRef{Name: "ai-gateway", Section: "https-admin"},
			Redirect: &ParentRef{Name: "ai-gateway", Section: "http"},
			Previews: previews,
		}
	}
	devEdge := own(&PreviewsListener{
		Name:            "https-previews",
		Hostname:        "*.dev.ai.example.com",
		NamespaceLabels: map[string]string{PreviewOfLabel: "ai-gateway-dev"},
	})
	onPreviews := ParentRef{Name: "ai-gateway", Namespace: "ai-gateway-dev", Section: "https-previews"}
	keep := Namespace{Annotations: map[string]string{SyncOptionsAnnotation: "Prune=false,Delete=false"}}
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"environment serving previews: edge", dev.Edge, devEdge},
		{"environment: edge", prod.Edge, own(nil)},
		{"preview: edge", pr.Edge, Edge{
			Gateway: "ai-gateway",
			API:     onPreviews,
			Admin:   onPreviews,
			Shared:  &SharedLoadBalancer{Desc: "preview 42 next to environment dev", Owner: devEdge},
		}},
		{"environment: namespace", dev.Namespace, keep},
		{"environment: namespace (prod)", prod.Namespace, keep},
		{"preview: namespace", pr.Namespace, Namespace{Labels: map[string]string{PreviewOfLabel: "ai-gateway-dev"}}},
		{"environment: generated secrets", dev.Secrets.Generated, StoredInSecretsManager},
		{"preview: generated secrets", pr.Secrets.Generated, StoredInNamespace},
	} {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", tt.name, tt.got, tt.want)
		}
	}
	// The previews listener admits exactly the namespaces of the previews.
	if got, want := dev.Edge.Previews.NamespaceLabels, pr.Namespace.Labels; !reflect.DeepEqual(got, want) {
		t.Errorf("previews listener selects %v, a preview's namespace carries %v", got, want)
	}
}
