package spec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
)

// tagCase is one field's tag rule, read from the struct tags by reflection
// independently of the validator's plan, and a value that breaks it.
type tagCase struct {
	// segs locate the field from spec: names, and 0 for a list's first item.
	segs []any
	rule string
	bad  any
	// wantMsg is a part of the message the validator must report.
	wantMsg string
}

func (c tagCase) path() string {
	var b strings.Builder
	for _, s := range c.segs {
		switch s := s.(type) {
		case string:
			b.WriteString("." + s)
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		}
	}
	return b.String()
}

// tagCases lists a breaking value for every rule tag on the fields of t.
// inList is true for the fields of list items, where required is a rule of
// the tags too.
func tagCases(t *testing.T, typ reflect.Type, segs []any, inList bool) []tagCase {
	var out []tagCase
	for _, f := range fieldsOf(typ) {
		ft := f.typ
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		s := append(slices.Clone(segs), f.name)
		at := s
		if ft.Kind() == reflect.Slice {
			at = append(slices.Clone(s), 0)
		}
		switch {
		case ft.Kind() == reflect.Struct:
			out = append(out, tagCases(t, ft, s, inList)...)
			continue
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, tagCases(t, ft.Elem(), at, true)...)
			continue
		}
		tag := f.tag
		if v := tag.Get("minimum"); v != "" {
			n, _ := strconv.ParseInt(v, 10, 64)
			out = append(out, tagCase{s, "minimum " + v, n - 1, fmt.Sprintf("must be at least %d, not %d", n, n-1)})
		}
		if v := tag.Get("maximum"); v != "" {
			n, _ := strconv.ParseInt(v, 10, 64)
			out = append(out, tagCase{s, "maximum " + v, n + 1, fmt.Sprintf(" and %d, not %d", n, n+1)})
		}
		for _, k := range []string{"maxItems", "maxProperties"} {
			if v := tag.Get(k); v != "" {
				n, ok := sizeLimits[v]
				if !ok {
					n, _ = strconv.Atoi(v)
				}
				out = append(out, tagCase{s, k + " " + v, entries(n + 1), fmt.Sprintf("%d %s is more than the limit of %d", n+1, f.name, n)})
			}
		}
		if v := tag.Get("maxLength"); v != "" {
			n, _ := strconv.Atoi(v)
			out = append(out, tagCase{at, "maxLength " + v, strings.Repeat("a", n+1), fmt.Sprintf("is longer than %d characters", n)})
		}
		if v := tag.Get("pattern"); v != "" {
			bad := "Not Valid!"
			if samples := patternSamples[v].invalid; len(samples) > 0 {
				bad = samples[0]
			}
			out = append(out, tagCase{at, "pattern " + v, bad, patterns[v].message(bad)})
		}
		if v := tag.Get("not"); v != "" {
			for _, bad := range exclusions[v].values {
				out = append(out, tagCase{at, "not " + bad, bad, fmt.Sprintf(exclusions[v].format, bad)})
			}
		}
		if v := tag.Get("enum"); v != "" {
			out = append(out, tagCase{at, "enum " + v, "not-an-option", `, not "not-an-option"`})
		}
		// A map's keys: an entry, valid alone, under each bad key.
		if v := tag.Get("keys"); v != "" {
			for _, bad := range patternSamples[v].invalid {
				out = append(out, tagCase{append(slices.Clone(s), bad), "keys " + v, map[string]any{}, patterns[v].message(bad)})
			}
		}
		if v := tag.Get("notKeys"); v != "" {
			for _, bad := range exclusionSamples[v] {
				out = append(out, tagCase{append(slices.Clone(s), bad), "notKeys " + v, map[string]any{}, fmt.Sprintf(exclusions[v].format, bad)})
			}
		}
		if lo, hi, ok := quantityBounds(tag); ok {
			below := resource.MustParse(lo)
			below.Sub(resource.MustParse("1m"))
			above := resource.MustParse(hi)
			above.Add(above)
			out = append(out,
				tagCase{s, "quantity syntax", "-1", "is not a Kubernetes quantity"},
				tagCase{s, "quantity minimum " + lo, below.String(), "is out of range"},
				tagCase{s, "quantity maximum " + hi, above.String(), "is out of range"})
		}
		if inList && tag.Get("required") == "true" && ft.Kind() == reflect.String {
			out = append(out, tagCase{s, "required", "", "required field is missing"})
		}
	}
	return out
}

