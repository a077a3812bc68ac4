package argocd_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/argoproj/argo-cd/gitops-engine/pkg/health"
	"github.com/argoproj/argo-cd/v3/util/lua"
	"github.com/argoproj/argo-cd/v3/util/settings"
	log "github.com/sirupsen/logrus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// argocdCM returns argocd-cm as the install with the component makes it.
func argocdCM(t *testing.T) *corev1.ConfigMap {
	t.Helper()
	_, objs := build(t)
	for _, o := range objs {
		if o.GetKind() == "ConfigMap" && o.GetName() == "argocd-cm" {
			var cm corev1.ConfigMap
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &cm); err != nil {
				t.Fatal(err)
			}
			return &cm
		}
	}
	t.Fatal("the install has no argocd-cm (the component must merge into it, keeping its name)")
	return nil
}

// healthOverrides reads the resource customizations out of argocd-cm the way
// the application controller does: Argo CD's settings manager over the
// ConfigMap, then its Lua health overrides.
func healthOverrides(t *testing.T, cm *corev1.ConfigMap) lua.ResourceHealthOverrides {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	// The settings manager logs its informers at info level, also after the
	// test ends (they stop asynchronously): quiet for the whole test binary.
	log.SetLevel(log.WarnLevel)
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "argocd-secret", Namespace: "argocd"}}
	client := fake.NewClientset(cm, secret)
	overrides, err := settings.NewSettingsManager(ctx, client, "argocd").GetResourceOverrides()
	if err != nil {
		t.Fatalf("Argo CD refuses argocd-cm: %v", err)
	}
	return lua.ResourceHealthOverrides(overrides)
}

// compositeKinds returns the group and kind of every XRD in crossplane/apis.
func compositeKinds(t *testing.T) []schema.GroupKind {
	t.Helper()
	files, err := filepath.Glob("../../crossplane/apis/*/definition.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no XRDs: %v", err)
	}
	var gks []schema.GroupKind
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var xrd struct {
			Spec struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(b, &xrd); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		gks = append(gks, schema.GroupKind{Group: xrd.Spec.Group, Kind: xrd.Spec.Names.Kind})
	}
	return gks
}

func TestHealthCheckForEveryComposite(t *testing.T) {
	cm := argocdCM(t)
	if cm.Data["timeout.reconciliation"] != "180s" {
		t.Error("the component must keep the platform's own argocd-cm settings")
	}
	script, err := os.ReadFile("health.lua")
	if err != nil {
		t.Fatal(err)
	}
	for _, gk := range compositeKinds(t) {
		key := "resource.customizations.health." + gk.Group + "_" + gk.Kind
		if cm.Data[key] != string(script) {
			t.Errorf("argocd-cm lacks %s (health.lua)", key)
		}
	}
}

// condition is a Crossplane status condition.
func condition(typ, status, reason, message string, observed int64) map[string]any {
	c := map[string]any{"type": typ, "status": status, "reason": reason, "lastTransitionTime": "2026-01-01T00:00:00Z"}
	if message != "" {
		c["message"] = message
	}
	if observed != 0 {
		c["observedGeneration"] = observed
	}
	return c
}

// TestCompositeHealth evaluates the check with Argo CD's own health code
// (gitops-engine's GetResourceHealth with the Lua overrides of argocd-cm, as
// the application controller and the sync do) on every composite kind.
func TestCompositeHealth(t *testing.T) {
	overrides := healthOverrides(t, argocdCM(t))
	const failure = `cannot compose resources: pipeline step "render" returned a fatal result: invalid engineVersion "99"`
	tests := []struct {
		name       string
		status     map[string]any
		generation int64
		want       health.HealthStatusCode
		wantMsg    string
	}{
		{name: "empty status", status: nil, want: health.HealthStatusProgressing},
		{name: "no conditions", status: map[string]any{"conditions": []any{}}, want: health.HealthStatusProgressing},
		{name: "synced, not ready yet", status: map[string]any{"conditions": []any{
			condition("Synced", "True", "ReconcileSuccess", "", 1),
			condition("Ready", "False", "Creating", "Unready resources: cluster, instance-0", 1),
		}}, want: health.HealthStatusProgressing, wantMsg: "Unready resources: cluster, instance-0"},
		{name: "ready", status: map[string]any{"conditions": []any{
			condition("Synced", "True", "ReconcileSuccess", "", 1),
			condition("Ready", "True", "Available", "", 1),
		}}, want: health.HealthStatusHealthy},
		{name: "ready for an older spec", generation: 2, status: map[string]any{"conditions": []any{
			condition("Synced", "True", "ReconcileSuccess", "", 1),
			condition("Ready", "True", "Available", "", 1),
		}}, want: health.HealthStatusProgressing, wantMsg: "generation 2"},
		{name: "failed", status: map[string]any{"conditions": []any{
			condition("Synced", "False", "ReconcileError", failure, 1),
			condition("Ready", "True", "Available", "", 1),
		}}, want: health.HealthStatusDegraded, wantMsg: failure},
		{name: "failed without a message", status: map[string]any{"conditions": []any{
			condition("Synced", "False", "ReconcileError", "", 1),
		}}, want: health.HealthStatusDegraded, wantMsg: "ReconcileError"},
	}
	for _, gk := range compositeKinds(t) {
		for _, tt := range tests {
			t.Run(gk.Kind+"/"+tt.name, func(t *testing.T) {
				obj := &unstructured.Unstructured{Object: map[string]any{
					"apiVersion": gk.Group + "/v1alpha1", "kind": gk.Kind,
					"metadata": map[string]any{"name": "x", "namespace": "ai-gateway-dev"},
				}}
				gen := tt.generation
				if gen == 0 {
					gen = 1
				}
				obj.SetGeneration(gen)
				if tt.status != nil {
					obj.Object["status"] = runtime.DeepCopyJSONValue(tt.status)
				}
				// Through JSON, as the controller's cache holds it (numbers
				// as int64 or float64).
				b, err := obj.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				if err := obj.UnmarshalJSON(b); err != nil {
					t.Fatal(err)
				}
				got, err := health.GetResourceHealth(obj, overrides)
				if err != nil {
					t.Fatal(err)
				}
				if got == nil {
					t.Fatal("no health: Argo CD would count the composite healthy at once")
				}
				if got.Status != tt.want || !strings.Contains(got.Message, tt.wantMsg) {
					t.Errorf("health %s %q, want %s with %q", got.Status, got.Message, tt.want, tt.wantMsg)
				}
			})
		}
	}
	// Without the component, Argo CD has no check for them at all (the
	// defect this check fixes).
	for _, gk := range compositeKinds(t) {
		obj := &unstructured.Unstructured{}
		obj.SetGroupVersionKind(gk.WithVersion("v1alpha1"))
		if h, err := health.GetResourceHealth(obj, lua.ResourceHealthOverrides{}); err != nil || h != nil {
			t.Errorf("%s: Argo CD now has a built-in check (%v, %v): revisit docs/argocd-health.md", gk, h, err)
		}
	}
}

