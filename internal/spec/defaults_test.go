package spec

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// docDefault is what a doc tag's "Default ..." sentence states: the value
// outside production and in production (the same unless the doc says
// otherwise), or the values of a struct's fields ("Default min 2, max 6.").
type docDefault struct {
	other, prod string
	fields      map[string]string
}

var (
	// A period ends the sentence when a space or the end follows it:
	// values such as 16.6 and db.r7g.large contain periods.
	sentenceEnd     = regexp.MustCompile(`\.(\s|$)`)
	defaultProdAlt  = regexp.MustCompile(`^(\S+) \(production\), (\S+)$`)
	defaultProdIn   = regexp.MustCompile(`^(\S+) in production, (\S+) elsewhere$`)
	defaultProdNote = regexp.MustCompile(`^(\S+) \(production (\S+)\)$`)
	defaultNote     = regexp.MustCompile(`^(\S+) \([^)]*\)$`)
	defaultFields   = regexp.MustCompile(`^[a-z]+ \S+(, [a-z]+ \S+)+$`)
)

// parseDefault reads the default a doc tag states. prose is true for a
// "Default: ..." sentence, which only a person can check.
func parseDefault(doc string) (d docDefault, prose, ok bool) {
	i := strings.Index(doc, "Default")
	if i < 0 {
		return d, false, false
	}
	rest := doc[i+len("Default"):]
	if strings.HasPrefix(rest, ":") {
		return d, true, true
	}
	s := strings.TrimPrefix(rest, " ")
	if strings.HasPrefix(s, "{") {
		s = s[:strings.Index(s, "}")+1]
	} else if end := sentenceEnd.FindStringIndex(s); end != nil {
		s = s[:end[0]]
	}
	switch {
	case defaultProdAlt.MatchString(s):
		m := defaultProdAlt.FindStringSubmatch(s)
		return docDefault{other: m[2], prod: m[1]}, false, true
	case defaultProdIn.MatchString(s):
		m := defaultProdIn.FindStringSubmatch(s)
		return docDefault{other: m[2], prod: m[1]}, false, true
	case defaultProdNote.MatchString(s):
		m := defaultProdNote.FindStringSubmatch(s)
		return docDefault{other: m[1], prod: m[2]}, false, true
	case defaultNote.MatchString(s):
		s = defaultNote.FindStringSubmatch(s)[1]
	case defaultFields.MatchString(s):
		fields := map[string]string{}
		for _, kv := range strings.Split(s, ", ") {
			k, v, _ := strings.Cut(kv, " ")
			fields[k] = v
		}
		return docDefault{fields: fields}, false, true
	}
	return docDefault{other: s, prod: s}, false, true
}

// proseDefaults are the "Default: ..." sentences and where their code is
// checked; a new one must be added here.
var proseDefaults = map[string]string{
	"spec.tier":                       "TierOf",
	"spec.namespace":                  "resolve (ARGOCD_APP_NAMESPACE)",
	"spec.litellm.chart":              "the embedded chart (chartsource)",
	"spec.monitoring.alarms.topicArn": "the WebFirewall composite",
}

// defaultVariant is a spec whose environment "dev" sets nothing but the
// tier and, for the options variant, the options some defaults depend on.
type defaultVariant struct {
	name, tier string
	// options: albAuthentication enabled and a chart repository; only the
	// fields in onlyWith are checked there.
	options bool
}

// onlyWith are defaults that apply only with another field set.
var onlyWith = map[string]string{
	"spec.litellm.chart.name":                             "chart.repository",
	"spec.sso.albAuthentication.clientId":                 "albAuthentication.enabled",
	"spec.sso.albAuthentication.clientSecret":             "albAuthentication.enabled",
	"spec.sso.albAuthentication.sessionTimeoutSeconds":    "albAuthentication.enabled",
	"spec.sso.albAuthentication.onUnauthenticatedRequest": "albAuthentication.enabled",
	"spec.sso.albAuthentication.bearerRequests":           "albAuthentication.enabled",
}

