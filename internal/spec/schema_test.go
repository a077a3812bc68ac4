package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"
)

// TestSchemaValidatesSpecs: a JSON Schema validator (draft 2020-12) given
// the generated schema accepts the example and the minimal spec, and
// refuses what the tags refuse that the schema can say (a moving image
// tag, an old TLS policy, too many models or environments, an environment
// name that is not a short DNS label or is reserved for previews), as the
// validator does.
func TestSchemaValidatesSpecs(t *testing.T) {
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	example, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var models, envs strings.Builder
	for i := range MaxModels + 1 {
		fmt.Fprintf(&models, "      - {name: m%d, model: m}\n", i)
	}
	for i := range MaxEnvironments + 1 {
		fmt.Fprintf(&envs, "    e%d: {}\n", i)
	}
	edit := func(old, new string) string { return strings.Replace(minimalSpec, old, new, 1) }
	tests := []struct {
		name, src string
		valid     bool
	}{
		{"example", string(example), true},
		{"minimal", minimalSpec, true},
		{"modern TLS policy", edit("    dev: {}\n", "    dev: {edge: {tlsPolicy: ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09}}\n"), true},
		{"TLS 1.0 policy", edit("    dev: {}\n", "    dev: {edge: {tlsPolicy: ELBSecurityPolicy-2016-08}}\n"), false},
		{"latest image tag", edit("version: v1.77.7-stable", "version: latest"), false},
		{"main-latest image tag in an environment", edit("    dev: {}\n", "    dev: {litellm: {version: main-latest}}\n"), false},
		{"too many models", edit("      - name: m\n        model: m\n", models.String()), false},
		{"too many environments", edit("    dev: {}\n", envs.String()), false},
		{"environment named like a word", edit("    dev: {}\n", "    dev: {}\n    prod: {}\n    pr: {}\n"), true},
		{"environment name not a DNS label", edit("    dev: {}\n", "    dev: {}\n    Prod: {}\n"), false},
		{"environment name of 21 characters", edit("    dev: {}\n", "    dev: {}\n    "+strings.Repeat("e", 21)+": {}\n"), false},
		{"environment named like a preview", edit("    dev: {}\n", "    dev: {}\n    pr-7: {}\n"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			if err := yaml.Unmarshal([]byte(tt.src), &v); err != nil {
				t.Fatal(err)
			}
			j, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
			if err != nil {
				t.Fatal(err)
			}
			schemaErr := schema.Validate(inst)
			if (schemaErr == nil) != tt.valid {
				t.Errorf("schema: %v, want valid %v", schemaErr, tt.valid)
			}
			doc, err := Parse("aigateway.yaml", []byte(tt.src))
			for _, name := range docEnvironments(doc, err) {
				if _, err = doc.Environment(name); err != nil {
					break
				}
			}
			if (err == nil) != tt.valid {
				t.Errorf("validator: %v, want valid %v", err, tt.valid)
			}
		})
	}
}

// docEnvironments is the environments of doc, none if Parse failed.
func docEnvironments(doc *Document, err error) []string {
	if err != nil {
		return nil
	}
	return doc.Environments()
}
