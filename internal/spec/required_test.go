package spec

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// requiredPaths lists the fields of t tagged required, outside lists, read
// from the tags independently of the validator's plan.
func requiredPaths(t reflect.Type, segs []string) [][]string {
	var out [][]string
	for _, f := range fieldsOf(t) {
		s := append(slices.Clone(segs), f.name)
		if f.tag.Get("required") == "true" {
			out = append(out, s)
		}
		if f.typ.Kind() == reflect.Struct {
			out = append(out, requiredPaths(f.typ, s)...)
		}
	}
	return out
}

// TestRequiredSettings: leaving out any required field of the settings
// (from the base, with no environment setting it) is reported at that
// field, or at the required fields of a section the defaults partly fill,
// or at the section it leaves empty; nothing else is reported.
func TestRequiredSettings(t *testing.T) {
	paths := requiredPaths(reflect.TypeFor[Settings](), nil)
	if len(paths) < 15 {
		t.Fatalf("only %d required fields found", len(paths))
	}
	for _, segs := range paths {
		t.Run(strings.Join(segs, "."), func(t *testing.T) {
			var doc map[string]any
			if err := yaml.Unmarshal([]byte(minimalSpec), &doc); err != nil {
				t.Fatal(err)
			}
			node := doc["spec"].(map[string]any)
			for _, s := range segs[:len(segs)-1] {
				node = node[s].(map[string]any)
			}
			if _, ok := node[segs[len(segs)-1]]; !ok {
				t.Fatalf("the minimal spec does not set %s", strings.Join(segs, "."))
			}
			delete(node, segs[len(segs)-1])
			src, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			errs := environmentErrors(t, string(src), "dev")
			want := "spec." + strings.Join(segs, ".")
			// A section the defaults partly fill reports its own
			// required fields; a section left empty, itself.
			ok := len(errs) > 0
			for _, e := range errs {
				related := e.Path == want || strings.HasPrefix(e.Path, want+".") || strings.HasPrefix(want, e.Path+".")
				ok = ok && related && e.Msg == "required field is missing"
			}
			if !ok {
				t.Errorf("got errors %v, want %s (or its required fields) to be missing", errs, want)
			}
		})
	}
}

// TestRequiredAllocations: the check of the required fields reads the plan,
// made once; it allocates nothing for a valid environment (it reflected
// over the types on each call: 316 allocations).
func TestRequiredAllocations(t *testing.T) {
	env := mustEnvironment(t, minimalSpec, "dev")
	v := &validator{file: "x.yaml", pos: env.pos}
	val := reflect.ValueOf(&env.Settings).Elem()
	if n := testing.AllocsPerRun(100, func() { v.required(settingsPlan, val, "spec") }); n != 0 || len(v.errs) > 0 {
		t.Errorf("%v allocations and errors %v, want none", n, v.errs)
	}
}
