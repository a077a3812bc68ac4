package spec

import (
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// reQuantity is a positive Kubernetes quantity in plain notation: digits,
// an optional fraction and an optional SI or binary suffix (no sign, no
// exponent). It is also the JSON Schema pattern of every quantity field.
var reQuantity = newPattern(`^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$`, maxLen(32),
	"a Kubernetes quantity (a positive number with an optional unit, for example 500m, 2, 4Gi)")

// quantityBounds reads a `quantity:"MIN,MAX"` tag.
func quantityBounds(tag reflect.StructTag) (lo, hi string, ok bool) {
	t := tag.Get("quantity")
	if t == "" {
		return "", "", false
	}
	lo, hi, _ = strings.Cut(t, ",")
	return lo, hi, true
}

// quantityProblem checks s, the value of a field tagged quantity: a
// positive quantity between lo and hi (written as text[0] and text[1]).
func quantityProblem(s string, lo, hi resource.Quantity, text [2]string) string {
	q, err := resource.ParseQuantity(s)
	if err != nil || !reQuantity.MatchString(s) {
		return reQuantity.message(s)
	}
	if q.Cmp(lo) < 0 || q.Cmp(hi) > 0 {
		return fmt.Sprintf("%s is out of range: must be between %s and %s", s, text[0], text[1])
	}
	return ""
}
