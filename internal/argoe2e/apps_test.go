package argoe2e_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// appset returns the Applications `aigw appset` prints for the example, by
// name.
func (h *harness) appset(t *testing.T) map[string]*unstructured.Unstructured {
	t.Helper()
	out := run(t, filepath.Join(h.tmp, "work"), filepath.Join(h.bin, "aigw"), "appset", "examples/ai-gateway", "--repo", h.repoURL)
	apps := map[string]*unstructured.Unstructured{}
	dec := yaml.NewYAMLOrJSONDecoder(strings.NewReader(out), 4096)
	for {
		u := &unstructured.Unstructured{}
		if err := dec.Decode(&u.Object); err != nil {
			break
		}
		switch u.GetKind() {
		case "Application":
			apps[u.GetName()] = u
		case "AppProject":
			h.apply(t, u)
		case "ApplicationSet":
			h.printed[u.GetKind()] = u
		}
	}
	return apps
}

// preview returns the preview Application the ApplicationSet `aigw appset`
// prints generates for the pull-request parameters.
func (h *harness) preview(t *testing.T, params map[string]any) *unstructured.Unstructured {
	t.Helper()
	set := h.printed["ApplicationSet"]
	if set == nil {
		t.Fatal("aigw appset printed no ApplicationSet")
	}
	tmpl, found, _ := unstructured.NestedMap(set.Object, "spec", "template")
	if !found {
		t.Fatal("the ApplicationSet has no template")
	}
	data, err := sigsyaml.Marshal(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	tt, err := template.New("preview").Option("missingkey=error").Parse(string(data))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := tt.Execute(&out, params); err != nil {
		t.Fatal(err)
	}
	app := object(t, out.String())
	app.SetAPIVersion("argoproj.io/v1alpha1")
	app.SetKind("Application")
	app.SetNamespace(set.GetNamespace())
	return app
}

func object(t *testing.T, doc string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := sigsyaml.Unmarshal([]byte(doc), &u.Object); err != nil {
		t.Fatal(err)
	}
	return u
}

func (h *harness) apply(t *testing.T, u *unstructured.Unstructured) {
	t.Helper()
	r := gvr{Version: "v1", Resource: strings.ToLower(u.GetKind()) + "s"}
	switch u.GetKind() {
	case "AppProject":
		r = gvr{Group: "argoproj.io", Version: "v1alpha1", Resource: "appprojects"}
	case "Application":
		r = appsGVR
	}
	data, err := u.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.client.Resource(r).Namespace(u.GetNamespace()).Patch(t.Context(), u.GetName(), "application/apply-patch+yaml", data,
		metav1.PatchOptions{FieldManager: "aigw-argoe2e", Force: new(true)})
	if err != nil {
		t.Fatalf("applying %s %s: %v", u.GetKind(), u.GetName(), err)
	}
}

func (h *harness) create(t *testing.T, app *unstructured.Unstructured) {
	t.Helper()
	if _, err := h.client.Resource(appsGVR).Namespace(argocdNS).Create(t.Context(), app, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating Application %s: %v", app.GetName(), err)
	}
}

func (h *harness) app(t *testing.T, name string) *unstructured.Unstructured {
	t.Helper()
	app, err := h.client.Resource(appsGVR).Namespace(argocdNS).Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// waitFor polls cond every second until it holds, a process exits, the
// stand-in fails, or the timeout (generous: this asserts an outcome, never
// a speed) passes.
func (h *harness) waitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		for _, p := range h.procs {
			if err := p.exited(); err != nil {
				t.Fatalf("waiting for %s: %v", what, err)
			}
		}
		select {
		case err := <-h.errs:
			t.Fatalf("waiting for %s: %v", what, err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %s", what, timeout)
		}
		time.Sleep(time.Second)
	}
}

// waitApp waits until the Application satisfies cond; on timeout it shows
// the Application's status.
func (h *harness) waitApp(t *testing.T, name string, timeout time.Duration, what string, cond func(*unstructured.Unstructured) bool) {
	t.Helper()
	var last *unstructured.Unstructured
	defer func() {
		if t.Failed() && last != nil {
			st, _ := sigsyaml.Marshal(last.Object["status"])
			t.Logf("Application %s status:\n%s", name, st)
		}
	}()
	h.waitFor(t, timeout, what+" of Application "+name, func() (bool, error) {
		app, err := h.client.Resource(appsGVR).Namespace(argocdNS).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		last = app
		return cond(app), nil
	})
}

func syncedHealthy(app *unstructured.Unstructured) bool {
	sync, _, _ := unstructured.NestedString(app.Object, "status", "sync", "status")
	health, _, _ := unstructured.NestedString(app.Object, "status", "health", "status")
	phase, _, _ := unstructured.NestedString(app.Object, "status", "operationState", "phase")
	return sync == "Synced" && health == "Healthy" && phase == "Succeeded"
}

// condition returns the message of the Application's condition of the type.
func condition(app *unstructured.Unstructured, typ string) string {
	conds, _, _ := unstructured.NestedSlice(app.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] == typ {
			s, _ := m["message"].(string)
			return s
		}
	}
	return ""
}

