package promote_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/diff"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// statefulNames renders one variant and returns the names of its stateful
// objects by kind, the namespace aside (it is the environment's identity).
func statefulNames(t *testing.T, opts resolve.Options) (map[string][]string, []map[string]any) {
	t.Helper()
	res, err := renderer().Render(context.Background(), render.Options{Dir: "../../examples/ai-gateway", Resolve: opts})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]string{}
	for _, o := range res.Objects {
		reason, err := diff.Stateful(o)
		if err != nil {
			t.Fatal(err)
		}
		kind := fmt.Sprint(o["apiVersion"], " ", o["kind"])
		if reason == "" || o["kind"] == "Namespace" {
			continue
		}
		names[kind] = append(names[kind], o["metadata"].(map[string]any)["name"].(string))
	}
	for k := range names {
		slices.Sort(names[k])
	}
	return names, res.Objects
}

// TestStatefulNamesNeverDependOnParameters: the names of stateful objects
// come from the gateway name only. Neither the environment (an Application
// parameter) nor the namespace parameter may change them, or switching one
// would replace a database.
func TestStatefulNamesNeverDependOnParameters(t *testing.T) {
	want, _ := statefulNames(t, resolve.Options{Environment: "prod"})
	if len(want) == 0 {
		t.Fatal("no stateful object besides the namespace is rendered: the data builder must emit the composites")
	}
	for _, opts := range []resolve.Options{
		{Environment: "prod", Namespace: "elsewhere"},
		{Environment: "prod", DefaultNamespace: "from-argocd"},
		{Environment: "staging"},
		{Environment: "staging", Namespace: "other"},
	} {
		got, _ := statefulNames(t, opts)
		for kind, names := range want {
			if g, ok := got[kind]; ok && !slices.Equal(g, names) {
				t.Errorf("%+v: %s names %v, want %v (names must not depend on a parameter)", opts, kind, g, names)
			}
		}
	}
}

// TestStatefulObjectsAreKept: every object that holds data by its kind (the
// database, cache and domain composites, the namespace) carries the Argo CD
// sync options that stop pruning and deletion, in every environment.
func TestStatefulObjectsAreKept(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		_, objs := statefulNames(t, resolve.Options{Environment: env})
		for _, o := range objs {
			meta := o["metadata"].(map[string]any)
			if o["kind"] != "Namespace" && !strings.HasPrefix(fmt.Sprint(o["apiVersion"]), diff.PlatformGroup+"/") {
				continue
			}
			reason, _ := diff.Stateful(o)
			if reason == "" {
				continue
			}
			ann, _ := meta["annotations"].(map[string]any)
			opts := fmt.Sprint(ann[diff.SyncOptionsAnnotation])
			if !strings.Contains(opts, "Prune=false") || !(strings.Contains(opts, "Delete=false") || strings.Contains(opts, "Delete=confirm")) {
				t.Errorf("%s: %s %s holds data but its sync options are %q (want Prune=false and Delete=false or Delete=confirm)", env, o["kind"], meta["name"], opts)
			}
		}
	}
}
