package argoe2e_test

import (
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// testRename commits a new metadata.name for the gateway on the
// environment's branch (its Application Synced, automated sync with prune
// and self-heal) and checks the data-loss guard under the real controller.
// Argo CD passes the destination namespace (ARGOCD_APP_NAMESPACE), so the
// objects are renamed inside the same namespace. Every composite of the
// old name, and whatever else aigw marks Prune=false (the namespace), stays
// the same object with no deletionTimestamp, Argo CD reports each composite
// PruneSkipped and the Application OutOfSync; the unprotected objects are
// pruned, so prune did run.
func (h *harness) testRename(t *testing.T, app, env, ns string) {
	ctx := t.Context()
	type protected struct {
		ref objRef
		uid string
	}
	// Every composite (docs/gitops.md, the data-loss guard) and whatever
	// else aigw marks Prune=false.
	var kept []protected
	composites := 0
	for _, u := range h.rendered[env] {
		composite := u.GroupVersionKind().Group == compositeGVRs[0].Group
		if !composite && !strings.Contains(u.GetAnnotations()["argocd.argoproj.io/sync-options"], "Prune=false") {
			continue
		}
		live, err := h.live(t, refOf(u))
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, protected{refOf(u), string(live.GetUID())})
		if composite {
			composites++
		}
	}
	if composites != len(compositeGVRs) {
		t.Fatalf("%s renders %d composites, want %d", env, composites, len(compositeGVRs))
	}
	sha := h.commit(t, "env/"+env, "metadata:\n  name: ai-gateway\n", "metadata:\n  name: ai-gw\n")
	h.refresh(t, app)
	var last *unstructured.Unstructured
	h.waitApp(t, app, 5*time.Minute, "the sync of the renamed gateway, Healthy", func(a *unstructured.Unstructured) bool {
		last = a
		rev, _, _ := unstructured.NestedString(a.Object, "status", "operationState", "syncResult", "revision")
		phase, _, _ := unstructured.NestedString(a.Object, "status", "operationState", "phase")
		health, _, _ := unstructured.NestedString(a.Object, "status", "health", "status")
		return rev == sha && phase == "Succeeded" && health == "Healthy"
	})

	// The new objects are in the Application's namespace.
	if _, err := h.client.Resource(gatewaysGVR).Namespace(ns).Get(ctx, "ai-gw", metav1.GetOptions{}); err != nil {
		t.Errorf("the renamed Gateway ai-gw in %s: %v", ns, err)
	}
	// Prune ran: an unprotected object of the old name goes (deleted in
	// the foreground: gone once the stand-in's garbage collector passes).
	h.waitFor(t, 2*time.Minute, "Deployment "+ns+"/ai-gateway-api pruned after the rename (else prune did not run and the test proves nothing)", func() (bool, error) {
		_, err := h.client.Resource(deploymentsGVR).Namespace(ns).Get(ctx, "ai-gateway-api", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return true, nil
		}
		return false, err
	})
	// What Argo CD reports on each object of the last sync.
	results := map[objRef]string{}
	for _, r := range mustSlice(last, "status", "operationState", "syncResult", "resources") {
		m, _ := r.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		results[objRef{Group: str("group"), Kind: str("kind"), Namespace: str("namespace"), Name: str("name")}] = str("status") + ": " + str("message")
	}
	managed := h.managed(t, app)
	for _, k := range kept {
		live, err := h.live(t, k.ref)
		switch {
		case err != nil:
			t.Errorf("renaming the gateway deleted %s: %v", k.ref, err)
			continue
		case string(live.GetUID()) != k.uid:
			t.Errorf("renaming the gateway replaced %s", k.ref)
		case live.GetDeletionTimestamp() != nil:
			t.Errorf("renaming the gateway is deleting %s", k.ref)
		}
		if k.ref.Kind == "Namespace" {
			continue // same name: still in Git
		}
		if got := results[k.ref]; got != "PruneSkipped: ignored (no prune)" {
			t.Errorf("the sync after the rename reports %s as %q, want PruneSkipped", k.ref, got)
		}
		if p, _ := managed[k.ref]["requiresPruning"].(bool); !p {
			t.Errorf("%s of the old name is not listed as requiring pruning", k.ref)
		}
	}
	sync, _, _ := unstructured.NestedString(last.Object, "status", "sync", "status")
	if sync != "OutOfSync" {
		t.Errorf("%s is %s after the rename, want OutOfSync (the kept composites are not in Git)", app, sync)
	}
	heal, _, _ := unstructured.NestedInt64(last.Object, "status", "operationState", "operation", "sync", "autoHealAttemptsCount")
	t.Logf("%s after the rename: %s, Healthy, operation Succeeded; %d objects of the old name checked kept; self-heal attempts so far %d", app, sync, len(kept), heal)
}
