package secrets_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/secrets"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
)

// TestDeterministic: two builds of every example environment are
// byte-identical (the objects themselves are pinned by the render goldens,
// internal/render/testdata).
func TestDeterministic(t *testing.T) {
	for _, env := range example.Environments() {
		t.Run(env, func(t *testing.T) {
			got := toYAML(t, build(t, example.Gateway(t, env)))
			if again := toYAML(t, build(t, example.Gateway(t, env))); !bytes.Equal(got, again) {
				t.Error("two builds differ")
			}
		})
	}
}

func byKind(objs []*unstructured.Unstructured, kind string) map[string]*unstructured.Unstructured {
	out := map[string]*unstructured.Unstructured{}
	for _, o := range objs {
		if o.GetKind() == kind {
			out[o.GetName()] = o
		}
	}
	return out
}

// TestContract checks the Secrets other components rely on: names, keys and
// Secrets Manager names.
func TestContract(t *testing.T) {
	g := example.Gateway(t, "prod")
	objs := build(t, g)
	es := byKind(objs, "ExternalSecret")
	prefix := "aigw/ai-gateway/prod/"
	want := map[string]map[string]string{ // Secret → key → Secrets Manager name
		"ai-gateway-database-master": {"password": prefix + "database-master"},
		"ai-gateway-valkey-auth":     {"token": prefix + "valkey-auth"},
		"ai-gateway-litellm-keys":    {"masterKey": prefix + "litellm-master-key", "saltKey": prefix + "litellm-salt-key"},
		"ai-gateway-sso":             {"clientSecret": prefix + "entra-client-secret"},
		"ai-gateway-model-keys":      {"MODEL_API_KEY_AZURE_OPENAI": prefix + "azure-openai"},
		"ai-gateway-litellm-license": {"license": prefix + "litellm-license"},
		"ai-gateway-alb-oidc":        {"clientSecret": prefix + "entra-client-secret"},
	}
	if len(es) != len(want) {
		t.Errorf("got %d ExternalSecrets, want %d", len(es), len(want))
	}
	for name, keys := range want {
		o, ok := es[name]
		if !ok {
			t.Errorf("no ExternalSecret %s", name)
			continue
		}
		if target, _, _ := unstructured.NestedString(o.Object, "spec", "target", "name"); target != name {
			t.Errorf("%s: target %q", name, target)
		}
		store, _, _ := unstructured.NestedStringMap(o.Object, "spec", "secretStoreRef")
		if store["name"] != "aws-secrets-manager" || store["kind"] != "ClusterSecretStore" {
			t.Errorf("%s: store %v", name, store)
		}
		data, _, _ := unstructured.NestedSlice(o.Object, "spec", "data")
		got := map[string]string{}
		for _, d := range data {
			d := d.(map[string]any)
			got[d["secretKey"].(string)] = d["remoteRef"].(map[string]any)["key"].(string)
		}
		if len(got) != len(keys) {
			t.Errorf("%s: keys %v, want %v", name, got, keys)
		}
		for k, remote := range keys {
			if got[k] != remote {
				t.Errorf("%s: key %s reads %q, want %q", name, k, got[k], remote)
			}
		}
	}
	if got := g.Contract().Secrets.Database.Name; got != "ai-gateway-database-master" {
		t.Errorf("DatabaseSecret = %s", got)
	}
}

// TestGeneratedOnce checks the create-once flow of every generated secret:
// a Password generator, pushed with IfNotExists and never deleted, read back
// by an ExternalSecret of the same name.
func TestGeneratedOnce(t *testing.T) {
	objs := build(t, example.Gateway(t, "dev"))
	passwords := byKind(objs, "Password")
	pushes := byKind(objs, "PushSecret")
	es := byKind(objs, "ExternalSecret")
	for _, name := range []string{"ai-gateway-database-master", "ai-gateway-valkey-auth", "ai-gateway-litellm-keys"} {
		p, ok := pushes[name]
		if !ok {
			t.Errorf("no PushSecret %s", name)
			continue
		}
		spec := p.Object["spec"].(map[string]any)
		if spec["updatePolicy"] != "IfNotExists" || spec["deletionPolicy"] != "None" {
			t.Errorf("%s: updatePolicy %v deletionPolicy %v", name, spec["updatePolicy"], spec["deletionPolicy"])
		}
		ref, _, _ := unstructured.NestedStringMap(spec, "selector", "generatorRef")
		if ref["kind"] != "Password" || passwords[ref["name"]] == nil {
			t.Errorf("%s: generatorRef %v does not name an emitted Password", name, ref)
		}
		if _, ok := es[name]; !ok {
			t.Errorf("%s: no ExternalSecret reads it back", name)
		}
		pushed := map[string]bool{}
		data, _, _ := unstructured.NestedSlice(spec, "data")
		for _, d := range data {
			remote, _, _ := unstructured.NestedString(d.(map[string]any), "match", "remoteRef", "remoteKey")
			format, _, _ := unstructured.NestedString(d.(map[string]any), "metadata", "spec", "secretPushFormat")
			if format != "string" {
				t.Errorf("%s: %s pushed as %q, want string", name, remote, format)
			}
			pushed[remote] = true
		}
		read, _, _ := unstructured.NestedSlice(es[name].Object, "spec", "data")
		for _, d := range read {
			key, _, _ := unstructured.NestedString(d.(map[string]any), "remoteRef", "key")
			if !pushed[key] {
				t.Errorf("%s: reads %s that its PushSecret does not create", name, key)
			}
		}
	}
	if len(passwords) != 3 {
		t.Errorf("got %d Password generators, want 3", len(passwords))
	}
}

