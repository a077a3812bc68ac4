package render

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestEncodeYAMLIsSigsYAML checks that encodeYAML writes what
// sigs.k8s.io/yaml.Marshal writes, for the values that take the direct
// go-yaml path and for those that do not.
func TestEncodeYAMLIsSigsYAML(t *testing.T) {
	type notJSON struct {
		FieldName string `json:"fieldName"`
	}
	objs := []map[string]any{
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "scalars"}, "data": map[string]any{
			"empty": "", "true": "true", "yes": "yes", "on": "on", "null": "null", "tilde": "~", "int": "123", "octal": "0755",
			"float": "1.5", "exp": "1e3", "date": "2024-10-21", "colon": "a: b", "hash": "a #b", "dash": "- x", "star": "*x",
			"amp": "&x", "bang": "!x", "pct": "%x", "at": "@x", "backtick": "`x", "quote": `"x"`, "single": "'x'",
			"brace": "{x}", "bracket": "[x]", "pipe": "|x", "gt": ">x", "lead": " x", "trail": "x ", "tab": "a\tb",
			"multi": "line one\nline two\n", "multiNoEOL": "a\nb", "crlf": "a\r\nb", "unicode": "grüße ✓", "ctrl": "a\x01b",
			"long":  strings.Repeat("word ", 40),
			"html":  "<a href=\"x\">&</a>",
			"url":   "https://example.com/a?b=c&d=e",
			"model": "bedrock/anthropic.claude-sonnet-4-20250514-v1:0",
		}},
		{"apiVersion": "v1", "kind": "List", "metadata": map[string]any{"name": "numbers"}, "items": []any{
			0, 1, -1, int32(4000), int64(math.MaxInt64), int64(math.MinInt64), 0.5, -0.25, 630.0, 999999.0, 1e21, 1e22, 1e-7, 3.14159, 1234567.5,
			true, false, nil, []any{}, map[string]any{}, []any{[]any{"nested"}}, map[string]any{"b": 1, "a": 2, "a10": 3, "a9": 4},
		}},
		{"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": "typed", "labels": map[string]string{"z": "1", "a": "true"}},
			"list": []string{"x", "", "no"}},
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "fallback"}, "spec": notJSON{FieldName: "json name"}},
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "floats"}, "data": []any{123456789.0, 1e6, -1e7, 1e20, math.Copysign(0, -1)}},
	}
	var want bytes.Buffer
	for i, o := range objs {
		b, err := yaml.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			want.WriteString("---\n")
		}
		want.Write(b)
	}
	got, err := encodeYAML(objs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("encodeYAML differs from sigs.k8s.io/yaml:\n--- got\n%s\n--- want\n%s", got, want.Bytes())
	}
	if isJSONValue(objs[3]) || isJSONValue(objs[4]) || !isJSONValue(objs[0]) || !isJSONValue(objs[1]) || !isJSONValue(objs[2]) {
		t.Error("isJSONValue misclassifies the test objects")
	}
}
