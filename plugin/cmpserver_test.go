package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	repoclient "github.com/argoproj/argo-cd/v3/reposerver/apiclient"
	"github.com/argoproj/argo-cd/v3/util/app/discovery"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

// TestCMPServer runs plugin.yaml in Argo CD's own cmp-server and calls it the
// way the repo-server does, with the aigw binary built from this module. The
// subtests share one server and must not run in parallel (the cmp-server
// reads its socket and work directories from the process environment).
func TestCMPServer(t *testing.T) {
	root := moduleRoot(t)
	bin := buildAIGW(t, root)
	srv := startCMPServer(t, root, bin)
	repo := writeRepo(t, root)

	t.Run("discovery", func(t *testing.T) { testDiscovery(t, srv, repo) })
	t.Run("generate", func(t *testing.T) { testGenerate(t, bin, root, repo) })
	t.Run("errors", func(t *testing.T) { testErrors(t, repo) })
	t.Run("parameters", func(t *testing.T) { testParameters(t, srv, repo) })
}

// application returns an Application manifest for the app folder path with
// the given destination namespace and spec.source.plugin (flow YAML).
func application(path, namespace, plugin string) string {
	return fmt.Sprintf(`apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ai-gateway
  namespace: %s
spec:
  project: platform
  destination:
    server: https://kubernetes.default.svc
    namespace: %s
  source:
    repoURL: %s
    targetRevision: main
    path: %s
    plugin: %s
`, controllerNamespace, namespace, repoURL, path, plugin)
}

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// testDiscovery checks the discover rule (fileName: aigateway.yaml): the
// plugin claims a folder with aigateway.yaml at its root and nothing else,
// both asked directly (MatchRepository) and through the repo-server's
// source type detection for an Application without a plugin name.
func testDiscovery(t *testing.T, srv *cmpServer, repo string) {
	tests := []struct {
		path     string
		want     bool
		wantType string
	}{
		{path: "gateways/ai-gateway", want: true, wantType: "Plugin"},
		{path: "gateways/broken", want: true, wantType: "Plugin"},
		{path: "docs", wantType: "Directory"},
		{path: "nested", wantType: "Directory"}, // aigateway.yaml only in a subfolder
		{path: "plain", wantType: "Directory"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			ctx := timeout(t)
			resp, err := matchRepository(ctx, t, srv, repo, tt.path)
			if err != nil {
				t.Fatalf("MatchRepository: %v", err)
			}
			if resp.IsSupported != tt.want || !resp.IsDiscoveryEnabled {
				t.Errorf("MatchRepository = {IsSupported: %v, IsDiscoveryEnabled: %v}, want {%v, true}", resp.IsSupported, resp.IsDiscoveryEnabled, tt.want)
			}
			got, err := discovery.AppType(ctx, filepath.Join(repo, tt.path), repo, nil, nil, nil)
			if err != nil {
				t.Fatalf("AppType: %v", err)
			}
			if got != tt.wantType {
				t.Errorf("AppType = %q, want %q", got, tt.wantType)
			}
		})
	}
}