// exclusionSamples are values of the exclusions given by an expression
// (those given by values are their own samples).
var exclusionSamples = map[string][]string{
	"previewName": {"pr-7", "pr-0", "pr-12345"},
}

// TestExclusionSamples: an exclusion given by an expression refuses its
// samples and lets near misses through.
func TestExclusionSamples(t *testing.T) {
	allowed := map[string][]string{
		"previewName": {"pr", "pr-", "pr-a", "pr-7a", "xpr-7", "prod-7", "pr-7\n", "PR-7"},
	}
	for name, x := range exclusions {
		if x.expr == "" {
			continue
		}
		if len(exclusionSamples[name]) == 0 || len(allowed[name]) == 0 {
			t.Errorf("exclusion %s has no samples", name)
		}
		for _, s := range exclusionSamples[name] {
			if !x.excludes(s) {
				t.Errorf("exclusion %s lets %q through", name, s)
			}
		}
		for _, s := range allowed[name] {
			if x.excludes(s) {
				t.Errorf("exclusion %s refuses %q", name, s)
			}
		}
	}
}

// entries stands for a list or map of n entries that are valid alone:
// copies of a list's valid first item, or environments with no settings.
type entries int

// grow replaces a bad value of type entries by n entries like first (a
// list item; nil for a map of environments).
func grow(bad any, first any) any {
	n, ok := bad.(entries)
	if !ok {
		return bad
	}
	if first == nil {
		m := map[string]any{}
		for i := range int(n) {
			m[fmt.Sprintf("e%d", i)] = map[string]any{}
		}
		return m
	}
	l := make([]any, n)
	for i := range l {
		l[i] = first
	}
	return l
}

// get returns the value at segs in a JSON tree, nil when there is none.
func get(tree any, segs []any) any {
	for _, s := range segs {
		switch s := s.(type) {
		case string:
			m, _ := tree.(map[string]any)
			tree = m[s]
		case int:
			l, _ := tree.([]any)
			if s >= len(l) {
				return nil
			}
			tree = l[s]
		}
	}
	return tree
}

// caseContext are sibling fields a case sets so that it breaks only its
// own rule.
var caseContext = map[string]map[string]any{
	".litellm.chart.repository": {"version": "1.0.0"},
}

