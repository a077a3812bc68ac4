package spec

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the decoder and every environment merge:
// user input must give an error or a value, never a panic.
func FuzzParse(f *testing.F) {
	for _, p := range []string{example, "../../cmd/aigw/testdata/minimal.yaml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("apiVersion: aigw.dev/v1alpha1\nkind: AIGateway\nmetadata: {name: a}\nspec: {environments: {a: &x {b: *x}}}\n"))
	f.Add([]byte("spec: [1, 2]\n"))
	// Nested params: secrets at depth, aliases, deep nesting, odd tags.
	for _, params := range []string{
		"{extra_headers: {Authorization: Bearer abcdefghijkl}, fallbacks: [{api_key: sk-abcdefghijklmnopqrstu}]}",
		"{a: &x {b: [1, 2.5, true, null, {c: d}]}, e: *x, f: [*x, *x]}",
		"{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: 1}}}}}}}}}}}}}}}}}",
		"{b: !!binary aGk=, t: 2025-01-01, n: .nan, 1: one, [k]: v}",
	} {
		f.Add([]byte(strings.Replace(minimalSpec, "model: m\n", "model: m\n        params: "+params+"\n", 1)))
	}
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("fuzz.yaml", data)
		if err != nil {
			if len(Errors(err)) == 0 {
				t.Fatalf("error is not a spec error: %v", err)
			}
			return
		}
		for _, e := range doc.Environments() {
			_, _ = doc.Environment(e)
		}
	})
}