// testGenerate checks that what the repo-server gets for each example
// environment are the objects `aigw render` prints, and how parameters, the
// plugin env and the destination namespace select them.
func testGenerate(t *testing.T, bin, root, repo string) {
	example := filepath.Join(root, "examples", "ai-gateway")
	tests := []struct {
		name string
		app  string
		// render is the `aigw render <example> …` arguments with the same result.
		render []string
	}{
		{
			name:   "dev parameter named plugin",
			app:    application("gateways/ai-gateway", "ai-gateway-dev", `{name: aigw, parameters: [{name: environment, string: dev}]}`),
			render: []string{"--env", "dev"},
		},
		{
			name:   "staging parameter discovered plugin",
			app:    application("gateways/ai-gateway", "ai-gateway-staging", `{parameters: [{name: environment, string: staging}]}`),
			render: []string{"--env", "staging"},
		},
		{
			name:   "prod plugin env",
			app:    application("gateways/ai-gateway", "ai-gateway-prod", `{name: aigw, env: [{name: AIGW_ENVIRONMENT, value: prod}]}`),
			render: []string{"--env", "prod"},
		},
		{
			name:   "destination namespace is the default namespace",
			app:    application("gateways/ai-gateway", "llm-staging", `{parameters: [{name: environment, string: staging}]}`),
			render: []string{"--env", "staging", "--namespace", "llm-staging"},
		},
		{
			name:   "parameters win over plugin env",
			app:    application("gateways/ai-gateway", "ai-gateway-staging", `{env: [{name: AIGW_ENVIRONMENT, value: prod}, {name: AIGW_NAMESPACE, value: wrong}], parameters: [{name: environment, string: staging}, {name: namespace, string: team-ai}]}`),
			render: []string{"--env", "staging", "--namespace", "team-ai"},
		},
		{
			// What the previews ApplicationSet sets: the source environment
			// and the pull request number, into <name>-pr-<number>.
			name:   "preview parameter",
			app:    application("gateways/ai-gateway", "ai-gateway-pr-42", `{name: aigw, parameters: [{name: environment, string: dev}, {name: preview, string: "42"}]}`),
			render: []string{"--env", "dev", "--preview", "42"},
		},
		{
			name:   "preview plugin env",
			app:    application("gateways/ai-gateway", "ai-gateway-pr-7", `{env: [{name: AIGW_PREVIEW, value: "7"}]}`),
			render: []string{"--preview", "7"},
		},
		{
			name:   "plugin env with substitution",
			app:    application("gateways/ai-gateway", "ai-gateway-prod", `{env: [{name: AIGW_ENVIRONMENT, value: prod}, {name: AIGW_NAMESPACE, value: "$ARGOCD_APP_NAME-live"}]}`),
			render: []string{"--env", "prod", "--namespace", "ai-gateway-live"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := timeout(t)
			got, raw, err := generateManifests(ctx, t, repo, parseApplication(t, tt.app))
			if err != nil {
				t.Fatalf("GenerateManifest: %v", err)
			}
			for i, m := range raw {
				if !json.Valid([]byte(m)) {
					t.Fatalf("manifest %d is not a JSON object: %.200s", i, m)
				}
			}
			want := renderObjects(ctx, t, bin, example, tt.render...)
			if len(want) == 0 {
				t.Fatal("aigw render printed no objects")
			}
			assertSameObjects(t, want, got)
		})
	}
}

// assertSameObjects compares two object lists in order.
func assertSameObjects(t *testing.T, want, got []*unstructured.Unstructured) {
	t.Helper()
	w, g := objectMaps(want), objectMaps(got)
	if reflect.DeepEqual(w, g) {
		return
	}
	wy, err := yaml.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	gy, err := yaml.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Errorf("plugin objects (%d) differ from aigw render (%d):\n%s", len(got), len(want), golden.Diff(string(wy), string(gy)))
}

func objectMaps(objs []*unstructured.Unstructured) []map[string]any {
	out := make([]map[string]any, len(objs))
	for i, o := range objs {
		out[i] = o.Object
	}
	return out
}

