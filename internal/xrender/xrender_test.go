package xrender

import (
	"os"
	"path/filepath"
	"testing"

	xpv2 "github.com/crossplane/crossplane/apis/v2/apiextensions/v2"
	extv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"

	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update
)

func TestModuleVersion(t *testing.T) {
	tests := []struct {
		name, gomod, want string
		wantErr           bool
	}{
		{"block", "module x\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgithub.com/a/b/c v0.1.0\n)\n", "v1.2.3", false},
		{"single line", "module x\nrequire github.com/a/b v0.5.0\n", "v0.5.0", false},
		{"prefix of another module", "module x\nrequire github.com/a/bc v9.9.9\n", "", true},
		{"missing", "module x\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "go.mod")
			if err := os.WriteFile(file, []byte(tt.gomod), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := moduleVersion(file, "github.com/a/b")
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("moduleVersion = %q, %v; want %q (error: %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestCompositeCRD(t *testing.T) {
	scope := xpv2.CompositeResourceScope("")
	xrd := &xpv2.CompositeResourceDefinition{}
	xrd.SetName("things.example.org")
	xrd.Spec = xpv2.CompositeResourceDefinitionSpec{
		Group: "example.org",
		Names: extv1.CustomResourceDefinitionNames{Kind: "Thing", Plural: "things", Categories: []string{"x"}},
		Scope: scope,
		Versions: []xpv2.CompositeResourceDefinitionVersion{{
			Name: "v1", Served: true, Referenceable: true,
			Schema: &xpv2.CompositeResourceValidation{OpenAPIV3Schema: runtime.RawExtension{Raw: []byte(
				`{"type":"object","properties":{"spec":{"type":"object","required":["size"],"properties":{"size":{"type":"integer"}}},` +
					`"status":{"type":"object","properties":{"ready":{"type":"boolean"}}}}}`)}},
		}},
	}
	crd, err := CompositeCRD(xrd)
	if err != nil {
		t.Fatal(err)
	}
	if crd.Spec.Scope != extv1.NamespaceScoped {
		t.Errorf("scope %s: an XRD without scope is Namespaced in v2", crd.Spec.Scope)
	}
	if got := crd.Spec.Names.Categories; len(got) != 2 || got[1] != "composite" {
		t.Errorf("categories %v", got)
	}
	v := crd.Spec.Versions[0]
	if !v.Storage || v.Subresources == nil || v.Subresources.Status == nil {
		t.Errorf("version %s: storage %v, subresources %v", v.Name, v.Storage, v.Subresources)
	}
	s := v.Schema.OpenAPIV3Schema
	spec := s.Properties["spec"]
	if _, ok := spec.Properties["crossplane"].Properties["compositionRef"]; !ok {
		t.Error("no spec.crossplane.compositionRef")
	}
	if _, ok := spec.Properties["size"]; !ok || len(spec.Required) != 1 {
		t.Errorf("the XRD's spec is not kept: %+v", spec)
	}
	if _, ok := s.Properties["status"].Properties["conditions"]; !ok {
		t.Error("no status.conditions")
	}
	if _, ok := s.Properties["status"].Properties["ready"]; !ok {
		t.Error("the XRD's status is not kept")
	}
	if n := s.Properties["metadata"].Properties["name"].MaxLength; n == nil || *n != 63 {
		t.Errorf("metadata.name maxLength %v", n)
	}

	xrd.Spec.Scope = "LegacyCluster"
	if _, err := CompositeCRD(xrd); err == nil {
		t.Error("a LegacyCluster XRD was derived")
	}
}

func TestParseObjects(t *testing.T) {
	objs, err := ParseObjects([]byte("---\n# empty\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\n"))
	if err != nil || len(objs) != 1 || objs[0].GetName() != "a" {
		t.Fatalf("ParseObjects = %v, %v", objs, err)
	}
	data, err := MarshalObjects(objs)
	if err != nil || string(data) != "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n" {
		t.Errorf("MarshalObjects = %q, %v", data, err)
	}
}
