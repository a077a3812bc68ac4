package argoe2e_test

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/kubetest"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
)

// Private: the test syncs real objects into the cluster, which would make the
// other packages' dry-run creates on the run's shared server fail with
// "already exists"; it starts a server of its own.
var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true, Private: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// withoutHealth leaves aigw's health checks out of argocd-cm, to show the
// test fails without them: go test ./internal/argoe2e -without-health.
var withoutHealth = flag.Bool("without-health", false, "install argocd-cm without aigw's health checks (the test must fail)")

const argocdNS = "argocd"

var (
	appsGVR        = gvr{Group: "argoproj.io", Version: "v1alpha1", Resource: "applications"}
	jobsGVR        = gvr{Group: "batch", Version: "v1", Resource: "jobs"}
	namespacesGVR  = gvr{Version: "v1", Resource: "namespaces"}
	compositeGVRs  = standinResources[:4]
	deploymentsGVR = gvr{Group: "apps", Version: "v1", Resource: "deployments"}
	gatewaysGVR    = gvr{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}
	routesGVR      = gvr{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}
)

// environments are the example's environments, their Applications and the
// namespaces they sync into (dev's is set in the served spec).
var environments = []struct{ env, app, ns string }{
	{"dev", "ai-gateway-dev", devNamespace},
	{"staging", "ai-gateway-staging", "ai-gateway-staging"},
	{"prod", "ai-gateway-prod", "ai-gateway-prod"},
}