// TestTagRulesEnforced: for every rule tag (minimum, maximum, maxLength,
// maxItems, maxProperties, pattern, enum, not, quantity, required in list
// items), a spec breaking exactly that rule in an environment fails with
// one error, at that field. The other fields keep
// the valid values of a defaulted environment.
func TestTagRulesEnforced(t *testing.T) {
	env := mustEnvironment(t, minimalSpec, "dev")
	valid, err := json.Marshal(env.Settings)
	if err != nil {
		t.Fatal(err)
	}
	cases := tagCases(t, reflect.TypeFor[Settings](), nil, false)
	for _, c := range cases {
		t.Run(c.path()+" "+c.rule, func(t *testing.T) {
			// The override is the field's whole top-level section with
			// the bad value: maps merge, lists replace.
			var settings map[string]any
			if err := json.Unmarshal(valid, &settings); err != nil {
				t.Fatal(err)
			}
			set(t, settings, c.segs, grow(c.bad, get(settings, append(slices.Clone(c.segs), 0))))
			for k, v := range caseContext[c.path()] {
				set(t, settings, append(slices.Clone(c.segs[:len(c.segs)-1]), k), v)
			}
			top := c.segs[0].(string)
			override, err := json.Marshal(map[string]any{top: settings[top]})
			if err != nil {
				t.Fatal(err)
			}
			src := strings.Replace(minimalSpec, "    dev: {}\n", "    dev: "+string(override)+"\n", 1)
			errs := environmentErrors(t, src, "dev")
			want := "spec.environments.dev" + c.path()
			if len(errs) != 1 || errs[0].Path != want || !strings.Contains(errs[0].Msg, c.wantMsg) {
				t.Errorf("%s = %v: got errors %v, want one at %s saying %q", c.path(), c.bad, errs, want, c.wantMsg)
			}
		})
	}
	// The previews and the metadata are validated with the document.
	previews := tagCases(t, reflect.TypeFor[Previews](), nil, false)
	for _, c := range previews {
		fields := map[string]any{"from": "dev"}
		set(t, fields, c.segs, c.bad)
		b, _ := json.Marshal(fields)
		src := strings.Replace(minimalSpec, "  environments:\n", "  previews: "+string(b)+"\n  environments:\n", 1)
		_, err := Parse("x.yaml", []byte(src))
		errs := Errors(err)
		if want := "spec.previews" + c.path(); len(errs) != 1 || errs[0].Path != want || !strings.Contains(errs[0].Msg, c.wantMsg) {
			t.Errorf("%s = %v: got errors %v, want one at %s", want, c.bad, errs, want)
		}
	}
	metadata := tagCases(t, reflect.TypeFor[Metadata](), nil, false)
	for _, c := range metadata {
		fields := map[string]any{"name": "gw"}
		set(t, fields, c.segs, c.bad)
		b, _ := json.Marshal(fields)
		_, err := Parse("x.yaml", []byte(strings.Replace(minimalSpec, "metadata: {name: gw}", "metadata: "+string(b), 1)))
		errs := Errors(err)
		if want := "metadata" + c.path(); len(errs) != 1 || errs[0].Path != want || !strings.Contains(errs[0].Msg, c.wantMsg) {
			t.Errorf("%s = %v: got errors %v, want one at %s", want, c.bad, errs, want)
		}
	}
	// spec's own fields (environments) are validated with the document.
	var own []tagCase
	for _, c := range tagCases(t, reflect.TypeFor[GatewaySpec](), nil, false) {
		if c.segs[0] == "environments" {
			own = append(own, c)
		}
	}
	keyRules := map[string]int{}
	for _, c := range own {
		// The case's environments: too many, or one under a bad name.
		spec := map[string]any{}
		set(t, spec, c.segs, grow(c.bad, nil))
		b, _ := json.Marshal(spec["environments"])
		_, err := Parse("x.yaml", []byte(strings.Replace(minimalSpec, "  environments:\n    dev: {}\n", "  environments: "+string(b)+"\n", 1)))
		errs := Errors(err)
		// A key's message is the rule's own, without the field's hint.
		key := strings.HasPrefix(c.rule, "keys ") || strings.HasPrefix(c.rule, "notKeys ")
		if key {
			keyRules[c.rule[:strings.IndexByte(c.rule, ' ')]]++
		}
		if want := "spec" + c.path(); len(errs) != 1 || errs[0].Path != want || !strings.Contains(errs[0].Msg, c.wantMsg) || key && errs[0].Msg != c.wantMsg {
			t.Errorf("%s: got errors %v, want one at %s saying %q", want, errs, want, c.wantMsg)
		}
	}
	if len(own) == 0 || keyRules["keys"] == 0 || keyRules["notKeys"] == 0 {
		t.Errorf("tag rules on spec.environments: %d, of its names %v", len(own), keyRules)
	}
	n := len(cases) + len(previews) + len(metadata) + len(own)
	t.Logf("%d tag rules enforced", n)
	if n < 60 {
		t.Errorf("only %d tag rules found; the walk over the tags misses fields", n)
	}
}

// set puts value at segs in a JSON tree, creating mappings on the way.
func set(t *testing.T, tree map[string]any, segs []any, value any) {
	t.Helper()
	var node any = tree
	for i, s := range segs {
		last := i == len(segs)-1
		switch s := s.(type) {
		case string:
			m := node.(map[string]any)
			if last {
				m[s] = value
				return
			}
			if m[s] == nil {
				if _, isIndex := segs[i+1].(int); isIndex {
					m[s] = []any{nil}
				} else {
					m[s] = map[string]any{}
				}
			}
			node = m[s]
		case int:
			l := node.([]any)
			if last {
				l[s] = value
				return
			}
			node = l[s]
		}
	}
}

