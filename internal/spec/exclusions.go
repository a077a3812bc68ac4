package spec

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// exclusions names the value sets that a field's `not` tag (or a map's
// `notKeys` tag, for its keys) may refer to: values of the field's type
// and pattern that are still refused. The tag-driven validation (rules.go)
// reports format with the value, and the JSON Schema carries them as
// not: {enum: [...]} or not: {pattern: ...}, so that an editor flags them
// as they are typed.
var exclusions = map[string]exclusion{
	// Moving tags of the LiteLLM image: a render must not change because
	// a registry moved a tag.
	"movingTag": {values: []string{"latest", "main-latest"}, format: "pin a version: %q moves under you"},
	// <gateway>-pr-<number> is the namespace of a pull-request preview:
	// no environment may be named pr-<number>.
	"previewName": newExclusionExpr(`^pr-[0-9]+$`, "pr-<number>",
		"environment name %q is reserved: pr-<number> names the namespace of a pull-request preview"),
}

// exclusion is values a field may not have, and the message for them:
// a finite set (values) or those matching an expression (expr).
type exclusion struct {
	values []string
	// expr, when set, matches the excluded values; desc says them in the
	// reference.
	expr string
	re   func() *regexp.Regexp
	desc string
	// format is the error message, with the value as its one %q.
	format string
}

func newExclusionExpr(expr, desc, format string) exclusion {
	return exclusion{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) }), desc: desc, format: format}
}

// excludes reports whether s is one of the excluded values.
func (x exclusion) excludes(s string) bool {
	return slices.Contains(x.values, s) || x.re != nil && x.re().MatchString(s)
}

// text says the excluded values in the reference.
func (x exclusion) text() string {
	if x.desc != "" {
		return x.desc
	}
	return strings.Join(x.values, " or ")
}

// schema is the JSON Schema that matches the excluded values (under not).
func (x exclusion) schema() map[string]any {
	if x.re != nil {
		return map[string]any{"pattern": x.expr}
	}
	return map[string]any{"enum": x.values}
}
