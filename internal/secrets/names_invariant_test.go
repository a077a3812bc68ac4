package secrets_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// smName is a Secrets Manager name as AWS accepts it (1 to 512 of these
// characters); the path rules aigw adds are checked separately.
var smName = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)

// remoteNames returns every Secrets Manager name the objects read or write.
func remoteNames(t *testing.T, objs []*unstructured.Unstructured) []string {
	t.Helper()
	var names []string
	for _, o := range objs {
		switch o.GetKind() {
		case "ExternalSecret":
			data, _, _ := unstructured.NestedSlice(o.Object, "spec", "data")
			for _, d := range data {
				k, _, _ := unstructured.NestedString(d.(map[string]any), "remoteRef", "key")
				names = append(names, k)
			}
		case "PushSecret":
			data, _, _ := unstructured.NestedSlice(o.Object, "spec", "data")
			for _, d := range data {
				k, _, _ := unstructured.NestedString(d.(map[string]any), "match", "remoteRef", "remoteKey")
				names = append(names, k)
			}
		}
	}
	return names
}

// TestSecretNamesInvariant: over every environment of the example and a
// preview, every Secrets Manager name is a name (no empty, "." or ".."
// segment, no leading or trailing '/'), lies under the variant's own
// prefix, and no two variants share a name.
func TestSecretNamesInvariant(t *testing.T) {
	variants := map[string]*resolve.Gateway{"preview 42": example.Preview(t, "42")}
	for _, env := range example.Environments() {
		variants[env] = example.Gateway(t, env)
	}
	owner := map[string]string{}
	for name, g := range variants {
		names := remoteNames(t, build(t, g))
		if len(names) == 0 {
			t.Fatalf("%s: no Secrets Manager names", name)
		}
		for _, n := range names {
			if !smName.MatchString(n) || strings.HasPrefix(n, "/") || strings.HasSuffix(n, "/") {
				t.Errorf("%s: %q is not a Secrets Manager name", name, n)
			}
			if segs := strings.Split(n, "/"); slices.Contains(segs, "") || slices.Contains(segs, "..") || slices.Contains(segs, ".") {
				t.Errorf("%s: %q has an empty, . or .. segment", name, n)
			}
			if !strings.HasPrefix(n, g.Secrets.Prefix+"/") {
				t.Errorf("%s: %q is outside its prefix %q", name, n, g.Secrets.Prefix)
			}
			if o, ok := owner[n]; ok && o != name {
				t.Errorf("%q is used by both %s and %s", n, o, name)
			}
			owner[n] = name
		}
	}
}

// TestGeneratedNamesMatchSpec: the spec rejects user secrets named like a
// generated one; its list must be exactly what the builder pushes.
func TestGeneratedNamesMatchSpec(t *testing.T) {
	g := example.Gateway(t, "prod")
	var pushed []string
	for _, o := range build(t, g) {
		if o.GetKind() != "PushSecret" {
			continue
		}
		for _, n := range remoteNames(t, []*unstructured.Unstructured{o}) {
			pushed = append(pushed, strings.TrimPrefix(n, g.Secrets.Prefix+"/"))
		}
	}
	want := slices.Clone(spec.GeneratedSecrets)
	slices.Sort(pushed)
	slices.Sort(want)
	if !slices.Equal(pushed, want) {
		t.Errorf("pushed %v, spec.GeneratedSecrets %v", pushed, want)
	}
}