// healthRow is a row of the table in docs/argocd-health.md.
type healthRow struct{ check, why string }

var tableRow = regexp.MustCompile("^\\| *([^|]*?) *\\| *([A-Za-z0-9]+) *\\| *(Argo CD|aigw|none) *\\| *([^|]*?) *\\|$")

func healthTable(t *testing.T) map[schema.GroupKind]healthRow {
	t.Helper()
	b, err := os.ReadFile("../../docs/argocd-health.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[schema.GroupKind]healthRow{}
	for line := range strings.SplitSeq(string(b), "\n") {
		m := tableRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		group := strings.Trim(m[1], `"`)
		rows[schema.GroupKind{Group: group, Kind: m[2]}] = healthRow{check: m[3], why: m[4]}
	}
	if len(rows) == 0 {
		t.Fatal("docs/argocd-health.md: no table rows")
	}
	return rows
}

// TestEveryEmittedKindHasAHealthEntry renders every environment of the
// example and a preview, and wants each kind in the docs' table, with a
// claim that is true of Argo CD v3.5.7 and of the component.
func TestEveryEmittedKindHasAHealthEntry(t *testing.T) {
	rows := healthTable(t)
	overrides := healthOverrides(t, argocdCM(t))
	r := &render.Renderer{Embedded: aigw.Files}
	dir := filepath.Dir(example.File(t))
	var runs []resolve.Options
	for _, env := range example.Environments() {
		runs = append(runs, resolve.Options{Environment: env})
	}
	runs = append(runs, resolve.Options{Preview: "42"})
	emitted := map[schema.GroupKind]bool{}
	for _, ro := range runs {
		res, err := r.Render(context.Background(), render.Options{Dir: dir, Resolve: ro})
		if err != nil {
			t.Fatalf("%+v: %v", ro, err)
		}
		for _, o := range res.Objects {
			u := &unstructured.Unstructured{Object: o}
			emitted[u.GroupVersionKind().GroupKind()] = true
		}
	}
	for gk := range emitted {
		row, ok := rows[gk]
		if !ok {
			t.Errorf("docs/argocd-health.md: no row for %q %s", gk.Group, gk.Kind)
			continue
		}
		obj := &unstructured.Unstructured{}
		obj.SetGroupVersionKind(gk.WithVersion("v1"))
		_, ours := overrides[lua.GetConfigMapKey(obj.GroupVersionKind())]
		script, _, err := lua.VM{}.GetHealthScript(obj)
		if err != nil {
			t.Fatal(err)
		}
		builtin := script != "" || health.GetHealthCheckFunc(obj.GroupVersionKind()) != nil
		switch {
		case row.check == "aigw" && !ours:
			t.Errorf("%s: the table says aigw's check, argocd-cm has none", gk)
		case row.check == "Argo CD" && !builtin:
			t.Errorf("%s: the table says Argo CD's check, Argo CD v3.5.7 has none", gk)
		case row.check == "Argo CD" && ours:
			t.Errorf("%s: the table says Argo CD's check, argocd-cm overrides it", gk)
		case row.check == "none" && (builtin || ours):
			t.Errorf("%s: the table says no check, but there is one (built-in %v, aigw %v)", gk, builtin, ours)
		}
		if row.why == "" {
			t.Errorf("%s: the table gives no reason", gk)
		}
	}
	for gk := range rows {
		if !emitted[gk] {
			t.Errorf("docs/argocd-health.md: %s is not emitted any more; remove its row", gk)
		}
	}
}