// TestSchemaCarriesTagRules: the JSON Schema has the bound, pattern and
// enum of every tagged field, where the field is (a list's on its items,
// but its maxItems on the list; a map's key rules in propertyNames).
func TestSchemaCarriesTagRules(t *testing.T) {
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	checked := 0
	var walk func(typ reflect.Type, node map[string]any, path string)
	walk = func(typ reflect.Type, node map[string]any, path string) {
		props, _ := node["properties"].(map[string]any)
		for _, f := range fieldsOf(typ) {
			p := path + "." + f.name
			fs, ok := props[f.name].(map[string]any)
			if !ok {
				t.Errorf("%s: not in the schema", p)
				continue
			}
			ft := f.typ
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			value := fs
			if items, ok := fs["items"].(map[string]any); ok {
				value = items
			}
			want := map[string]any{}
			for _, k := range []string{"minimum", "maximum", "maxLength"} {
				if v := f.tag.Get(k); v != "" {
					n, _ := strconv.ParseFloat(v, 64)
					want[k] = n
					if value[k] != n {
						t.Errorf("%s: schema %s %v, the tag says %s", p, k, value[k], v)
					}
				}
			}
			for _, k := range []string{"maxItems", "maxProperties"} {
				if v := f.tag.Get(k); v != "" {
					n, _ := sizeLimit(v)
					want[k] = float64(n)
					if fs[k] != float64(n) {
						t.Errorf("%s: schema %s %v, the tag says %s (%d)", p, k, fs[k], v, n)
					}
				}
			}
			if name := f.tag.Get("pattern"); name != "" {
				if vals := patterns[name].values; vals != nil {
					want["enum"] = vals
					got, _ := json.Marshal(value["enum"])
					if w, _ := json.Marshal(vals); string(got) != string(w) || value["pattern"] != nil {
						t.Errorf("%s: schema enum %s and pattern %v, the pattern %s is the set %s", p, got, value["pattern"], name, w)
					}
				} else {
					want["pattern"] = patterns[name].expr
				}
				if n := patterns[name].maxLength; n > 0 && f.tag.Get("maxLength") == "" && value["maxLength"] != float64(n) {
					t.Errorf("%s: schema maxLength %v, the pattern %s says %d", p, value["maxLength"], name, n)
				}
			}
			if k, nk := f.tag.Get("keys"), f.tag.Get("notKeys"); k != "" || nk != "" {
				want["propertyNames"] = k + nk
				w := map[string]any{"type": "string", "pattern": patterns[k].expr, "not": exclusions[nk].schema()}
				if n := patterns[k].maxLength; n > 0 {
					w["maxLength"] = n
				}
				got, _ := json.Marshal(fs["propertyNames"])
				if wb, _ := json.Marshal(w); string(got) != string(wb) {
					t.Errorf("%s: schema propertyNames %s, the keys and notKeys tags say %s", p, got, wb)
				}
			}
			if _, _, ok := quantityBounds(f.tag); ok {
				want["pattern"] = reQuantity.expr
			}
			if e, ok := want["pattern"]; ok && value["pattern"] != e {
				t.Errorf("%s: schema pattern %v, the tag says %v", p, value["pattern"], e)
			}
			if x := f.tag.Get("not"); x != "" {
				want["not"] = x
				got, _ := json.Marshal(value["not"])
				if w, _ := json.Marshal(map[string]any{"enum": exclusions[x].values}); string(got) != string(w) {
					t.Errorf("%s: schema not %s, the tag says %s", p, got, w)
				}
			}
			if e := f.tag.Get("enum"); e != "" {
				want["enum"] = e
				got, _ := json.Marshal(value["enum"])
				if w, _ := json.Marshal(strings.Split(e, ",")); string(got) != string(w) {
					t.Errorf("%s: schema enum %s, the tag says %s", p, got, w)
				}
			}
			if len(want) > 0 {
				checked++
			}
			switch {
			case ft.Kind() == reflect.Struct:
				walk(ft, fs, p)
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), value, p+"[]")
			}
		}
	}
	walk(reflect.TypeFor[AIGateway](), schema, "")
	t.Logf("%d tagged fields carried by the schema", checked)
	if checked < 50 {
		t.Errorf("only %d tagged fields in the schema", checked)
	}
}

// TestDefaultsSatisfyTagRules: the rules run before the defaults (a zero
// written is an error, not "unset"), so the defaults themselves must keep
// every tag rule, in every tier.
func TestDefaultsSatisfyTagRules(t *testing.T) {
	for _, tier := range []string{TierDevelopment, TierStaging, TierProduction} {
		src := strings.Replace(minimalSpec, "    dev: {}\n", "    dev: {tier: "+tier+", database: {allowUnprotected: true}}\n", 1)
		env := mustEnvironment(t, src, "dev")
		v := &validator{file: "x.yaml", pos: map[string]position{}}
		v.tags(settingsPlan, reflect.ValueOf(&env.Settings).Elem(), "spec")
		if len(v.errs) > 0 {
			t.Errorf("%s: the defaults break tag rules: %v", tier, v.errs)
		}
	}
}
