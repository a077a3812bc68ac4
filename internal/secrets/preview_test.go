package secrets_test

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestPreview: a preview's generated Secrets come from the generators
// straight into the namespace, once, with no PushSecret and no store; the
// secrets people create are read from the previews' prefix only.
func TestPreview(t *testing.T) {
	g := example.Preview(t, "42")
	objs := build(t, g)

	if n := len(byKind(objs, "PushSecret")); n != 0 {
		t.Errorf("%d PushSecrets in a preview: nothing may be written to Secrets Manager", n)
	}
	generated := map[string][]string{ // Secret → generated keys
		g.Contract().Secrets.Database.Name:    {"password"},
		g.Contract().Secrets.Valkey.Name:      {"token"},
		g.Contract().Secrets.LiteLLMKeys.Name: {"masterKey", "saltKey"},
	}
	passwords := byKind(objs, "Password")
	es := byKind(objs, "ExternalSecret")
	for name, keys := range generated {
		p, ok := passwords[name]
		if !ok {
			t.Errorf("no Password generator %s", name)
			continue
		}
		if got, _, _ := unstructured.NestedStringSlice(p.Object, "spec", "secretKeys"); !reflect.DeepEqual(got, keys) {
			t.Errorf("%s generates %v, want %v", name, got, keys)
		}
		o := es[name]
		if o == nil {
			t.Errorf("no ExternalSecret %s", name)
			continue
		}
		if _, found := o.Object["spec"].(map[string]any)["secretStoreRef"]; found {
			t.Errorf("%s reads a secret store", name)
		}
		if policy, _, _ := unstructured.NestedString(o.Object, "spec", "refreshPolicy"); policy != "CreatedOnce" {
			t.Errorf("%s refreshPolicy %q: a later sync would replace the values the data stores were initialised with", name, policy)
		}
		from, _, _ := unstructured.NestedSlice(o.Object, "spec", "dataFrom")
		ref, _, _ := unstructured.NestedStringMap(from[0].(map[string]any), "sourceRef", "generatorRef")
		if len(from) != 1 || ref["kind"] != "Password" || ref["name"] != name {
			t.Errorf("%s dataFrom %v, want its Password generator", name, from)
		}
	}
	tmpl, _, _ := unstructured.NestedStringMap(es[g.Contract().Secrets.Valkey.Name].Object, "spec", "target", "template", "data")
	if acl := tmpl[g.Contract().Secrets.Valkey.ACLKey]; !strings.HasPrefix(acl, "user default on >{{ .token }} ") {
		t.Errorf("Valkey ACL template %q", acl)
	}
	keys, _, _ := unstructured.NestedStringMap(es[g.Contract().Secrets.LiteLLMKeys.Name].Object, "spec", "target", "template", "data")
	if keys["masterKey"] != "sk-{{ .masterKey }}" {
		t.Errorf("master key template %q: LiteLLM master keys start with sk-", keys["masterKey"])
	}

	read := map[string]string{
		g.Contract().Secrets.SSO.Name:     "aigw/ai-gateway/previews/entra-client-secret",
		g.Contract().Secrets.ModelKeys:    "aigw/ai-gateway/previews/azure-openai",
		g.Contract().Secrets.License.Name: "aigw/ai-gateway/previews/litellm-license",
	}
	if len(es) != len(generated)+len(read) {
		t.Errorf("%d ExternalSecrets, want %d", len(es), len(generated)+len(read))
	}
	for name, remote := range read {
		data, _, _ := unstructured.NestedSlice(es[name].Object, "spec", "data")
		if len(data) != 1 || data[0].(map[string]any)["remoteRef"].(map[string]any)["key"] != remote {
			t.Errorf("%s reads %v, want %s", name, data, remote)
		}
		if store, _, _ := unstructured.NestedStringMap(es[name].Object, "spec", "secretStoreRef"); store["kind"] != "ClusterSecretStore" || store["name"] != "aigw-previews" {
			t.Errorf("%s reads through %v, want the previews' own store", name, store)
		}
	}

	crds := esoCRDs(t)
	for _, o := range objs {
		if err := crds.Validate(o.Object); err != nil {
			t.Error(err)
			continue
		}
		if def, err := crds.Defaulted(o.Object); err != nil || !reflect.DeepEqual(def, o.Object) {
			t.Errorf("%s %s differs from its defaulted form (%v)", o.GetKind(), o.GetName(), err)
		}
	}
}
