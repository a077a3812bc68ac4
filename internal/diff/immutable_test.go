package diff

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// renderedGroups are the API groups whose CRDs must agree with the
// immutable-field table: the kinds aigw renders.
var renderedGroups = map[string]bool{
	"gateway.networking.k8s.io":      true,
	"gateway.k8s.aws":                true,
	"karpenter.sh":                   true,
	"karpenter.k8s.aws":              true,
	"external-secrets.io":            true,
	"generators.external-secrets.io": true,
	PlatformGroup:                    true,
}

// equalityRule matches `self == oldSelf` and `self.f == oldSelf.f`.
var equalityRule = regexp.MustCompile(`^\s*self(\.[A-Za-z_][A-Za-z0-9_]*)?\s*==\s*oldSelf(\.[A-Za-z_][A-Za-z0-9_]*)?\s*$`)

// TestImmutableTableMatchesCRDs finds every immutability rule in the CRDs of
// the kinds aigw renders (third_party/crds) and in the XRDs of crossplane/,
// and wants each one in the immutable-field table, so that the danger
// section never misses a field the API server refuses to change.
func TestImmutableTableMatchesCRDs(t *testing.T) {
	crds, err := kubetest.CRDsDir()
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{"../../crossplane/apis", crds}
	found := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			r := utilyaml.NewYAMLReader(bufioReader(data))
			for {
				doc, err := r.Read()
				if err != nil {
					return nil
				}
				var def struct {
					Kind string
					Spec struct {
						Group    string
						Names    struct{ Kind string }
						Versions []struct {
							Schema struct {
								OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
							}
						}
					}
				}
				if yaml.Unmarshal(doc, &def) != nil || !renderedGroups[def.Spec.Group] {
					continue
				}
				if def.Kind != "CustomResourceDefinition" && def.Kind != "CompositeResourceDefinition" {
					continue
				}
				for _, v := range def.Spec.Versions {
					walkSchema(v.Schema.OpenAPIV3Schema, nil, func(path fieldPath, rule string) {
						found++
						if !isImmutable(def.Spec.Group, def.Spec.Names.Kind, path) {
							t.Errorf("%s: %s %s: rule %q at %s is not in immutableFields", p, def.Spec.Group, def.Spec.Names.Kind, rule, path)
						}
					})
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if found == 0 {
		t.Fatal("no immutability rule found: the XRDs in crossplane/apis have some")
	}
	t.Logf("%d immutability rules checked", found)
}

// walkSchema calls fn for each equality rule, with the path of the field it
// makes immutable. Rules inside list items are reported with an index path,
// which no map-key table entry matches, so they fail loudly.
func walkSchema(s map[string]any, path fieldPath, fn func(fieldPath, string)) {
	if rules, ok := s["x-kubernetes-validations"].([]any); ok {
		for _, r := range rules {
			m, _ := r.(map[string]any)
			rule, _ := m["rule"].(string)
			if sub := equalityRule.FindStringSubmatch(rule); sub != nil && sub[1] == sub[2] {
				p := path
				if sub[1] != "" {
					p = p.key(strings.TrimPrefix(sub[1], "."))
				}
				fn(p, rule)
			}
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for k, v := range props {
			if m, ok := v.(map[string]any); ok {
				walkSchema(m, path.key(k), fn)
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		walkSchema(items, path.index(0), fn)
	}
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
