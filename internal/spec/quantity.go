package spec

import (
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// reQuantity is a positive Kubernetes quantity in plain notation: digits,
// an optional fraction and an optional SI or binary suffix (no sign, no
// exponent). It is also the JSON Schema pattern of every quantity field.
var reQuantity = newPattern(`^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$`, maxLen(32))

// quantityBounds reads a `quantity:"MIN,MAX"` tag.
func quantityBounds(tag reflect.StructTag) (lo, hi string, ok bool) {
	t := tag.Get("quantity")
	if t == "" {
		return "", "", false
	}
	lo, hi, _ = strings.Cut(t, ",")
	return lo, hi, true
}

// quantities checks every string field tagged quantity under val: a
// positive quantity within the tag's bounds.
func (v *validator) quantities(val reflect.Value, path string) {
	for _, f := range fieldsOf(val.Type()) {
		fv := val.FieldByIndex(f.index)
		p := path + "." + f.name
		if fv.Kind() == reflect.Struct {
			v.quantities(fv, p)
			continue
		}
		lo, hi, ok := quantityBounds(f.tag)
		if !ok || fv.Kind() != reflect.String {
			continue
		}
		s := fv.String()
		q, err := resource.ParseQuantity(s)
		if err != nil || !reQuantity.MatchString(s) {
			v.at(p, "%q is not a Kubernetes quantity (a positive number with an optional unit, for example 500m, 2, 4Gi)", s)
			continue
		}
		if q.Cmp(resource.MustParse(lo)) < 0 || q.Cmp(resource.MustParse(hi)) > 0 {
			v.at(p, "%s is out of range: must be between %s and %s", s, lo, hi)
		}
	}
}
