package spec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// SchemaID is the $id of the generated JSON Schema.
const SchemaID = "https://aigw.dev/schemas/v1alpha1/aigateway.json"

// JSONSchema returns the JSON Schema (draft 2020-12) of aigateway.yaml,
// generated from the Go types and their rule tags (rules.go), doc and
// default. Fields inside environments are never required (they are
// partial specs); required fields of the merged result are checked by
// validation, which the schema cannot express.
func JSONSchema() ([]byte, error) {
	s := schemaOf(reflect.TypeOf(AIGateway{}), false)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "AIGateway"
	s["description"] = "aigw: one compact spec for a production AI gateway (LiteLLM) on AWS EKS."
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding schema: %w", err)
	}
	return append(b, '\n'), nil
}

// schemaOf builds the schema of t. partial is true inside Settings, where
// base and environments may each leave fields out.
func schemaOf(t reflect.Type, partial bool) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeOf(Settings{}) {
			partial = true
		}
		props := map[string]any{}
		var required []string
		for _, f := range fieldsOf(t) {
			fs := schemaOf(f.typ, partial)
			applyTags(fs, f.tag)
			props[f.name] = fs
			if f.tag.Get("required") == "true" && !partial {
				required = append(required, f.name)
			}
		}
		out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			out["required"] = required
		}
		return out
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), partial)}
	case reflect.Slice:
		// List items replace as a whole: their own required fields apply.
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), false)}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	}
	return map[string]any{}
}

func applyTags(s map[string]any, tag reflect.StructTag) {
	if d := tag.Get("doc"); d != "" {
		s["description"] = d
	}
	if d := tag.Get("default"); d != "" {
		s["default"] = d
	}
	// A list's enum and pattern constrain its items.
	value := s
	if items, ok := s["items"].(map[string]any); ok {
		value = items
	}
	if e := tag.Get("enum"); e != "" {
		value["enum"] = strings.Split(e, ",")
	}
	if name := tag.Get("pattern"); name != "" {
		if p := patterns[name]; p.values != nil {
			value["enum"] = p.values
		} else {
			value["pattern"] = p.expr
			if p.maxLength > 0 {
				value["maxLength"] = p.maxLength
			}
		}
	}
	if name := tag.Get("not"); name != "" {
		value["not"] = exclusions[name].schema()
	}
	// A map's keys: editors flag a bad environment name as it is typed.
	if k, nk := tag.Get("keys"), tag.Get("notKeys"); k != "" || nk != "" {
		names := map[string]any{"type": "string"}
		if p, ok := patterns[k]; ok {
			names["pattern"] = p.expr
			if p.maxLength > 0 {
				names["maxLength"] = p.maxLength
			}
		}
		if x, ok := exclusions[nk]; ok {
			names["not"] = x.schema()
		}
		s["propertyNames"] = names
	}
	// A quantity field's syntax and bounds come from the tag the validator
	// reads (quantity.go): editors flag "-1" or "0Gi" as it is typed.
	if lo, hi, ok := quantityBounds(tag); ok {
		s["pattern"] = reQuantity.expr
		s["maxLength"] = 32
		d, _ := s["description"].(string)
		s["description"] = strings.TrimSpace(d + " Between " + lo + " and " + hi + ".")
	}
	// A list's or map's size bounds the field itself, not its items.
	for _, k := range []string{"maxItems", "maxProperties"} {
		if v := tag.Get(k); v != "" {
			n, _ := sizeLimit(v)
			s[k] = n
		}
	}
	for _, k := range []string{"minimum", "maximum", "maxLength"} {
		if v := tag.Get(k); v != "" {
			n, _ := strconv.Atoi(v)
			value[k] = n
		}
	}
}
