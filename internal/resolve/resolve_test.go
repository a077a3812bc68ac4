package resolve

import (
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/spec"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

func TestResolve(t *testing.T) {
	example := exampleText(t)
	doc := parse(t, example)
	docNS := parse(t, strings.Replace(example, "    staging:\n", "    staging:\n      namespace: llm-staging\n", 1))
	docDevNS := parse(t, strings.Replace(example, "    dev:\n", "    dev:\n      namespace: llm-dev\n", 1))
	tests := []struct {
		name          string
		doc           *spec.Document
		opts          Options
		wantNamespace string
		wantAPIHost   string
		wantErr       string
	}{
		{name: "default namespace", doc: doc, opts: Options{Environment: "dev"}, wantNamespace: "ai-gateway-dev", wantAPIHost: "api.dev.ai.example.com"},
		{name: "Argo CD destination namespace", doc: doc, opts: Options{Environment: "prod", DefaultNamespace: "llm"}, wantNamespace: "llm", wantAPIHost: "api.ai.example.com"},
		{name: "spec namespace beats the destination", doc: docNS, opts: Options{Environment: "staging", DefaultNamespace: "llm"}, wantNamespace: "llm-staging", wantAPIHost: "api.staging.ai.example.com"},
		{name: "explicit namespace beats the spec", doc: docNS, opts: Options{Environment: "staging", Namespace: "x", DefaultNamespace: "llm"}, wantNamespace: "x", wantAPIHost: "api.staging.ai.example.com"},
		{name: "no environment", doc: doc, opts: Options{}, wantErr: "no environment selected"},
		{name: "bad namespace", doc: doc, opts: Options{Environment: "dev", Namespace: "No"}, wantErr: `namespace "No"`},
		// dev is spec.previews.from: its previews attach to its Gateway in
		// the spec's namespace (or the default), so it may not move.
		{name: "previews' source at its default namespace", doc: doc, opts: Options{Environment: "dev", DefaultNamespace: "ai-gateway-dev"}, wantNamespace: "ai-gateway-dev", wantAPIHost: "api.dev.ai.example.com"},
		{name: "previews' source moved by Argo CD", doc: doc, opts: Options{Environment: "dev", DefaultNamespace: "llm"}, wantErr: `environment dev is spec.previews.from: its previews attach their routes to its Gateway in namespace "ai-gateway-dev", but it renders into "llm" (the Argo CD destination namespace); set spec.environments.dev.namespace: llm`},
		{name: "previews' source moved by an override", doc: docDevNS, opts: Options{Environment: "dev", Namespace: "x"}, wantErr: `in namespace "llm-dev", but it renders into "x" (the namespace override)`},
		{name: "previews' source at the spec's namespace", doc: docDevNS, opts: Options{Environment: "dev", DefaultNamespace: "elsewhere"}, wantNamespace: "llm-dev", wantAPIHost: "api.dev.ai.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := resolveCase(t, tt.doc, tt.opts, tt.wantErr)
			if g == nil {
				return
			}
			if g.Namespace != tt.wantNamespace || g.APIHost != tt.wantAPIHost {
				t.Errorf("namespace %q api host %q", g.Namespace, g.APIHost)
			}
			if got := g.Name("api"); got != "ai-gateway-api" {
				t.Errorf("Name = %q", got)
			}
			if got := g.ClusterName("litellm"); got != "ai-gateway-"+tt.opts.Environment+"-litellm" {
				t.Errorf("ClusterName = %q", got)
			}
			if l := g.Labels(); l["aigw.dev/environment"] != tt.opts.Environment || l["team"] != "platform" {
				t.Errorf("labels %v", l)
			}
		})
	}
}