// TestDocumentedDefaults: every default a doc tag states (the JSON Schema
// and docs/spec.md show them) is the one applyDefaults sets, in each tier
// and with the options that some defaults need; and every field
// applyDefaults fills has its default documented.
func TestDocumentedDefaults(t *testing.T) {
	variants := []defaultVariant{
		{"development", TierDevelopment, false}, {"staging", TierStaging, false}, {"production", TierProduction, false},
		{"development with options", TierDevelopment, true}, {"production with options", TierProduction, true},
	}
	checked, defaulted := map[string]bool{}, map[string]bool{}
	prose := map[string]bool{}
	for _, vr := range variants {
		over := "{tier: " + vr.tier + "}"
		if vr.options {
			over = "{tier: " + vr.tier + ", sso: {albAuthentication: {enabled: true}}, litellm: {chart: {repository: https://charts.example.com, version: 1.0.0}}}"
		}
		src := strings.Replace(minimalSpec, "    dev: {}\n", "    dev: "+over+"\n", 1)
		doc, err := Parse("x.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		env, err := doc.Environment("dev")
		if err != nil {
			t.Fatal(err)
		}
		prod := vr.tier == TierProduction
		subst := strings.NewReplacer("<name>", env.Gateway, "<environment>", env.Name)
		root := reflect.ValueOf(&env.Settings).Elem()
		var walk func(before, after reflect.Value, path string, parent map[string]string)
		walk = func(before, after reflect.Value, path string, parent map[string]string) {
			for _, f := range fieldsOf(after.Type()) {
				p := path + "." + f.name
				b, a := before.FieldByIndex(f.index), after.FieldByIndex(f.index)
				d, isProse, ok := parseDefault(f.tag.Get("doc"))
				if isProse {
					prose[p] = true
				}
				if v, inParent := parent[f.name]; inParent {
					d, ok = docDefault{other: v, prod: v}, true
				}
				if a.Kind() == reflect.Struct {
					walk(b, a, p, d.fields)
					continue
				}
				if !reflect.DeepEqual(b.Interface(), a.Interface()) {
					defaulted[p] = true
					if !ok {
						t.Errorf("%s: %s: applyDefaults sets %s, the doc states no default", vr.name, p, render(a))
					}
				}
				_, conditional := onlyWith[p]
				if !ok || isProse || conditional != vr.options {
					continue
				}
				want := d.other
				if prod {
					want = d.prod
				}
				want = subst.Replace(want)
				if ref, plus, isRef := reference(root, want); isRef && plus == 0 {
					want = render(ref)
				} else if isRef {
					want = strconv.FormatInt(ref.Int()+plus, 10)
				}
				checked[p] = true
				if got := render(a); got != want {
					t.Errorf("%s: %s: the doc says Default %s, the code sets %s", vr.name, p, want, got)
				}
			}
		}
		walk(reflect.ValueOf(written(t, doc, "dev")).Elem(), root, "spec", nil)
	}
	if got, want := slices.Sorted(maps.Keys(prose)), slices.Sorted(maps.Keys(proseDefaults)); !slices.Equal(got, want) {
		t.Errorf("prose defaults %v, want %v (add where a new one is checked to proseDefaults)", got, want)
	}
	for p := range onlyWith {
		if !checked[p] {
			t.Errorf("%s: its default is not checked", p)
		}
	}
	t.Logf("%d documented defaults checked; applyDefaults fills %d fields, all documented; %d prose defaults", len(checked), len(defaulted), len(prose))
	if len(checked) < 60 {
		t.Errorf("only %d documented defaults checked; the parser no longer reads the doc tags", len(checked))
	}
}

// written is environment name's settings as merged, before the defaults.
func written(t *testing.T, doc *Document, name string) *Settings {
	t.Helper()
	merged := mergeNodes(withoutKeys(doc.spec, "environments", "previews"), valueOf(valueOf(doc.spec, "environments"), name), map[*yaml.Node]bool{})
	var s Settings
	d := newDecoder(doc.File)
	if d.decode(merged, reflect.ValueOf(&s).Elem(), "spec"); d.errs.Err() != nil {
		t.Fatal(d.errs.Err())
	}
	return &s
}

// reference resolves a default that names another field, with an optional
// "+ N" ("edge.idleTimeoutSeconds + 30", "sso.clientId").
func reference(root reflect.Value, s string) (reflect.Value, int64, bool) {
	name, plus, _ := strings.Cut(s, " + ")
	n, err := strconv.ParseInt(plus, 10, 64)
	if plus != "" && err != nil || !strings.Contains(name, ".") {
		return reflect.Value{}, 0, false
	}
	v := root
	for _, seg := range strings.Split(name, ".") {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, 0, false
		}
		i := slices.IndexFunc(fieldsOf(v.Type()), func(f field) bool { return f.name == seg })
		if i < 0 {
			return reflect.Value{}, 0, false
		}
		v = v.FieldByIndex(fieldsOf(v.Type())[i].index)
	}
	return v, n, true
}

// TestPreviewsDefaults: the documented defaults of spec.previews are those
// of PreviewsSecretsPrefix and PreviewsStore.
func TestPreviewsDefaults(t *testing.T) {
	p := &Previews{From: "dev"}
	got := map[string]string{"secretsPrefix": PreviewsSecretsPrefix("gw", p), "store": PreviewsStore(p)}
	for _, f := range fieldsOf(reflect.TypeFor[Previews]()) {
		d, _, ok := parseDefault(f.tag.Get("doc"))
		if v, coded := got[f.name]; coded {
			if want := strings.ReplaceAll(d.other, "<name>", "gw"); !ok || v != want {
				t.Errorf("spec.previews.%s: the doc says Default %s, the code sets %s", f.name, want, v)
			}
		}
	}
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
	case reflect.Map:
		var parts []string
		for _, k := range v.MapKeys() {
			parts = append(parts, fmt.Sprintf("%v: %v", k, v.MapIndex(k)))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v.Interface())
}
