package spec

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/api/resource"
)

// The per-field rules of the spec live in the struct tags of its types, and
// nowhere else: `minimum` and `maximum` (integers), `maxLength` (bytes of
// a string), `maxItems` (entries of a list) and `maxProperties` (keys of a
// map), a number or the name of a constant in sizeLimits, `pattern` (a name
// in patterns), `enum` (comma-separated values), `not` (a name in
// exclusions: values the field may not have), `quantity` (a Kubernetes
// quantity with bounds "MIN,MAX"), `keys` and `notKeys` (a pattern and an
// exclusion for every key of a map) and, for fields of list items,
// `required`. The same tags generate the JSON Schema (schema.go) and the
// reference (docs/spec.md); tagRules enforces them. A `hint` tag ends the
// field's rule messages with a reason in parentheses. Rules that relate
// fields (min <= max, allowlists as a set, secret names under a prefix) are
// written out in validate.go and the files named for them.

// fieldRule is the tag rules of one field, located from the plan's root.
type fieldRule struct {
	// path is the field path from the plan's root, starting with '.'.
	path  string
	index []int
	kind  ruleKind
	// required is enforced here for the string fields of list items
	// only: the fields of the settings are checked after the defaults
	// (validator.required).
	required         bool
	hasMin, hasMax   bool
	minimum, maximum int64
	maxLength        int
	// maxCount bounds the entries of a list or map (maxItems,
	// maxProperties); the message counts them with the field's name.
	maxCount int
	pattern  *pattern
	enum     []string
	not      *exclusion
	// qlo and qhi are the quantity bounds, qtag their text.
	qlo, qhi resource.Quantity
	qtag     [2]string
	hint     string
	// items is the plan of a list's struct items (kind itemList).
	items *rulePlan
	// keys is the rule of every key of a map (kind mapField), reported
	// at <path>.<key>, without the field's hint.
	keys *fieldRule
}

type ruleKind int

const (
	otherField ruleKind = iota
	intField
	stringField
	stringList
	itemList
	mapField
)

// rulePlan is the rules of one struct type, nested structs flattened.
type rulePlan struct {
	rules []fieldRule
	// required are the fields tagged required, in declaration order (a
	// struct before its fields), not those of list items (tagRules checks
	// them): checked after the defaults (validator.required).
	required []requiredField
}

// requiredField locates a field tagged required from the plan's root.
type requiredField struct {
	path  string
	index []int
}

// The plans are computed once from the types, which never change while
// the program runs, and are read-only afterwards: package-level immutable
// values rather than state (validation runs on every render, and the walk
// over the tags would otherwise be repeated per environment).
var (
	settingsPlan = sync.OnceValues(func() (*rulePlan, error) { return planOf(reflect.TypeFor[Settings]()) })
	previewsPlan = sync.OnceValues(func() (*rulePlan, error) { return planOf(reflect.TypeFor[Previews]()) })
	metadataPlan = sync.OnceValues(func() (*rulePlan, error) { return planOf(reflect.TypeFor[Metadata]()) })
	// specPlan is spec's own fields (environments): its inline settings
	// are checked per environment, merged (settingsPlan).
	specPlan = sync.OnceValues(func() (*rulePlan, error) {
		t := reflect.TypeFor[GatewaySpec]()
		own := slices.DeleteFunc(fieldsOf(t), func(f field) bool { return len(f.index) > 1 })
		return plan(t, own)
	})
)

// planOf reads the rule tags of struct type t.
func planOf(t reflect.Type) (*rulePlan, error) { return plan(t, fieldsOf(t)) }

// plan reads the rule tags of fields, of struct type t.
func plan(t reflect.Type, fields []field) (*rulePlan, error) {
	p := &rulePlan{}
	if err := p.add(fields, "", nil); err != nil {
		return nil, fmt.Errorf("rule tags of %s: %w", t, err)
	}
	return p, nil
}

