package diff

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
)

// Action is what happened to an object.
type Action string

// Actions, in the order a report lists them.
const (
	Removed Action = "removed"
	Changed Action = "changed"
	Added   Action = "added"
)

// Op is what happened to a field.
type Op string

// Field operations.
const (
	OpAdded     Op = "added"
	OpRemoved   Op = "removed"
	OpChanged   Op = "changed"
	OpReordered Op = "reordered"
)

// Change is one field of a changed object.
type Change struct {
	Path string `json:"path"`
	Op   Op     `json:"op"`
	Old  any    `json:"old,omitempty"`
	New  any    `json:"new,omitempty"`

	path fieldPath
}

// ObjectDiff is one object that differs.
type ObjectDiff struct {
	Ref    Ref    `json:"object"`
	Action Action `json:"action"`
	// Changes are the changed fields of a changed object: map keys in
	// sorted order, list items in list order.
	Changes []Change `json:"changes,omitempty"`
	// Object is the whole object when it is added.
	Object map[string]any `json:"manifest,omitempty"`
	// Danger is set when the danger section names this object.
	Danger bool `json:"danger,omitempty"`
}

// Summary counts objects by action.
type Summary struct {
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Danger    int `json:"danger"`
}

// Report is the comparison of one environment at two revisions.
type Report struct {
	Environment string `json:"environment"`
	// Base and Head name the two sides ("origin/main (1a2b3c4)", "working tree").
	Base string `json:"base"`
	Head string `json:"head"`
	// Notes explain unusual sides (an environment that is new at head).
	Notes   []string     `json:"notes,omitempty"`
	Summary Summary      `json:"summary"`
	Danger  []Danger     `json:"danger"`
	Objects []ObjectDiff `json:"objects"`
}

// HasChanges reports whether any object differs.
func (r *Report) HasChanges() bool { return len(r.Objects) > 0 }

// Compare compares the objects of base and head (rendered streams).
func Compare(base, head []map[string]any) (*Report, error) {
	b, err := index(base)
	if err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	h, err := index(head)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	r := &Report{Danger: []Danger{}, Objects: []ObjectDiff{}}
	var removed, added []object
	for k, bo := range b {
		ho, ok := h[k]
		if !ok {
			removed = append(removed, bo)
			continue
		}
		changes := diffValues(nil, bo.m, ho.m, nil)
		if len(changes) == 0 {
			r.Summary.Unchanged++
			continue
		}
		r.Objects = append(r.Objects, ObjectDiff{Ref: ho.ref, Action: Changed, Changes: changes})
		r.Danger = append(r.Danger, changeDangers(bo, ho, changes)...)
	}
	for k, ho := range h {
		if _, ok := b[k]; !ok {
			added = append(added, ho)
			r.Objects = append(r.Objects, ObjectDiff{Ref: ho.ref, Action: Added, Object: ho.m})
		}
	}
	for _, bo := range removed {
		r.Objects = append(r.Objects, ObjectDiff{Ref: bo.ref, Action: Removed})
	}
	r.Danger = append(r.Danger, removalDangers(removed, added)...)
	slices.SortStableFunc(r.Danger, func(a, b Danger) int {
		if c := compareRefs(a.Ref, b.Ref); c != 0 {
			return c
		}
		return compareStrings(string(a.Kind), string(b.Kind))
	})
	inDanger := map[key]bool{}
	for _, d := range r.Danger {
		inDanger[d.Ref.key()] = true
		if d.ReplacedBy != nil {
			inDanger[d.ReplacedBy.key()] = true
		}
	}
	for i := range r.Objects {
		o := &r.Objects[i]
		o.Danger = inDanger[o.Ref.key()]
		switch o.Action {
		case Added:
			r.Summary.Added++
		case Removed:
			r.Summary.Removed++
		case Changed:
			r.Summary.Changed++
		}
	}
	r.Summary.Danger = len(r.Danger)
	slices.SortStableFunc(r.Objects, func(a, b ObjectDiff) int {
		if a.Danger != b.Danger {
			if a.Danger {
				return -1
			}
			return 1
		}
		if c := compareStrings(actionRank(a.Action), actionRank(b.Action)); c != 0 {
			return c
		}
		return compareRefs(a.Ref, b.Ref)
	})
	return r, nil
}