// testErrors checks that a failed render reaches the repo-server with aigw's
// message, and that no manifests come back.
func testErrors(t *testing.T, repo string) {
	line := brokenLine(t, repo)
	column := len(brokenTo) - len(strings.TrimLeft(brokenTo, " ")) + len("instances: ") + 1
	tests := []struct {
		name string
		app  string
		want []string
	}{
		{
			name: "broken spec",
			app:  application("gateways/broken", "ai-gateway-prod", `{name: aigw, parameters: [{name: environment, string: prod}]}`),
			want: []string{"`aigw generate` failed", fmt.Sprintf("aigateway.yaml:%d:%d: %s: ", line, column, brokenPath)},
		},
		{
			name: "misspelled parameter",
			app:  application("gateways/ai-gateway", "ai-gateway-dev", `{name: aigw, parameters: [{name: enviroment, string: dev}]}`),
			want: []string{"unknown plugin parameter(s) enviroment"},
		},
		{
			name: "array parameter",
			app:  application("gateways/ai-gateway", "ai-gateway-dev", `{name: aigw, parameters: [{name: environment, array: [dev]}]}`),
			want: []string{`parameter "environment" must be a string`},
		},
		{
			name: "undefined environment",
			app:  application("gateways/ai-gateway", "ai-gateway-qa", `{name: aigw, parameters: [{name: environment, string: qa}]}`),
			want: []string{`environment "qa" is not defined`, "dev, prod, staging"},
		},
		{
			name: "preview in another namespace",
			app:  application("gateways/ai-gateway", "ai-gateway-dev", `{name: aigw, parameters: [{name: environment, string: dev}, {name: preview, string: "42"}]}`),
			want: []string{`preview 42 renders into namespace "ai-gateway-pr-42", but the Argo CD destination namespace is "ai-gateway-dev"`},
		},
		{
			name: "preview of another environment",
			app:  application("gateways/ai-gateway", "ai-gateway-pr-42", `{name: aigw, parameters: [{name: environment, string: prod}, {name: preview, string: "42"}]}`),
			want: []string{`previews derive from environment "dev" (spec.previews.from), not "prod"`},
		},
		{
			name: "preview not a number",
			app:  application("gateways/ai-gateway", "ai-gateway-pr-x", `{name: aigw, parameters: [{name: preview, string: "x"}]}`),
			want: []string{`preview "x": must be a pull request number`},
		},
		{
			name: "no environment",
			app:  application("gateways/ai-gateway", "ai-gateway", `{name: aigw}`),
			want: []string{"no environment selected"},
		},
		{
			// Naming the plugin does not bypass its discover rule.
			name: "named plugin on a folder without spec",
			app:  application("docs", "docs", `{name: aigw, parameters: [{name: environment, string: dev}]}`),
			want: []string{`could not find cmp-server plugin with name "aigw" supporting the given repository`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, raw, err := generateManifests(timeout(t), t, repo, parseApplication(t, tt.app))
			if e := errorContains(err, tt.want...); e != nil {
				t.Error(e)
			}
			if len(objs) > 0 || len(raw) > 0 {
				t.Errorf("got %d manifests with the error", len(raw))
			}
		})
	}
}

// testParameters checks the parameters announcement the UI shows: aigw's
// dynamic announcements first, then the static ones of plugin.yaml. The UI
// shows the first announcement of each name, so the environment parameter
// it shows must be aigw's, listing the spec's environments.
func testParameters(t *testing.T, srv *cmpServer, repo string) {
	static := srv.config.Spec.Parameters.Static
	t.Run("example", func(t *testing.T) {
		app := parseApplication(t, application("gateways/ai-gateway", "ai-gateway-dev", `{parameters: [{name: environment, string: dev}]}`))
		got, err := parametersAnnouncement(timeout(t), t, repo, app)
		if err != nil {
			t.Fatalf("GetParametersAnnouncement: %v", err)
		}
		if len(got) <= len(static) {
			t.Fatalf("got %d announcements, want the dynamic ones + %d static: %s", len(got), len(static), announcementJSON(t, got))
		}
		dynamic := got[:len(got)-len(static)]
		if g, w := announcementJSON(t, got[len(dynamic):]), announcementJSON(t, static); g != w {
			t.Errorf("static announcements:\n%s", golden.Diff(w, g))
		}
		var env *repoclient.ParameterAnnouncement
		for _, a := range got {
			if a.Name == "environment" {
				env = a
				break
			}
		}
		switch {
		case env == nil:
			t.Fatal("no environment parameter announced")
		case !slices.Contains(dynamic, env):
			t.Errorf("the UI shows the static environment parameter %s, not aigw's", announcementJSON(t, []*repoclient.ParameterAnnouncement{env}))
		case !env.Required || env.CollectionType != "string":
			t.Errorf("environment announcement %s is not a required string", announcementJSON(t, []*repoclient.ParameterAnnouncement{env}))
		case !strings.Contains(env.Tooltip, "dev, prod, staging"):
			t.Errorf("environment tooltip %q does not list the environments", env.Tooltip)
		}
	})
	t.Run("broken spec", func(t *testing.T) {
		app := parseApplication(t, application("gateways/broken", "ai-gateway-prod", `{name: aigw}`))
		_, err := parametersAnnouncement(timeout(t), t, repo, app)
		if e := errorContains(err, "error executing dynamic parameter output command", fmt.Sprintf("aigateway.yaml:%d:", brokenLine(t, repo)), brokenPath); e != nil {
			t.Error(e)
		}
	})
}

func announcementJSON(t *testing.T, list []*repoclient.ParameterAnnouncement) string {
	t.Helper()
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