func (p *rulePlan) add(fields []field, prefix string, index []int) error {
	for _, f := range fields {
		path := prefix + "." + f.name
		idx := append(slices.Clone(index), f.index...)
		ft := f.typ
		if f.tag.Get("required") == "true" {
			p.required = append(p.required, requiredField{path: path, index: idx})
		}
		if ft.Kind() == reflect.Struct {
			if err := p.add(fieldsOf(ft), path, idx); err != nil {
				return err
			}
			continue
		}
		r := fieldRule{path: path, index: idx, required: f.tag.Get("required") == "true", hint: f.tag.Get("hint")}
		switch {
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			items, err := planOf(ft.Elem())
			if err != nil {
				return err
			}
			r.kind = itemList
			if len(items.rules) > 0 {
				r.items = items
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			r.kind = stringList
		case ft.Kind() == reflect.String:
			r.kind = stringField
		case ft.Kind() == reflect.Int32 || ft.Kind() == reflect.Int64 || ft.Kind() == reflect.Int:
			r.kind = intField
		case ft.Kind() == reflect.Map:
			r.kind = mapField
		}
		ok, err := r.readTags(f.tag, ft)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if ok || r.required && r.kind == stringField || r.items != nil {
			p.rules = append(p.rules, r)
		}
	}
	return nil
}

// readTags fills r from tag and reports whether the field has a rule.
func (r *fieldRule) readTags(tag reflect.StructTag, t reflect.Type) (bool, error) {
	has := false
	for _, b := range []struct {
		name string
		set  *bool
		n    *int64
	}{{"minimum", &r.hasMin, &r.minimum}, {"maximum", &r.hasMax, &r.maximum}} {
		s := tag.Get(b.name)
		if s == "" {
			continue
		}
		if r.kind != intField {
			return false, fmt.Errorf("%s on a %s field", b.name, t)
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return false, fmt.Errorf("%s %q: %w", b.name, s, err)
		}
		*b.set, *b.n, has = true, n, true
	}
	if r.hasMin && r.hasMax && r.minimum > r.maximum {
		return false, fmt.Errorf("minimum %d is above maximum %d", r.minimum, r.maximum)
	}
	for _, c := range []struct {
		key string
		ok  bool
	}{{"maxItems", r.kind == stringList || r.kind == itemList}, {"maxProperties", r.kind == mapField}} {
		s := tag.Get(c.key)
		if s == "" {
			continue
		}
		n, err := sizeLimit(s)
		if err != nil {
			return false, fmt.Errorf("%s: %w", c.key, err)
		}
		if !c.ok || r.maxCount > 0 {
			return false, fmt.Errorf("%s on a %s field", c.key, t)
		}
		r.maxCount, has = n, true
	}
	textual := r.kind == stringField || r.kind == stringList
	if s := tag.Get("maxLength"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || !textual {
			return false, fmt.Errorf("maxLength %q on a %s field", s, t)
		}
		r.maxLength, has = n, true
	}
	if name := tag.Get("pattern"); name != "" {
		p, ok := patterns[name]
		if !ok || !textual {
			return false, fmt.Errorf("pattern %q is not defined or not on a string field", name)
		}
		r.pattern, has = &p, true
	}
	if e := tag.Get("enum"); e != "" {
		if !textual {
			return false, fmt.Errorf("enum on a %s field", t)
		}
		r.enum, has = strings.Split(e, ","), true
	}
	if name := tag.Get("not"); name != "" {
		x, ok := exclusions[name]
		if !ok || !textual {
			return false, fmt.Errorf("not %q is not defined or not on a string field", name)
		}
		r.not, has = &x, true
	}
	if k, nk := tag.Get("keys"), tag.Get("notKeys"); k != "" || nk != "" {
		if r.kind != mapField || t.Key().Kind() != reflect.String {
			return false, fmt.Errorf("keys or notKeys on a %s field", t)
		}
		keys := &fieldRule{path: r.path, kind: stringField}
		if k != "" {
			p, ok := patterns[k]
			if !ok {
				return false, fmt.Errorf("keys %q is not a pattern", k)
			}
			keys.pattern = &p
		}
		if nk != "" {
			x, ok := exclusions[nk]
			if !ok {
				return false, fmt.Errorf("notKeys %q is not an exclusion", nk)
			}
			keys.not = &x
		}
		r.keys, has = keys, true
	}
	if lo, hi, ok := quantityBounds(tag); ok {
		if r.kind != stringField {
			return false, fmt.Errorf("quantity on a %s field", t)
		}
		var err1, err2 error
		r.qlo, err1 = resource.ParseQuantity(lo)
		r.qhi, err2 = resource.ParseQuantity(hi)
		if err1 != nil || err2 != nil {
			return false, fmt.Errorf("quantity bounds %q,%q do not parse", lo, hi)
		}
		r.qtag, has = [2]string{lo, hi}, true
	}
	return has, nil
}

// tags applies the rules of plan to val, whose field path is prefix (see
// tagRules). A tag that does not read is a defect of this package, found by
// its tests; it is still reported as an error, never a panic.
func (v *validator) tags(plan func() (*rulePlan, error), val reflect.Value, prefix string) {
	p, err := plan()
	if err != nil {
		v.errs = append(v.errs, &Error{File: v.file, Path: prefix, Msg: err.Error()})
		return
	}
	v.tagRules(p, val, prefix, false)
}

// required reports the zero fields of plan's required list in val (a
// struct value) whose field path is prefix; the fields of a missing struct
// are not reported again. List items are checked by tagRules.
func (v *validator) required(plan func() (*rulePlan, error), val reflect.Value, prefix string) {
	p, err := plan()
	if err != nil {
		v.errs = append(v.errs, &Error{File: v.file, Path: prefix, Msg: err.Error()})
		return
	}
	missing := ""
	for _, r := range p.required {
		if missing != "" && len(r.path) > len(missing) && r.path[len(missing)] == '.' && strings.HasPrefix(r.path, missing) {
			continue
		}
		if val.FieldByIndex(r.index).IsZero() {
			v.at(prefix+r.path, "required field is missing")
			missing = r.path
		}
	}
}

// tagRules applies plan's rules to val (a struct value) whose field path is
// prefix. It runs before the defaults: a number is checked when it is not
// zero or when the user wrote it (a zero the user wrote is an error, not a
// request for the default); a string when it is not empty (an empty string
// is unset); every item of a list.
func (v *validator) tagRules(plan *rulePlan, val reflect.Value, prefix string, inList bool) {
	for i := range plan.rules {
		r := &plan.rules[i]
		fv := val.FieldByIndex(r.index)
		// Too many entries is one error; their own rules are not checked
		// (the work stays bounded, the message single).
		if r.maxCount > 0 && fv.Len() > r.maxCount {
			v.at(prefix+r.path, "%s", r.withHint(fmt.Sprintf("%d %s is more than the limit of %d", fv.Len(), r.path[strings.LastIndexByte(r.path, '.')+1:], r.maxCount)))
			continue
		}
		switch r.kind {
		case intField:
			n := fv.Int()
			if n == 0 {
				if _, written := v.pos[prefix+r.path]; !written {
					continue
				}
			}
			if msg := r.intProblem(n); msg != "" {
				v.at(prefix+r.path, "%s", r.withHint(msg))
			}
		case stringField:
			s := fv.String()
			if s == "" {
				if inList && r.required {
					v.at(prefix+r.path, "required field is missing")
				}
				continue
			}
			if msg := r.stringProblem(s); msg != "" {
				v.at(prefix+r.path, "%s", r.withHint(msg))
			}
		case stringList:
			for j := range fv.Len() {
				if msg := r.stringProblem(fv.Index(j).String()); msg != "" {
					v.at(fmt.Sprintf("%s%s[%d]", prefix, r.path, j), "%s", r.withHint(msg))
				}
			}
		case mapField:
			if r.keys == nil {
				continue
			}
			keys := make([]string, 0, fv.Len())
			for _, k := range fv.MapKeys() {
				keys = append(keys, k.String())
			}
			slices.Sort(keys)
			for _, k := range keys {
				if msg := r.keys.stringProblem(k); msg != "" {
					v.at(prefix+r.path+"."+k, "%s", msg)
				}
			}
		case itemList:
			if r.items == nil {
				continue
			}
			for j := range fv.Len() {
				v.tagRules(r.items, fv.Index(j), fmt.Sprintf("%s%s[%d]", prefix, r.path, j), true)
			}
		}
	}
}

// sizeLimit reads a maxItems or maxProperties tag: a number, or the name of
// a constant in sizeLimits.
func sizeLimit(s string) (int, error) {
	if n, ok := sizeLimits[s]; ok {
		return n, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither a number nor a name in sizeLimits: %w", s, err)
	}
	if n < 1 {
		return 0, fmt.Errorf("a limit must be positive, not %d", n)
	}
	return n, nil
}

func (r *fieldRule) intProblem(n int64) string {
	switch {
	case r.hasMin && n < r.minimum:
		return fmt.Sprintf("must be at least %d, not %d", r.minimum, n)
	case r.hasMax && n > r.maximum && r.hasMin:
		return fmt.Sprintf("must be between %d and %d, not %d", r.minimum, r.maximum, n)
	case r.hasMax && n > r.maximum:
		return fmt.Sprintf("must be at most %d, not %d", r.maximum, n)
	}
	return ""
}

func (r *fieldRule) stringProblem(s string) string {
	if r.maxLength > 0 && len(s) > r.maxLength {
		return fmt.Sprintf("is longer than %d characters", r.maxLength)
	}
	if r.pattern != nil && !r.pattern.MatchString(s) {
		return r.pattern.message(s)
	}
	if r.not != nil && r.not.excludes(s) {
		return fmt.Sprintf(r.not.format, s)
	}
	if r.enum != nil && !slices.Contains(r.enum, s) {
		return fmt.Sprintf("must be %s, not %q", alternatives(r.enum), s)
	}
	if r.qtag[0] != "" {
		return quantityProblem(s, r.qlo, r.qhi, r.qtag)
	}
	return ""
}

func (r *fieldRule) withHint(msg string) string {
	if r.hint == "" {
		return msg
	}
	return msg + " (" + r.hint + ")"
}

// alternatives writes values as "a, b or c".
func alternatives(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}