// refresh asks Argo CD to refresh the Application now, as a Git host's
// webhook would, rather than at the next poll.
func (h *harness) refresh(t *testing.T, name string) {
	t.Helper()
	app := h.app(t, name)
	ann := app.GetAnnotations()
	if ann == nil {
		ann = map[string]string{}
	}
	ann["argocd.argoproj.io/refresh"] = "normal"
	app.SetAnnotations(ann)
	if _, err := h.client.Resource(appsGVR).Namespace(argocdNS).Update(t.Context(), app, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// managed returns the Application's objects (status.resources),
// cluster-scoped ones without a namespace.
func (h *harness) managed(t *testing.T, name string) map[objRef]map[string]any {
	t.Helper()
	out := map[objRef]map[string]any{}
	for _, r := range mustSlice(h.app(t, name), "status", "resources") {
		m, _ := r.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		ref := objRef{Group: str("group"), Kind: str("kind"), Namespace: str("namespace"), Name: str("name")}
		mapping, err := h.mapper.RESTMapping(schema.GroupKind{Group: ref.Group, Kind: ref.Kind}, str("version"))
		if err != nil {
			t.Fatal(err)
		}
		if mapping.Scope.Name() == meta.RESTScopeNameRoot {
			ref.Namespace = ""
		}
		out[ref] = m
	}
	return out
}

const hookAnnotation = "argocd.argoproj.io/hook"

func refOf(u *unstructured.Unstructured) objRef {
	gvk := u.GroupVersionKind()
	return objRef{Group: gvk.Group, Kind: gvk.Kind, Namespace: u.GetNamespace(), Name: u.GetName()}
}

// live returns the object in the cluster.
func (h *harness) live(t *testing.T, r objRef) (*unstructured.Unstructured, error) {
	t.Helper()
	mapping, err := h.mapper.RESTMapping(schema.GroupKind{Group: r.Group, Kind: r.Kind})
	if err != nil {
		return nil, err
	}
	if r.Namespace == "" {
		return h.client.Resource(mapping.Resource).Get(t.Context(), r.Name, metav1.GetOptions{})
	}
	return h.client.Resource(mapping.Resource).Namespace(r.Namespace).Get(t.Context(), r.Name, metav1.GetOptions{})
}

// checkSyncedAll asserts the Application manages exactly the objects `aigw
// render` prints for the environment, each Synced (hooks: existing).
func (h *harness) checkSyncedAll(t *testing.T, name, env string) {
	t.Helper()
	if len(h.rendered[env]) == 0 {
		t.Fatalf("nothing rendered for %s", env)
	}
	got := h.managed(t, name)
	want := map[objRef]bool{}
	for _, u := range h.rendered[env] {
		r := refOf(u)
		want[r] = true
		m, ok := got[r]
		if !ok {
			t.Errorf("Application %s does not manage %s", name, r)
			continue
		}
		// A hook is not compared with Git: it has no sync status.
		if s, _ := m["status"].(string); s != "Synced" && u.GetAnnotations()[hookAnnotation] == "" {
			t.Errorf("Application %s: %s is %s", name, r, s)
		}
	}
	for r := range got {
		if !want[r] {
			t.Errorf("Application %s manages %s, which aigw render does not print", name, r)
		}
	}
}
