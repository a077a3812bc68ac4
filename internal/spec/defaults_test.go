package spec

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// docDefault is the "Default X." sentence of a doc tag, with a single
// value X (a word, a number or a [list]).
var docDefault = regexp.MustCompile(`Default (\[[^\]]*\]|[^\s:,;()]+?)\.(\s|$)`)

// TestDocumentedDefaults: every default a doc tag states (the JSON Schema
// and docs/spec.md show them) is the one applyDefaults sets, for a
// development environment that sets nothing.
func TestDocumentedDefaults(t *testing.T) {
	doc, err := Parse("x.yaml", []byte(minimalSpec))
	if err != nil {
		t.Fatal(err)
	}
	env, err := doc.Environment("dev")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		for _, f := range fieldsOf(v.Type()) {
			fv := v.FieldByIndex(f.index)
			p := path + "." + f.name
			if fv.Kind() == reflect.Struct {
				walk(fv, p)
				continue
			}
			m := docDefault.FindStringSubmatch(f.tag.Get("doc"))
			if m == nil || strings.Contains(m[1], "<") || onlyWith[p] != "" {
				continue
			}
			checked++
			if got := render(fv); got != m[1] {
				t.Errorf("%s: the doc says Default %s, the code sets %s", p, m[1], got)
			}
		}
	}
	walk(reflect.ValueOf(&env.Settings).Elem(), "spec")
	t.Logf("%d documented defaults checked", checked)
	if checked < 20 {
		t.Errorf("only %d documented defaults checked; the pattern no longer matches the doc tags", checked)
	}
}

// onlyWith are defaults that apply only with another field set.
var onlyWith = map[string]string{
	"spec.litellm.chart.name": "chart.repository",
	// Checked by TestALBAuthentication with the option on.
	"spec.sso.albAuthentication.clientId":                 "albAuthentication.enabled",
	"spec.sso.albAuthentication.clientSecret":             "albAuthentication.enabled",
	"spec.sso.albAuthentication.onUnauthenticatedRequest": "albAuthentication.enabled",
	"spec.sso.albAuthentication.bearerRequests":           "albAuthentication.enabled",
}

func render(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "<nil>"
		}
		return render(v.Elem())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = render(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}
