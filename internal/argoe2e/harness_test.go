package argoe2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/xrender"
)

// harness is Argo CD running against the run's API server.
type harness struct {
	root, tmp, bin, repoURL string
	client                  dynamic.Interface
	mapper                  meta.RESTMapper
	standin                 *standin
	procs                   []*proc
	cmp                     *proc
	cmpUID, cmpGID          uint32 // the sidecar's user in deploy/argocd/repo-server.yaml
	errs                    chan error
	printed                 map[string]*unstructured.Unstructured   // by kind, from aigw appset
	rendered                map[string][]*unstructured.Unstructured // by environment (pr-42: the preview), from aigw render
	mappings                []*meta.RESTMapping                     // of every kind in rendered
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
	h := &harness{root: root, tmp: t.TempDir(), client: srv.Dynamic(), mapper: srv.RESTMapper(), errs: make(chan error, 16),
		printed: map[string]*unstructured.Unstructured{}, rendered: map[string][]*unstructured.Unstructured{}}
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
	h.mappings = h.renderedMappings(t)

	redisPort := freePort(t)
	redis := start(t, logs, "redis", nil, 1, "redis-server", "--port", strconv.Itoa(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	h.procs = append(h.procs, redis)
	waitPort(t, redis, redisPort)
	redisAddr := "127.0.0.1:" + strconv.Itoa(redisPort)

	// cmp-server with the sidecar's plugin.yaml, as the sidecar's user.
	config := filepath.Join(h.tmp, "cmp", "config")
	socks := filepath.Join(h.tmp, "cmp", "plugins")
	cmpWork, cmpHome := filepath.Join(h.tmp, "cmp", "work"), filepath.Join(h.tmp, "cmp", "home")
	for _, d := range []string{config, socks, cmpWork, cmpHome, filepath.Join(h.tmp, "repo-tmp")} {
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
	h.cmpUID, h.cmpGID = sidecarUser(t, root)
	cred, cmpBin := asUser(t, h.cmpUID, h.cmpGID, h.tmp, argocdBin, []string{socks, cmpWork, cmpHome})
	// HOME and TMPDIR: the image's HOME is /tmp, the sidecar's own.
	h.cmp = startAs(t, logs, "cmp-server", cred, []string{"PATH=" + h.bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + cmpHome, "TMPDIR=" + cmpHome, "ARGOCD_PLUGINSOCKFILEPATH=" + socks, "ARGOCD_CMP_WORKDIR=" + cmpWork}, 2,
		cmpBin, "--config-dir-path", config, "--loglevel", "info")
	h.procs = append(h.procs, h.cmp)

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
	var kinds []gvr
	for _, m := range h.mappings {
		kinds = append(kinds, m.Resource)
	}
	h.standin = &standin{client: h.client, gc: kinds}
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