func actionRank(a Action) string {
	switch a {
	case Removed:
		return "0"
	case Changed:
		return "1"
	}
	return "2"
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func index(objs []map[string]any) (map[key]object, error) {
	out := make(map[key]object, len(objs))
	for _, o := range objs {
		n, err := normalize(o)
		if err != nil {
			return nil, err
		}
		k := n.ref.key()
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%s appears twice", n.ref)
		}
		out[k] = n
	}
	return out, nil
}

// diffValues appends the differences between a and b at path p.
func diffValues(p fieldPath, a, b any, out []Change) []Change {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inB:
				out = append(out, change(p.key(k), OpRemoved, x, nil))
			case !inA:
				out = append(out, change(p.key(k), OpAdded, nil, y))
			default:
				out = diffValues(p.key(k), x, y, out)
			}
		}
		return out
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		return diffLists(p, av, bv, out)
	}
	if !reflect.DeepEqual(a, b) {
		out = append(out, change(p, OpChanged, a, b))
	}
	return out
}

// mergeKeys are the fields that identify list items (containers, env,
// volumes, ports, conditions...), tried in order.
var mergeKeys = []string{"name", "containerPort", "mountPath", "type", "key"}

// diffLists compares two lists: by merge key when every item of both lists
// has a distinct one, else by position.
func diffLists(p fieldPath, a, b []any, out []Change) []Change {
	if mk := listMergeKey(a, b); mk != "" {
		ai, bi := itemsBy(a, mk), itemsBy(b, mk)
		aOrder, bOrder := orderOf(a, mk), orderOf(b, mk)
		for _, k := range aOrder {
			if _, ok := bi[k]; !ok {
				out = append(out, change(p.named(mk, k), OpRemoved, ai[k], nil))
			} else {
				out = diffValues(p.named(mk, k), ai[k], bi[k], out)
			}
		}
		for _, k := range bOrder {
			if _, ok := ai[k]; !ok {
				out = append(out, change(p.named(mk, k), OpAdded, nil, bi[k]))
			}
		}
		if common(aOrder, bi) != nil && !slices.Equal(common(aOrder, bi), common(bOrder, ai)) {
			out = append(out, change(p, OpReordered, toAny(common(aOrder, bi)), toAny(common(bOrder, ai))))
		}
		return out
	}
	if !allMaps(a) || !allMaps(b) {
		// Lists of scalars (args, CIDRs, hosts) read best whole.
		if !reflect.DeepEqual(a, b) {
			out = append(out, change(p, OpChanged, a, b))
		}
		return out
	}
	for i := 0; i < max(len(a), len(b)); i++ {
		switch {
		case i >= len(b):
			out = append(out, change(p.index(i), OpRemoved, a[i], nil))
		case i >= len(a):
			out = append(out, change(p.index(i), OpAdded, nil, b[i]))
		default:
			out = diffValues(p.index(i), a[i], b[i], out)
		}
	}
	return out
}

func change(p fieldPath, op Op, old, new any) Change {
	return Change{Path: p.String(), Op: op, Old: old, New: new, path: p}
}

func allMaps(l []any) bool {
	for _, x := range l {
		if _, ok := x.(map[string]any); !ok {
			return false
		}
	}
	return true
}

// listMergeKey returns the first merge key that every item of both lists
// holds as a distinct scalar, or "".
func listMergeKey(a, b []any) string {
	if len(a) == 0 && len(b) == 0 {
		return ""
	}
	for _, mk := range mergeKeys {
		if distinctKey(a, mk) && distinctKey(b, mk) {
			return mk
		}
	}
	return ""
}

func distinctKey(l []any, mk string) bool {
	seen := map[string]bool{}
	for _, x := range l {
		m, ok := x.(map[string]any)
		if !ok {
			return false
		}
		v, ok := m[mk]
		if !ok {
			return false
		}
		s := fmt.Sprint(v)
		if _, isMap := v.(map[string]any); isMap || seen[s] {
			return false
		}
		if _, isList := v.([]any); isList {
			return false
		}
		seen[s] = true
	}
	return true
}

func itemsBy(l []any, mk string) map[string]any {
	m := make(map[string]any, len(l))
	for _, x := range l {
		m[fmt.Sprint(x.(map[string]any)[mk])] = x
	}
	return m
}

func orderOf(l []any, mk string) []string {
	keys := make([]string, 0, len(l))
	for _, x := range l {
		keys = append(keys, fmt.Sprint(x.(map[string]any)[mk]))
	}
	return keys
}

// common keeps the keys of order that are in other, in order.
func common(order []string, other map[string]any) []string {
	var out []string
	for _, k := range order {
		if _, ok := other[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}