// TestNoSecretValues: no Secret object, and every string is a name, a
// reference or a template, never a value.
func TestNoSecretValues(t *testing.T) {
	for _, env := range example.Environments() {
		for _, o := range build(t, example.Gateway(t, env)) {
			if o.GetKind() == "Secret" {
				t.Errorf("%s: emits a Secret %s", env, o.GetName())
			}
			for _, path := range [][]string{{"spec", "template", "data"}, {"spec", "target", "template", "data"}} {
				data, _, _ := unstructured.NestedStringMap(o.Object, path...)
				for k, v := range data {
					// Literals: the database user name and the ALB's OIDC
					// client ID, both public identifiers.
					g := example.Gateway(t, env)
					if !strings.Contains(v, "{{") && v != g.Contract().Database.Username &&
						(k != g.Contract().Secrets.ALBOIDC.ClientIDKey || v != g.SSO.ALBAuthentication.ClientID) {
						t.Errorf("%s: %s %s: template key %s holds a literal %q", env, o.GetKind(), o.GetName(), k, v)
					}
				}
			}
		}
	}
}

func TestModelKeys(t *testing.T) {
	tests := []struct {
		name    string
		models  []spec.Model
		want    []resolve.ModelKey
		wantErr string
	}{
		{"none", []spec.Model{{Name: "a", Model: "bedrock/x"}}, []resolve.ModelKey{}, ""},
		{"shared secret", []spec.Model{
			{Name: "a", Model: "azure/a", APIKeySecret: "azure-openai"},
			{Name: "b", Model: "azure/b", APIKeySecret: "azure-openai"},
			{Name: "c", Model: "openai/c", APIKeySecret: "team/openai.key"},
		}, []resolve.ModelKey{{Env: "MODEL_API_KEY_AZURE_OPENAI", Secret: "azure-openai"}, {Env: "MODEL_API_KEY_TEAM_OPENAI_KEY", Secret: "team/openai.key"}}, ""},
		{"collision", []spec.Model{
			{Name: "a", Model: "azure/a", APIKeySecret: "azure-openai"},
			{Name: "b", Model: "azure/b", APIKeySecret: "azure_openai"},
		}, nil, "both map to the environment variable MODEL_API_KEY_AZURE_OPENAI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolve.ModelKeys(tt.models)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestVariants covers a namespaced SecretStore, a custom prefix and models
// without API keys (no model-keys ExternalSecret), and the collision error.
// The custom prefix is dev's alone: environments never share a prefix.
func TestVariants(t *testing.T) {
	data := example.Data(t)
	src := strings.Replace(string(data), "  database:\n    instanceClass: db.r7g.large\n",
		"  database:\n    instanceClass: db.r7g.large\n  secrets:\n    prefix: teams/ai\n    store: {kind: SecretStore, name: sm}\n", 1)
	// Each environment its own prefix: a shared one is a spec error.
	for _, env := range []string{"staging", "prod"} {
		src = strings.Replace(src, "\n    "+env+":\n", "\n    "+env+":\n      secrets: {prefix: teams/ai-"+env+"}\n", 1)
	}
	src = strings.Replace(src, "        apiKeySecret: azure-openai\n", "", 1)
	objs := build(t, example.GatewayFrom(t, []byte(src), "dev"))
	if byKind(objs, "ExternalSecret")["ai-gateway-model-keys"] != nil {
		t.Error("model-keys ExternalSecret without any apiKeySecret")
	}
	for _, o := range byKind(objs, "ExternalSecret") {
		store, _, _ := unstructured.NestedStringMap(o.Object, "spec", "secretStoreRef")
		if store["kind"] != "SecretStore" || store["name"] != "sm" {
			t.Errorf("%s: store %v", o.GetName(), store)
		}
		data, _, _ := unstructured.NestedSlice(o.Object, "spec", "data")
		for _, d := range data {
			key, _, _ := unstructured.NestedString(d.(map[string]any), "remoteRef", "key")
			if !strings.HasPrefix(key, "teams/ai/") {
				t.Errorf("%s: remote key %s outside the prefix", o.GetName(), key)
			}
		}
	}

	bad := strings.Replace(string(data), "      - name: text-embedding\n        model: bedrock/amazon.titan-embed-text-v2:0\n",
		"      - name: text-embedding\n        model: azure/text-embedding\n        apiKeySecret: azure_openai\n", 1)
	g := example.GatewayFrom(t, []byte(bad), "dev")
	if _, err := secrets.New().Build(context.Background(), &component.Input{Gateway: g}); err == nil || !strings.Contains(err.Error(), "MODEL_API_KEY_AZURE_OPENAI") {
		t.Errorf("collision: err = %v", err)
	}
}
