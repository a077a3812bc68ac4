package argoe2e_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
	"github.com/aigw-dev/aigw/internal/xrender"
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
)

// TestArgoCD runs the example gateway through the real Argo CD components.
func TestArgoCD(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Argo CD")
	}
	h := setUp(t)
	ctx := t.Context()
	apps := h.appset(t)

	dev := apps["ai-gateway-dev"]
	if dev == nil {
		t.Fatalf("aigw appset printed no Application ai-gateway-dev (got %d Applications)", len(apps))
	}
	ns := "ai-gateway-dev"
	start := time.Now()
	h.create(t, dev)

	t.Run("migration waits for Aurora", func(t *testing.T) {
		// Argo CD applied wave -3: the composite exists, and the stand-in
		// leaves it not Ready.
		h.waitFor(t, 3*time.Minute, "the AuroraPostgreSQL composite applied", func() (bool, error) {
			list, err := h.client.Resource(compositeGVRs[0]).Namespace(ns).List(ctx, metav1.ListOptions{})
			return err == nil && len(list.Items) > 0, err
		})
		// For 20 s (Argo CD moves on within seconds when a wave is
		// healthy): no migration Job.
		for i := 0; i < 20; i++ {
			if _, err := h.client.Resource(jobsGVR).Namespace(ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{}); err == nil {
				t.Fatalf("the migration Job was created while the AuroraPostgreSQL composite is not Ready")
			} else if !apierrors.IsNotFound(err) {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
		}
		// Because Argo CD waits for the composite's health, held at wave -3.
		app := h.app(t, "ai-gateway-dev")
		phase, _, _ := unstructured.NestedString(app.Object, "status", "operationState", "phase")
		msg, _, _ := unstructured.NestedString(app.Object, "status", "operationState", "message")
		if phase != "Running" || !strings.Contains(msg, "waiting for healthy state of platform.aigw.dev/AuroraPostgreSQL/") {
			t.Fatalf("the sync operation is not waiting for the Aurora composite: phase %q, message %q", phase, msg)
		}
		h.standin.aurora.Store(true)
		h.waitFor(t, 3*time.Minute, "the migration Job after Aurora is Ready", func() (bool, error) {
			_, err := h.client.Resource(jobsGVR).Namespace(ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return false, nil
			}
			return err == nil, err
		})
	})
	if t.Failed() {
		return
	}
	h.standin.aurora.Store(true)

	t.Run("Synced and Healthy", func(t *testing.T) {
		h.waitApp(t, "ai-gateway-dev", 5*time.Minute, "Synced, Healthy, sync operation Succeeded", syncedHealthy)
		t.Logf("ai-gateway-dev: Application created to Synced and Healthy in %s (includes the 20 s the test holds Aurora not Ready)", time.Since(start).Round(time.Second))
	})

	t.Run("a commit re-syncs and re-runs the hook", func(t *testing.T) {
		before, err := h.client.Resource(jobsGVR).Namespace(ns).Get(ctx, "ai-gateway-api-migrations", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sha := h.commit(t, "env/dev", "replicas: {min: 1, max: 2}", "replicas: {min: 2, max: 2}")
		committed := time.Now()
		// What the Git host's webhook does: ask for a refresh now, rather
		// than at the next poll.
		app := h.app(t, "ai-gateway-dev")
		ann := app.GetAnnotations()
		ann["argocd.argoproj.io/refresh"] = "normal"
		app.SetAnnotations(ann)
		if _, err := h.client.Resource(appsGVR).Namespace(argocdNS).Update(ctx, app, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
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
		bad := dev.DeepCopy()
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
		app := h.app(t, pr.GetName())
		res, _, _ := unstructured.NestedSlice(app.Object, "status", "resources")
		if len(res) == 0 {
			t.Fatal("the preview Application lists no resources")
		}
		for _, r := range res {
			m, _ := r.(map[string]any)
			if n, _ := m["namespace"].(string); n != "" && n != "ai-gateway-pr-42" {
				t.Errorf("the preview synced %s %s into namespace %s", m["kind"], m["name"], n)
			}
		}
		routes, err := h.client.Resource(gvr{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "httproutes"}).Namespace("ai-gateway-pr-42").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(routes.Items) == 0 {
			t.Fatal("the preview has no HTTPRoutes")
		}
		for _, r := range routes.Items {
			refs, _, _ := unstructured.NestedSlice(r.Object, "spec", "parentRefs")
			for _, ref := range refs {
				m, _ := ref.(map[string]any)
				if m["namespace"] != ns || m["name"] != "ai-gateway" {
					t.Errorf("preview HTTPRoute %s attaches to %v, not the dev Gateway %s/ai-gateway", r.GetName(), m, ns)
				}
			}
		}
	})

	t.Run("deleting the Application keeps the stateful composites", func(t *testing.T) {
		// The environment Applications have no resources finalizer; give
		// this one the cascading finalizer anyway (the background variant:
		// the foreground one waits for the garbage collector, which does
		// not run here), as `argocd app delete --cascade` would: the
		// stateful composites' Delete=false must still hold.
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

// harness is Argo CD running against the run's API server.
type harness struct {
	root, tmp, bin, repoURL string
	client                  dynamic.Interface
	standin                 *standin
	procs                   []*proc
	errs                    chan error
	printed                 map[string]*unstructured.Unstructured // by kind, from aigw appset
}

func setUp(t *testing.T) *harness {
	t.Helper()
	argocdBin := argocdBinDir(t)
	srv := kube.Server(t)
	ctx := t.Context()
	root, err := kubetest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{root: root, tmp: t.TempDir(), client: srv.Dynamic(), errs: make(chan error, 16),
		printed: map[string]*unstructured.Unstructured{}}
	crds := filepath.Join(h.tmp, "crds")
	if err := os.Mkdir(crds, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := xrender.WriteCompositeCRDs(root, crds); err != nil {
		t.Fatal(err)
	}
	if err := srv.InstallCRDs(ctx, crds); err != nil {
		t.Fatal(err)
	}
	// The controller's kubeconfig: the server this package started.
	kubeconfig := filepath.Join(h.tmp, "kubeconfig")
	data, err := srv.KubeConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kubeconfig, data, 0o600); err != nil {
		t.Fatal(err)
	}

	// aigw, as the sidecar image ships it.
	h.bin = filepath.Join(h.tmp, "bin")
	run(t, root, "go", "build", "-o", filepath.Join(h.bin, "aigw"), "./cmd/aigw")
	logs := filepath.Join(h.tmp, "logs")
	if err := os.Mkdir(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, p := range h.procs {
				t.Logf("--- %s (last lines of %s)\n%s", p.name, p.log, p.tail(30))
			}
		}
	})

	// The repository: the example at examples/ai-gateway, one branch per
	// environment, served by git daemon.
	h.repoURL = h.gitRepo(t, logs)

	redisPort := freePort(t)
	redis := start(t, logs, "redis", nil, 1, "redis-server", "--port", strconv.Itoa(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	h.procs = append(h.procs, redis)
	waitPort(t, redis, redisPort)
	redisAddr := "127.0.0.1:" + strconv.Itoa(redisPort)

	// cmp-server with the sidecar's plugin.yaml.
	config := filepath.Join(h.tmp, "cmp", "config")
	socks := filepath.Join(h.tmp, "cmp", "plugins")
	for _, d := range []string{config, socks, filepath.Join(h.tmp, "cmp", "work"), filepath.Join(h.tmp, "repo-tmp")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	plugin, err := os.ReadFile(filepath.Join(root, "deploy", "argocd", "plugin.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(config, "plugin.yaml"), plugin, 0o644); err != nil {
		t.Fatal(err)
	}
	path := "PATH=" + h.bin + string(os.PathListSeparator) + argocdBin + string(os.PathListSeparator) + os.Getenv("PATH")
	cmp := start(t, logs, "cmp-server", []string{path, "ARGOCD_PLUGINSOCKFILEPATH=" + socks, "ARGOCD_CMP_WORKDIR=" + filepath.Join(h.tmp, "cmp", "work")}, 2,
		filepath.Join(argocdBin, "argocd-cmp-server"), "--config-dir-path", config, "--loglevel", "info")
	h.procs = append(h.procs, cmp)

	repoPort := freePort(t)
	repo := start(t, logs, "repo-server", []string{path, "ARGOCD_PLUGINSOCKFILEPATH=" + socks, "ARGOCD_GPG_ENABLED=false", "TMPDIR=" + filepath.Join(h.tmp, "repo-tmp")}, 1,
		filepath.Join(argocdBin, "argocd-repo-server"), "--disable-tls", "--client-ca-path", "", "--address", "127.0.0.1", "--port", strconv.Itoa(repoPort),
		"--metrics-address", "127.0.0.1", "--metrics-port", strconv.Itoa(freePort(t)), "--redis", redisAddr, "--loglevel", "info")
	h.procs = append(h.procs, repo)
	waitPort(t, repo, repoPort)

	// Argo CD's namespace and settings: argocd-cm with the health checks the
	// sidecar install merges into it, the default project.
	if err := srv.EnsureNamespace(ctx, argocdNS, nil); err != nil {
		t.Fatal(err)
	}
	h.apply(t, argocdCM(t, root, !*withoutHealth))
	h.apply(t, object(t, `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"argocd-secret","namespace":"argocd","labels":{"app.kubernetes.io/part-of":"argocd"}}}`))
	h.apply(t, object(t, `{"apiVersion":"argoproj.io/v1alpha1","kind":"AppProject","metadata":{"name":"default","namespace":"argocd"},
		"spec":{"sourceRepos":["*"],"destinations":[{"server":"*","namespace":"*"}],"clusterResourceWhitelist":[{"group":"*","kind":"*"}]}}`))

	// The controller, with the in-cluster destination mapped to the
	// kubeconfig (ARGOCD_FAKE_IN_CLUSTER).
	ctrl := start(t, logs, "application-controller", []string{path, "KUBECONFIG=" + kubeconfig, "ARGOCD_FAKE_IN_CLUSTER=true", "TMPDIR=" + filepath.Join(h.tmp, "repo-tmp")}, 1,
		filepath.Join(argocdBin, "argocd-application-controller"), "--namespace", argocdNS, "--repo-server", "127.0.0.1:"+strconv.Itoa(repoPort), "--repo-server-plaintext",
		"--redis", redisAddr, "--metrics-port", strconv.Itoa(freePort(t)), "--status-processors", "4", "--operation-processors", "4",
		"--app-resync", "30", "--loglevel", "info")
	h.procs = append(h.procs, ctrl)

	sctx, cancel := context.WithCancel(context.Background())
	h.standin = &standin{client: h.client}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.standin.run(sctx, func(err error) {
			select {
			case h.errs <- err:
			default:
			}
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	return h
}

// gitRepo builds the repository and serves it; it returns the URL.
func (h *harness) gitRepo(t *testing.T, logs string) string {
	t.Helper()
	work := filepath.Join(h.tmp, "work")
	dst := filepath.Join(work, "examples", "ai-gateway")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile(filepath.Join(h.root, "examples", "ai-gateway", "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "aigateway.yaml"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, work, "git", "init", "-q", "-b", "main")
	run(t, work, "git", "add", ".")
	run(t, work, "git", "commit", "-q", "-m", "example gateway")
	for _, env := range []string{"dev", "staging", "prod"} {
		run(t, work, "git", "branch", "env/"+env)
	}
	served := filepath.Join(h.tmp, "served")
	run(t, h.tmp, "git", "clone", "-q", "--bare", work, filepath.Join(served, "aigw", "gateways.git"))
	port := freePort(t)
	d := start(t, logs, "git-daemon", nil, 1, "git", "daemon", "--reuseaddr", "--export-all", "--base-path="+served,
		"--listen=127.0.0.1", "--port="+strconv.Itoa(port), served)
	h.procs = append(h.procs, d)
	waitPort(t, d, port)
	run(t, work, "git", "remote", "add", "origin", fmt.Sprintf("git://127.0.0.1:%d/aigw/gateways.git", port))
	return fmt.Sprintf("git://127.0.0.1:%d/aigw/gateways.git", port)
}

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

// commit replaces old by new in the example's spec on the branch, pushes
// it to the served repository and returns the commit.
func (h *harness) commit(t *testing.T, branch, old, replacement string) string {
	t.Helper()
	work := filepath.Join(h.tmp, "work")
	run(t, work, "git", "checkout", "-q", branch)
	spec := filepath.Join(work, "examples", "ai-gateway", "aigateway.yaml")
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("the example has no %q to change", old)
	}
	if err := os.WriteFile(spec, bytes.Replace(data, []byte(old), []byte(replacement), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, work, "git", "commit", "-q", "-am", "change "+branch)
	run(t, work, "git", "push", "-q", filepath.Join(h.tmp, "served", "aigw", "gateways.git"), branch)
	return h.head(t, branch)
}

// head returns the commit the branch points at.
func (h *harness) head(t *testing.T, branch string) string {
	t.Helper()
	return strings.TrimSpace(run(t, filepath.Join(h.tmp, "work"), "git", "rev-parse", branch))
}

func object(t *testing.T, doc string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := sigsyaml.Unmarshal([]byte(doc), &u.Object); err != nil {
		t.Fatal(err)
	}
	return u
}

// argocdCM returns argocd-cm with the entries the sidecar component
// (deploy/argocd/kustomization.yaml) merges into it.
func argocdCM(t *testing.T, root string, health bool) *unstructured.Unstructured {
	t.Helper()
	dir := filepath.Join(root, "deploy", "argocd")
	data, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		ConfigMapGenerator []struct {
			Name  string   `json:"name"`
			Files []string `json:"files"`
		} `json:"configMapGenerator"`
	}
	if err := sigsyaml.Unmarshal(data, &k); err != nil {
		t.Fatal(err)
	}
	cm := object(t, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"argocd-cm","namespace":"argocd","labels":{"app.kubernetes.io/part-of":"argocd"}}}`)
	entries := map[string]any{}
	for _, g := range k.ConfigMapGenerator {
		if g.Name != "argocd-cm" {
			continue
		}
		for _, f := range g.Files {
			key, file, ok := strings.Cut(f, "=")
			if !ok {
				t.Fatalf("argocd-cm file entry %q has no key", f)
			}
			body, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			entries[key] = string(body)
		}
	}
	if len(entries) == 0 {
		t.Fatal("deploy/argocd/kustomization.yaml merges nothing into argocd-cm")
	}
	if health {
		cm.Object["data"] = entries
	}
	return cm
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
