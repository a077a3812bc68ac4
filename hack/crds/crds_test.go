package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
)

const checkedIn = "../../third_party/crds"

// TestStrip checks which descriptions go: those of schema nodes at every
// depth, and no value that is data or a property name.
func TestStrip(t *testing.T) {
	in := `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
  annotations:
    description: kept
spec:
  versions:
  - name: v1
    additionalPrinterColumns:
    - name: Age
      description: printer columns are not schemas
    schema:
      openAPIV3Schema:
        description: root
        type: object
        properties:
          description:
            description: a property called description
            type: string
            default: x
          list:
            description: list
            type: array
            items:
              description: item
              type: object
              additionalProperties:
                description: value
                type: string
          flag:
            type: object
            additionalProperties: false
            default:
              description: data, not a schema
            x-kubernetes-validations:
            - rule: self.description != ''
              message: description required
          either:
            anyOf:
            - description: one
              type: integer
            - description: two
              type: string
            not:
              description: never
            x-kubernetes-int-or-string: true
`
	want := `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
  annotations:
    description: kept
spec:
  versions:
  - name: v1
    additionalPrinterColumns:
    - name: Age
      description: printer columns are not schemas
    schema:
      openAPIV3Schema:
        type: object
        properties:
          description:
            type: string
            default: x
          list:
            type: array
            items:
              type: object
              additionalProperties:
                type: string
          flag:
            type: object
            additionalProperties: false
            default:
              description: data, not a schema
            x-kubernetes-validations:
            - rule: self.description != ''
              message: description required
          either:
            anyOf:
            - type: integer
            - type: string
            not: {}
            x-kubernetes-int-or-string: true
`
	crds, err := decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if n := strip(crds[0]); n != 8 {
		t.Errorf("removed %d descriptions, want 8", n)
	}
	got, err := encode(crds)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("stripped:\n%s\nwant:\n%s", got, want)
	}
}

func TestDecodeRefusesOtherKinds(t *testing.T) {
	for _, in := range []string{
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
		"apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: x}\n",
		"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {}\n",
		"apiVersion: [\n",
	} {
		if _, err := decode([]byte(in)); err == nil {
			t.Errorf("decode(%q) succeeded", in)
		}
	}
}

// TestCheckedIn checks the copies in third_party/crds without the upstream
// files: each is what the generator writes (stripping it again removes
// nothing and re-encoding changes no byte), each document is a valid
// CustomResourceDefinition whose schemas compile (structural, CEL), and the
// README names each file.
func TestCheckedIn(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(checkedIn, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, src := range sources {
		entries, err := os.ReadDir(filepath.Join(checkedIn, filepath.FromSlash(src.dir)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			files++
			rel := src.dir + "/" + e.Name()
			data, err := os.ReadFile(filepath.Join(checkedIn, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			crds, err := decode(data)
			if err != nil {
				t.Errorf("%s: %v", rel, err)
				continue
			}
			for _, c := range crds {
				if n := strip(c); n != 0 {
					t.Errorf("%s: %s has %d schema descriptions", rel, c.name, n)
				}
			}
			if again, err := encode(crds); err != nil || !bytes.Equal(again, data) {
				t.Errorf("%s is not what hack/crds writes (%v)", rel, err)
			}
			for i, doc := range bytes.Split(data, []byte("---\n"))[1:] {
				var crd apiextensionsv1.CustomResourceDefinition
				if err := yaml.UnmarshalStrict(doc, &crd); err != nil {
					t.Errorf("%s document %d: %v", rel, i+1, err)
				}
			}
			if !strings.Contains(string(readme), "| "+rel+" |") {
				t.Errorf("README.md does not name %s", rel)
			}
		}
	}
	if files == 0 {
		t.Fatal("no CRDs in " + checkedIn)
	}
	if _, err := crdschema.Load(checkedIn); err != nil {
		t.Fatal(err)
	}
}

// TestDescriptionPropertyKept checks a real property named description (WAF
// IP sets) survived stripping, so objects that set it still validate.
func TestDescriptionPropertyKept(t *testing.T) {
	set, err := crdschema.Load(filepath.Join(checkedIn, "aws-provider"))
	if err != nil {
		t.Fatal(err)
	}
	ipset := map[string]any{
		"apiVersion": "wafv2.aws.m.upbound.io/v1beta1",
		"kind":       "IPSet",
		"metadata":   map[string]any{"name": "allow", "namespace": "n"},
		"spec": map[string]any{"forProvider": map[string]any{
			"description":      "platform allowlist",
			"ipAddressVersion": "IPV4",
			"region":           "eu-west-1",
			"scope":            "REGIONAL",
			"addresses":        []any{"10.0.0.0/8"},
		}},
	}
	if err := set.Validate(ipset); err != nil {
		t.Fatal(err)
	}
}
