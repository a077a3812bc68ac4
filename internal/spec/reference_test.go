package spec

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// Reference returns the spec reference in Markdown: one row per field with
// its path, type and documentation, generated from the same Go types and tags
// as the JSON Schema.
func Reference() []byte {
	var b bytes.Buffer
	b.WriteString("# aigateway.yaml reference\n\n")
	b.WriteString("Generated from the Go types (`internal/spec/types.go`) by `go test ./internal/spec -update`; do not edit.\n")
	b.WriteString("Every field under `spec` except `environments` and `previews` may also be set per environment in\n")
	b.WriteString("`spec.environments.<name>`, deep-merged over the base (maps merge, lists and scalars replace).\n")
	b.WriteString("Required means required after the merge.\n\n")
	b.WriteString("| field | type | required | description |\n|---|---|---|---|\n")
	refRows(&b, reflect.TypeOf(AIGateway{}), "")
	return b.Bytes()
}

func refRows(b *bytes.Buffer, t reflect.Type, prefix string) {
	for _, f := range fieldsOf(t) {
		path := prefix + f.name
		ft := f.typ
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		req := ""
		if f.tag.Get("required") == "true" {
			req = "yes"
		}
		doc := strings.ReplaceAll(f.tag.Get("doc"), "|", "\\|")
		if lo, hi, ok := quantityBounds(f.tag); ok {
			doc += " Between " + lo + " and " + hi + "."
		}
		doc += intBounds(f.tag)
		if n := f.tag.Get("maxLength"); n != "" {
			doc += " At most " + n + " characters."
		}
		for _, k := range []string{"maxItems", "maxProperties"} {
			if v := f.tag.Get(k); v != "" {
				n, _ := sizeLimit(v)
				doc += fmt.Sprintf(" At most %d.", n)
			}
		}
		if e := f.tag.Get("enum"); e != "" {
			doc += " One of: " + strings.ReplaceAll(e, ",", ", ") + "."
		}
		if x, ok := exclusions[f.tag.Get("not")]; ok {
			doc += " Not " + x.text() + "."
		}
		doc += keyRules(f.tag)
		if vals := patterns[f.tag.Get("pattern")].values; vals != nil {
			doc += " One of: " + strings.Join(vals, ", ") + "."
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", path, typeName(ft), req, doc)
		switch {
		case ft.Kind() == reflect.Struct:
			refRows(b, ft, path+".")
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			refRows(b, ft.Elem(), path+"[].")
		case ft.Kind() == reflect.Map && ft.Elem() == reflect.TypeOf(Settings{}):
			// environments: same fields as spec, documented above.
		}
	}
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "object"
	case reflect.Slice:
		return "list of " + typeName(t.Elem())
	case reflect.Map:
		if t.Elem() == reflect.TypeOf(Settings{}) {
			return "map of partial spec"
		}
		return "map of " + typeName(t.Elem())
	case reflect.Int32, reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Interface:
		return "any"
	}
	return t.Kind().String()
}

// keyRules states a map's keys and notKeys tags.
func keyRules(tag reflect.StructTag) string {
	p, ok := patterns[tag.Get("keys")]
	if !ok {
		return ""
	}
	doc := " Names match `" + p.expr + "`"
	if p.maxLength > 0 {
		doc += fmt.Sprintf(", at most %d characters", p.maxLength)
	}
	if x, ok := exclusions[tag.Get("notKeys")]; ok {
		doc += ", not `" + x.text() + "`"
	}
	return doc + "."
}

// intBounds states an integer field's minimum and maximum tags.
func intBounds(tag reflect.StructTag) string {
	lo, hi := tag.Get("minimum"), tag.Get("maximum")
	switch {
	case lo != "" && hi != "":
		return " Between " + lo + " and " + hi + "."
	case lo != "":
		return " At least " + lo + "."
	case hi != "":
		return " At most " + hi + "."
	}
	return ""
}