// TestArgoCD runs the example gateway through the real Argo CD components.
func TestArgoCD(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Argo CD")
	}
	h := setUp(t)
	ctx := t.Context()

	t.Run("cmp-server runs as the sidecar's user", func(t *testing.T) {
		uid, gid, err := procUser(h.cmp.cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		want, wantG := h.cmpUID, h.cmpGID
		if os.Getuid() != 0 {
			want, wantG = uint32(os.Getuid()), uint32(os.Getgid())
		}
		if uid != want || gid != wantG {
			t.Fatalf("cmp-server runs as %d:%d, want %d:%d", uid, gid, want, wantG)
		}
		t.Logf("cmp-server runs as %d:%d (deploy/argocd/repo-server.yaml: %d:%d)", uid, gid, h.cmpUID, h.cmpGID)
	})

	apps := h.appset(t)
	for _, e := range environments {
		app := apps[e.app]
		if app == nil {
			t.Fatalf("aigw appset printed no Application %s (got %d Applications)", e.app, len(apps))
		}
		if ns, _, _ := unstructured.NestedString(app.Object, "spec", "destination", "namespace"); ns != e.ns {
			t.Fatalf("aigw appset's %s deploys into %q, want %q", e.app, ns, e.ns)
		}
	}
	created := h.watchCreations(t)
	start := time.Now()
	// Every environment at once, as after `kubectl apply` of appset's output.
	for _, e := range environments {
		h.create(t, apps[e.app])
	}

	// The later steps need a synced gateway: they stop when this fails.
	held := t.Run("migration waits for Aurora", func(t *testing.T) {
		// Argo CD applied wave -3: the composites exist, and the stand-in
		// leaves every AuroraPostgreSQL not Ready.
		for _, e := range environments {
			h.waitFor(t, 3*time.Minute, "the AuroraPostgreSQL composite applied in "+e.ns, func() (bool, error) {
				list, err := h.client.Resource(compositeGVRs[0]).Namespace(e.ns).List(ctx, metav1.ListOptions{})
				return err == nil && len(list.Items) > 0, err
			})
		}
		// For 20 s (Argo CD moves on within seconds when a wave is
		// healthy): no migration Job in any environment.
		for i := 0; i < 20; i++ {
			for _, e := range environments {
				if _, err := h.client.Resource(jobsGVR).Namespace(e.ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{}); err == nil {
					t.Fatalf("the migration Job of %s was created while the AuroraPostgreSQL composite is not Ready", e.app)
				} else if !apierrors.IsNotFound(err) {
					t.Fatal(err)
				}
			}
			time.Sleep(time.Second)
		}
		// Because Argo CD waits for the composite's health, held at wave -3.
		for _, e := range environments {
			app := h.app(t, e.app)
			phase, _, _ := unstructured.NestedString(app.Object, "status", "operationState", "phase")
			msg, _, _ := unstructured.NestedString(app.Object, "status", "operationState", "message")
			if phase != "Running" || !strings.Contains(msg, "waiting for healthy state of platform.aigw.dev/AuroraPostgreSQL/") {
				t.Errorf("the sync of %s is not waiting for the Aurora composite: phase %q, message %q", e.app, phase, msg)
			}
		}
		h.standin.aurora.Store(true)
		for _, e := range environments {
			h.waitFor(t, 3*time.Minute, "the migration Job of "+e.app+" after Aurora is Ready", func() (bool, error) {
				_, err := h.client.Resource(jobsGVR).Namespace(e.ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{})
				if apierrors.IsNotFound(err) {
					return false, nil
				}
				return err == nil, err
			})
		}
	})
	if !held {
		return
	}

	synced := t.Run("Synced and Healthy", func(t *testing.T) {
		for _, e := range environments {
			t.Run(e.env, func(t *testing.T) {
				h.waitApp(t, e.app, 5*time.Minute, "Synced, Healthy, sync operation Succeeded", syncedHealthy)
				t.Logf("%s: Application created to Synced and Healthy in %s (the three at once; includes the 20 s the test holds Aurora not Ready)", e.app, time.Since(start).Round(time.Second))
				h.checkSyncedAll(t, e.app, e.env)
			})
		}
	})
	if !synced {
		return
	}

	t.Run("waves in the documented order", func(t *testing.T) {
		for _, e := range environments {
			t.Run(e.env, func(t *testing.T) { h.checkWaves(t, created, e.app, e.env, true) })
		}
	})

	ns := devNamespace
	t.Run("a commit re-syncs and re-runs the hook", func(t *testing.T) {
		before, err := h.client.Resource(jobsGVR).Namespace(ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sha := h.commit(t, "env/dev", "replicas: {min: 1, max: 2}", "replicas: {min: 2, max: 2}")
		committed := time.Now()
		h.refresh(t, "ai-gateway-dev")
		h.waitApp(t, "ai-gateway-dev", 5*time.Minute, "Synced and Healthy at "+sha, func(app *unstructured.Unstructured) bool {
			rev, _, _ := unstructured.NestedString(app.Object, "status", "operationState", "syncResult", "revision")
			return rev == sha && syncedHealthy(app)
		})
		t.Logf("ai-gateway-dev: commit to Synced and Healthy in %s (refresh requested as a webhook would)", time.Since(committed).Round(100*time.Millisecond))
		after, err := h.client.Resource(jobsGVR).Namespace(ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if after.GetUID() == before.GetUID() {
			t.Error("the migration Job was not re-created by the sync of the new commit")
		}
		hpa, err := h.client.Resource(gvr{Group: "autoscaling", Version: "v2", Resource: "horizontalpodautoscalers"}).Namespace(ns).Get(ctx, "ai-gateway-api", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if n, _, _ := unstructured.NestedInt64(hpa.Object, "spec", "minReplicas"); n != 2 {
			t.Errorf("the HPA's minReplicas is %d after the commit, want 2", n)
		}
	})

	t.Run("misspelled parameter", func(t *testing.T) {
		bad := apps["ai-gateway-dev"].DeepCopy()
		bad.SetName("ai-gateway-typo")
		if err := unstructured.SetNestedField(bad.Object, "ai-gateway-typo", "spec", "destination", "namespace"); err != nil {
			t.Fatal(err)
		}
		params := []any{
			map[string]any{"name": "environment", "string": "dev"},
			map[string]any{"name": "namespcae", "string": "ai-gateway-typo"},
		}
		if err := unstructured.SetNestedSlice(bad.Object, params, "spec", "source", "plugin", "parameters"); err != nil {
			t.Fatal(err)
		}
		h.create(t, bad)
		var msg string
		h.waitApp(t, "ai-gateway-typo", 3*time.Minute, "a ComparisonError", func(app *unstructured.Unstructured) bool {
			msg = condition(app, "ComparisonError")
			return msg != ""
		})
		// aigw's own message, through the cmp-server and the repo-server.
		if !strings.Contains(msg, "unknown plugin parameter(s) namespcae") {
			t.Errorf("the ComparisonError does not carry aigw's message on the misspelled parameter: %s", msg)
		}
		t.Logf("ComparisonError: %s", msg)
		app := h.app(t, "ai-gateway-typo")
		if res, _, _ := unstructured.NestedSlice(app.Object, "status", "resources"); len(res) != 0 {
			t.Errorf("the Application with the misspelled parameter lists %d resources", len(res))
		}
		if _, found, _ := unstructured.NestedMap(app.Object, "status", "operationState"); found {
			t.Errorf("the Application with the misspelled parameter ran a sync operation")
		}
		if _, err := h.client.Resource(namespacesGVR).Get(ctx, "ai-gateway-typo", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("namespace ai-gateway-typo exists (err %v): something was applied", err)
		}
	})

	t.Run("preview", func(t *testing.T) {
		// The Application the previews ApplicationSet's pull-request
		// generator makes for pull request 42 (the ApplicationSet
		// controller does not run here): its template, with the
		// generator's parameters.
		pr := h.preview(t, map[string]any{"number": "42", "branch": "feature/x", "head_sha": h.head(t, "env/dev")})
		h.create(t, pr)
		h.waitApp(t, pr.GetName(), 5*time.Minute, "Synced, Healthy, sync operation Succeeded", syncedHealthy)
		h.checkSyncedAll(t, pr.GetName(), "pr-42")
		h.checkWaves(t, created, pr.GetName(), "pr-42", false)
		app := h.app(t, pr.GetName())
		res, _, _ := unstructured.NestedSlice(app.Object, "status", "resources")
		for _, r := range res {
			m, _ := r.(map[string]any)
			if n, _ := m["namespace"].(string); n != "" && n != "ai-gateway-pr-42" {
				t.Errorf("the preview synced %s %s into namespace %s", m["kind"], m["name"], n)
			}
		}
		// dev's Gateway, where dev's Application put it: the namespace the
		// spec gives dev, not the default ai-gateway-dev.
		var gw *unstructured.Unstructured
		for _, r := range mustSlice(h.app(t, "ai-gateway-dev"), "status", "resources") {
			m, _ := r.(map[string]any)
			if m["kind"] == "Gateway" {
				o, err := h.client.Resource(gatewaysGVR).Namespace(m["namespace"].(string)).Get(ctx, m["name"].(string), metav1.GetOptions{})
				if err != nil {
					t.Fatal(err)
				}
				gw = o
			}
		}
		if gw == nil {
			t.Fatal("ai-gateway-dev has no Gateway")
		}
		if gw.GetNamespace() != devNamespace {
			t.Errorf("dev's Gateway is in %s, the spec puts dev in %s", gw.GetNamespace(), devNamespace)
		}
		prNS, err := h.client.Resource(namespacesGVR).Get(ctx, "ai-gateway-pr-42", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		routes, err := h.client.Resource(routesGVR).Namespace("ai-gateway-pr-42").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(routes.Items) == 0 {
			t.Fatal("the preview has no HTTPRoutes")
		}
		for _, r := range routes.Items {
			refs, _, _ := unstructured.NestedSlice(r.Object, "spec", "parentRefs")
			if len(refs) == 0 {
				t.Errorf("preview HTTPRoute %s has no parent", r.GetName())
			}
			for _, ref := range refs {
				m, _ := ref.(map[string]any)
				if err := attaches(&r, m, gw, prNS.GetLabels()); err != nil {
					t.Errorf("preview HTTPRoute %s does not attach to dev's Gateway %s/%s: %v", r.GetName(), gw.GetNamespace(), gw.GetName(), err)
				}
			}
		}
	})

	t.Run("renaming the gateway keeps the composites", func(t *testing.T) {
		h.testRename(t, "ai-gateway-staging", "staging", "ai-gateway-staging")
	})

	t.Run("deleting the Application keeps the composites", func(t *testing.T) {
		// The environment Applications have no resources finalizer; give
		// this one the cascading finalizer anyway (the background variant:
		// the foreground one waits for the garbage collector, which does
		// not run here), as `argocd app delete --cascade` would: the
		// composites' Delete=false must still hold.
		app := h.app(t, "ai-gateway-dev")
		app.SetFinalizers(append(app.GetFinalizers(), "resources-finalizer.argocd.argoproj.io/background"))
		if _, err := h.client.Resource(appsGVR).Namespace(argocdNS).Update(ctx, app, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := h.client.Resource(appsGVR).Namespace(argocdNS).Delete(ctx, "ai-gateway-dev", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		h.waitFor(t, 3*time.Minute, "the Application deleted", func() (bool, error) {
			_, err := h.client.Resource(appsGVR).Namespace(argocdNS).Get(ctx, "ai-gateway-dev", metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return true, nil
			}
			return false, err
		})
		// The cascade ran: an unprotected object is gone.
		if _, err := h.client.Resource(deploymentsGVR).Namespace(ns).Get(ctx, "ai-gateway-api", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("Deployment ai-gateway-api survived the cascading delete (err %v): the test proves nothing", err)
		}
		// Every composite (docs/gitops.md, data-loss guard): the database,
		// the cache, the zone and its certificate, and the WebFirewall with
		// the alarm topic.
		for _, r := range compositeGVRs {
			list, err := h.client.Resource(r).Namespace(ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Items) == 0 {
				t.Errorf("deleting the Application deleted the %s composite", r.Resource)
			}
			for _, o := range list.Items {
				if o.GetDeletionTimestamp() != nil {
					t.Errorf("deleting the Application is deleting %s %s", o.GetKind(), o.GetName())
				}
			}
		}
	})
}

// mustSlice returns the slice at the path of o, nil when absent.
func mustSlice(o *unstructured.Unstructured, path ...string) []any {
	s, _, _ := unstructured.NestedSlice(o.Object, path...)
	return s
}
