package secrets_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// esoCRDs loads the upstream External Secrets CRDs (never a copy).
func esoCRDs(t testing.TB) *crdschema.Set {
	t.Helper()
	dir, err := kubetest.CRDsDir()
	if err != nil {
		t.Fatal(err)
	}
	set, err := crdschema.Load(filepath.Join(dir, "external-secrets"))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestObjectsMatchCRDs validates every object of every example environment
// against the upstream CRDs (unknown fields, OpenAPI schema, CEL rules), and
// wants each object already in its defaulted form, so that Argo CD shows no
// permanent difference with what the API server stores.
func TestObjectsMatchCRDs(t *testing.T) {
	crds := esoCRDs(t)
	for _, env := range example.Environments() {
		for _, o := range build(t, example.Gateway(t, env)) {
			if o.GetAPIVersion() == "v1" {
				continue // core objects: the API server tests check them
			}
			if err := crds.Validate(o.Object); err != nil {
				t.Errorf("%s: %v", env, err)
				continue
			}
			def, err := crds.Defaulted(o.Object)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(def, o.Object) {
				got, _ := yaml.Marshal(o.Object)
				want, _ := yaml.Marshal(def)
				t.Errorf("%s: %s %s differs from its defaulted form:\n%s\nvs\n%s", env, o.GetKind(), o.GetName(), got, want)
			}
		}
	}
}

// TestValidatorCatchesMistakes makes sure the schema check is not vacuous.
func TestValidatorCatchesMistakes(t *testing.T) {
	crds := esoCRDs(t)
	var push *unstructured.Unstructured
	for _, o := range build(t, example.Gateway(t, "dev")) {
		if o.GetKind() == "PushSecret" {
			push = o
			break
		}
	}
	if push == nil {
		t.Fatal("no PushSecret")
	}
	tests := []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"unknown field", func(m map[string]any) { m["spec"].(map[string]any)["updatePolicyy"] = "IfNotExists" }},
		{"bad enum", func(m map[string]any) { m["spec"].(map[string]any)["updatePolicy"] = "Sometimes" }},
		{"missing required", func(m map[string]any) { delete(m["spec"].(map[string]any), "selector") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := push.DeepCopy()
			tt.mutate(o.Object)
			if err := crds.Validate(o.Object); err == nil {
				t.Error("accepted")
			}
		})
	}
}
