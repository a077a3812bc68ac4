package litellm

import (
	"fmt"
	"reflect"
	"testing"
)

// TestParseObjectIsJSONRoute checks that parseObject gives what the JSON
// route (YAMLToJSON, then Unstructured.UnmarshalJSON) gives: the same
// object, or an error where that route fails.
func TestParseObjectIsJSONRoute(t *testing.T) {
	head := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
	values := []string{
		"1", "-1", "0", "-0", "0755", "0x1F", "1_000", "1.0", "1.5", "-2.50", "1e3", "1e6", "1.0e+21", "1e21", "1e22", "1e-7", "123456789.0",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551615", "1e400",
		".inf", "-.inf", ".nan", "~", "null", "", "true", "false", "yes", "no", "on", "off", "y", "n", "True", "NO",
		"2024-10-21", "2024-10-21T10:00:00Z", "12:30", "\"quoted\"", "'single'", "!!binary aGVsbG8=", "!!str 123", "!!int \"7\"",
		"[1, 2.5, x]", "{a: 1}", "{}", "[]", "|\n    multi\n    line", ">\n    folded\n    text",
		"{1: a, true: b, 1.5: c}", "{null: x}", "{[1]: x}", "&a x", "grüße",
	}
	var docs []string
	for i, v := range values {
		docs = append(docs, fmt.Sprintf("%sdata:\n  k%d: %s\n", head, i, v))
	}
	docs = append(docs,
		"", "---", "# only a comment", "{}", "[]", "just a string", "42", "kind: ConfigMap\n", "apiVersion: v1\n",
		"metadata:\n  name: no-kind\n", "kind: 7\nmetadata:\n  name: x\n", head+"1: numeric key\n", head+"true: bool key\n",
		head+"1.5: float key\n", head+"? [a]\n: complex key\n", "a: [unclosed\n", head+"dup: 1\ndup: 2\n", "kind: List\nitems: []\nmetadata:\n  name: l\n",
		"kind: ConfigMap\nmetadata: {}\n", "kind: ConfigMap\nmetadata:\n  name: 12\n",
	)
	for _, doc := range docs {
		got, gotErr := parseObject(doc)
		want, wantErr := parseObjectJSON(doc)
		if (gotErr != nil) != (wantErr != nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Errorf("%q: error %v, the JSON route gives %v", doc, gotErr, wantErr)
			continue
		}
		if (got == nil) != (want == nil) || (got != nil && !reflect.DeepEqual(got.Object, want.Object)) {
			t.Errorf("%q:\n got  %#v\n want %#v", doc, objectOf(got), objectOf(want))
		}
	}
}

func objectOf(o interface{ UnstructuredContent() map[string]any }) any {
	if reflect.ValueOf(o).IsNil() {
		return nil
	}
	return o.UnstructuredContent()
}
