package plugin_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argoproj/argo-cd/gitops-engine/pkg/utils/kube"
	"github.com/argoproj/argo-cd/v3/cmpserver"
	pluginclient "github.com/argoproj/argo-cd/v3/cmpserver/apiclient"
	cmpplugin "github.com/argoproj/argo-cd/v3/cmpserver/plugin"
	"github.com/argoproj/argo-cd/v3/pkg/apis/application/v1alpha1"
	repoclient "github.com/argoproj/argo-cd/v3/reposerver/apiclient"
	"github.com/argoproj/argo-cd/v3/util/app/discovery"
	"github.com/argoproj/argo-cd/v3/util/cmp"
	utilio "github.com/argoproj/argo-cd/v3/util/io"
	grpc_retry "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/retry"
	log "github.com/sirupsen/logrus"
	"google.golang.org/protobuf/types/known/emptypb"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	k8sversion "k8s.io/apimachinery/pkg/util/version"
	"sigs.k8s.io/yaml"
)

// This file is the test harness: it plays the Argo CD repo-server against
// Argo CD's own cmp-server (package cmpserver) serving our plugin.yaml. The
// functions mirror, by name, the repo-server code of Argo CD v3.5.7 they
// stand for (reposerver/repository/repository.go and
// util/app/discovery/discovery.go); only what the repo-server does with the
// Kubernetes API and git is left out.

// Fixed request values, as the application controller would send them.
const (
	repoURL = "https://git.example.com/platform/gateways.git"
	// revision is the resolved commit of the source.
	revision = "3f2a9c0d41b7e85a6c13f0e92d7b4a5c8e1f6d20"
	// serverVersion is what the controller's cluster cache reports (gitops-engine
	// normalises the API server's gitVersion to v<major>.<minor>.<patch>).
	serverVersion = "v1.34.2"
	// controllerNamespace is where Argo CD runs; Applications there are
	// named without a namespace prefix.
	controllerNamespace = "argocd"
)

// apiVersions is what the controller sends as ManifestRequest.ApiVersions:
// argo.APIResourcesToStrings(resources, true), i.e. every group/version and
// every group/version/kind the cluster serves, sorted.
var apiVersions = []string{
	"apps/v1", "apps/v1/Deployment",
	"autoscaling/v2", "autoscaling/v2/HorizontalPodAutoscaler",
	"gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1/Gateway", "gateway.networking.k8s.io/v1/HTTPRoute",
	"karpenter.sh/v1", "karpenter.sh/v1/NodePool",
	"policy/v1", "policy/v1/PodDisruptionBudget",
	"v1", "v1/ConfigMap", "v1/Namespace", "v1/Service",
}

// cmpServer is an in-process argocd-cmp-server serving plugin.yaml.
type cmpServer struct {
	// config is plugin.yaml as the cmp-server read it.
	config *cmpplugin.PluginConfig
}

// moduleRoot walks up from the working directory to go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's working directory")
		}
		dir = parent
	}
}

// buildAIGW builds ./cmd/aigw into a temporary bin directory and returns the
// directory.
func buildAIGW(t testing.TB, root string) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(bin, "aigw"), "./cmd/aigw")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/aigw: %v\n%s", err, out)
	}
	return bin
}

// socketDir returns a new short directory for the plugin socket: a unix
// socket path must fit in 108 bytes, which t.TempDir() paths (they contain
// the test name) need not.
func socketDir(t testing.TB) string {
	t.Helper()
	base := os.TempDir()
	if len(base) > 60 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "cmp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// startCMPServer serves root/plugin.yaml as the aigw sidecar does
// (argocd-cmp-server --config-dir-path <root>), with bin first on PATH, on a
// unix socket in a fresh plugin socket directory. It sets the process
// environment the cmp-server and the repo-server's discovery read, so tests
// using it must not run in parallel.
func startCMPServer(t testing.TB, root, bin string) *cmpServer {
	t.Helper()
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("ARGOCD_PLUGINSOCKFILEPATH", socketDir(t))
	t.Setenv("ARGOCD_CMP_WORKDIR", t.TempDir())
	// The cmp-server logs every request at info level through logrus.
	level := log.GetLevel()
	log.SetLevel(log.WarnLevel)
	t.Cleanup(func() { log.SetLevel(level) })

	config, err := cmpplugin.ReadPluginConfig(root)
	if err != nil {
		t.Fatalf("reading plugin.yaml: %v", err)
	}
	srv, err := cmpserver.NewServer(cmpplugin.CMPServerInitConstants{PluginConfig: *config})
	if err != nil {
		t.Fatal(err)
	}
	grpcServer, err := srv.CreateGRPC()
	if err != nil {
		t.Fatal(err)
	}
	var lc net.ListenConfig
	listener, err := lc.Listen(t.Context(), "unix", config.Address())
	if err != nil {
		t.Fatalf("listening on %s: %v", config.Address(), err)
	}
	served := make(chan error, 1)
	go func() { served <- grpcServer.Serve(listener) }()
	t.Cleanup(func() {
		grpcServer.Stop()
		if err := <-served; err != nil {
			t.Errorf("cmp-server: %v", err)
		}
	})
	return &cmpServer{config: config}
}

// parseApplication decodes an Argo CD Application manifest.
func parseApplication(t testing.TB, manifest string) *v1alpha1.Application {
	t.Helper()
	var app v1alpha1.Application
	if err := yaml.UnmarshalStrict([]byte(manifest), &app); err != nil {
		t.Fatalf("parsing Application: %v", err)
	}
	if app.Spec.Source == nil {
		t.Fatal("Application has no spec.source")
	}
	return &app
}

// pluginName is the Application's spec.source.plugin.name ("" lets the
// repo-server discover the plugin).
func pluginName(app *v1alpha1.Application) string {
	if p := app.Spec.Source.Plugin; p != nil {
		return p.Name
	}
	return ""
}

// newEnv mirrors the repo-server's newEnv for the ManifestRequest the
// controller builds for app.
func newEnv(app *v1alpha1.Application) v1alpha1.Env {
	src := app.Spec.Source
	return v1alpha1.Env{
		{Name: "ARGOCD_APP_NAME", Value: app.InstanceName(controllerNamespace)},
		{Name: "ARGOCD_APP_NAMESPACE", Value: app.Spec.Destination.Namespace},
		{Name: "ARGOCD_APP_PROJECT_NAME", Value: app.Spec.Project},
		{Name: "ARGOCD_APP_REVISION", Value: revision},
		{Name: "ARGOCD_APP_REVISION_SHORT", Value: revision[:7]},
		{Name: "ARGOCD_APP_REVISION_SHORT_8", Value: revision[:8]},
		{Name: "ARGOCD_APP_SOURCE_REPO_URL", Value: src.RepoURL},
		{Name: "ARGOCD_APP_SOURCE_PATH", Value: src.Path},
		{Name: "ARGOCD_APP_SOURCE_TARGET_REVISION", Value: src.TargetRevision},
	}
}

// getPluginEnvs mirrors the repo-server's getPluginEnvs: the build
// environment, the cluster's version and API versions, then the plugin's.
func getPluginEnvs(t testing.TB, app *v1alpha1.Application) []string {
	t.Helper()
	v, err := k8sversion.ParseGeneric(serverVersion)
	if err != nil {
		t.Fatal(err)
	}
	env := newEnv(app).Environ()
	env = append(env, "KUBE_VERSION="+v.String(), "KUBE_API_VERSIONS="+strings.Join(apiVersions, ","))
	return getPluginParamEnvs(t, env, app.Spec.Source.Plugin)
}

// getPluginParamEnvs mirrors the repo-server's getPluginParamEnvs: the
// Application's plugin env as ARGOCD_ENV_<NAME> (with $VAR substitution from
// env), then its parameters as ARGOCD_APP_PARAMETERS and PARAM_<NAME>.
func getPluginParamEnvs(t testing.TB, env []string, p *v1alpha1.ApplicationSourcePlugin) []string {
	t.Helper()
	parsed := make(v1alpha1.Env, len(env))
	for i, kv := range env {
		e, err := v1alpha1.NewEnvEntry(kv)
		if err != nil {
			t.Fatal(err)
		}
		parsed[i] = e
	}
	if p == nil {
		return env
	}
	for _, e := range p.Env {
		env = append(env, fmt.Sprintf("ARGOCD_ENV_%s=%s", e.Name, parsed.Envsubst(e.Value)))
	}
	params, err := p.Parameters.Environ()
	if err != nil {
		t.Fatal(err)
	}
	return append(env, params...)
}

// appDetailsEnv mirrors the environment populatePluginAppDetails builds for
// a parameters announcement (the UI's app details): no namespace, no
// cluster versions.
func appDetailsEnv(t testing.TB, app *v1alpha1.Application) []string {
	t.Helper()
	src := app.Spec.Source
	env := []string{
		"ARGOCD_APP_NAME=" + app.InstanceName(controllerNamespace),
		"ARGOCD_APP_SOURCE_REPO_URL=" + src.RepoURL,
		"ARGOCD_APP_SOURCE_PATH=" + src.Path,
		"ARGOCD_APP_SOURCE_TARGET_REVISION=" + src.TargetRevision,
	}
	return getPluginParamEnvs(t, env, src.Plugin)
}

// generateManifests mirrors runConfigManagementPluginSidecars: detect the
// plugin, stream the repository with the app path, and split what the
// plugin returned into objects. It also returns the raw manifest strings.
func generateManifests(ctx context.Context, t testing.TB, repo string, app *v1alpha1.Application) ([]*unstructured.Unstructured, []string, error) {
	t.Helper()
	env := getPluginEnvs(t, app)
	appPath := filepath.Join(repo, app.Spec.Source.Path)
	conn, client, err := discovery.DetectConfigManagementPlugin(ctx, appPath, repo, pluginName(app), env, nil)
	if err != nil {
		return nil, nil, err
	}
	defer utilio.Close(conn)
	cfg, err := client.CheckPluginConfiguration(ctx, &emptypb.Empty{})
	if err != nil {
		return nil, nil, fmt.Errorf("error calling cmp-server checkPluginConfiguration: %w", err)
	}
	if cfg.ProvideGitCreds {
		t.Error("plugin.yaml asks for git credentials; aigw needs none")
	}
	stream, err := client.GenerateManifest(ctx, grpc_retry.Disable())
	if err != nil {
		return nil, nil, err
	}
	if err := cmp.SendRepoStream(ctx, appPath, repo, stream, env, nil); err != nil {
		return nil, nil, fmt.Errorf("error sending file to cmp-server: %w", err)
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, nil, fmt.Errorf("error generating manifests in cmp: %w", err)
	}
	var objs []*unstructured.Unstructured
	for _, m := range resp.Manifests {
		split, err := kube.SplitYAML([]byte(m))
		if err != nil {
			return nil, nil, fmt.Errorf("failed to convert CMP manifests to unstructured objects: %w", err)
		}
		objs = append(objs, split...)
	}
	return objs, resp.Manifests, nil
}

// parametersAnnouncement mirrors populatePluginAppDetails: what the UI shows
// in the Application's parameters tab.
func parametersAnnouncement(ctx context.Context, t testing.TB, repo string, app *v1alpha1.Application) ([]*repoclient.ParameterAnnouncement, error) {
	t.Helper()
	env := appDetailsEnv(t, app)
	appPath := filepath.Join(repo, app.Spec.Source.Path)
	conn, client, err := discovery.DetectConfigManagementPlugin(ctx, appPath, repo, pluginName(app), env, nil)
	if err != nil {
		return nil, fmt.Errorf("failed to detect CMP for app: %w", err)
	}
	defer utilio.Close(conn)
	stream, err := client.GetParametersAnnouncement(ctx, grpc_retry.Disable())
	if err != nil {
		return nil, err
	}
	if err := cmp.SendRepoStream(ctx, appPath, repo, stream, env, nil); err != nil {
		return nil, fmt.Errorf("error sending file to cmp-server: %w", err)
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return nil, fmt.Errorf("failed to get parameter announcement: %w", err)
	}
	return resp.ParameterAnnouncements, nil
}

// matchRepository asks the plugin socket directly whether it supports the
// folder repo/path (util/app/discovery's matchRepositoryCMP).
func matchRepository(ctx context.Context, t testing.TB, srv *cmpServer, repo, path string) (*pluginclient.RepositoryResponse, error) {
	t.Helper()
	conn, client, err := pluginclient.NewConfigManagementPluginClientSet(srv.config.Address()).NewConfigManagementPluginClient()
	if err != nil {
		return nil, err
	}
	defer utilio.Close(conn)
	stream, err := client.MatchRepository(ctx, grpc_retry.Disable())
	if err != nil {
		return nil, err
	}
	if err := cmp.SendRepoStream(ctx, filepath.Join(repo, path), repo, stream, nil, nil); err != nil {
		return nil, err
	}
	return stream.CloseAndRecv()
}

// renderObjects runs `aigw render <dir> --env <env> …` with the same cluster
// versions the repo-server passes and splits the output as Argo CD does.
func renderObjects(ctx context.Context, t testing.TB, bin, dir string, args ...string) []*unstructured.Unstructured {
	t.Helper()
	v, err := k8sversion.ParseGeneric(serverVersion)
	if err != nil {
		t.Fatal(err)
	}
	args = append([]string{"render", dir, "--kube-version", v.String(), "--api-versions", strings.Join(apiVersions, ",")}, args...)
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "aigw"), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aigw %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	objs, err := kube.SplitYAML(out)
	if err != nil {
		t.Fatalf("splitting aigw render output: %v", err)
	}
	return objs
}

// writeRepo lays out a repository checkout: the example app, a broken copy
// of it, and folders the plugin must not claim. It returns the repo root.
func writeRepo(t testing.TB, root string) string {
	t.Helper()
	repo := t.TempDir()
	example, err := os.ReadFile(filepath.Join(root, "examples", "ai-gateway", "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"README.md":                          "# gateways\n",
		"gateways/ai-gateway/aigateway.yaml": string(example),
		"gateways/broken/aigateway.yaml":     breakSpec(t, string(example)),
		"docs/README.md":                     "no spec here\n",
		"nested/README.md":                   "the spec is one level down\n",
		"nested/ai-gateway/aigateway.yaml":   string(example),
		"plain/configmap.yaml":               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n",
	}
	for name, content := range files {
		path := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return repo
}

// brokenField is the line breakSpec corrupts, and the error aigw must report
// for it.
const (
	brokenFrom = "        instances: 3\n"
	brokenTo   = "        instances: three\n"
	brokenPath = "spec.environments.prod.database.instances"
)

// breakSpec corrupts one field of the example spec.
func breakSpec(t testing.TB, spec string) string {
	t.Helper()
	if strings.Count(spec, brokenFrom) != 1 {
		t.Fatalf("the example spec no longer has exactly one %q; update brokenFrom", strings.TrimSpace(brokenFrom))
	}
	return strings.Replace(spec, brokenFrom, brokenTo, 1)
}

// brokenLine is the 1-based line of the corrupted field in the broken spec.
func brokenLine(t testing.TB, repo string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "gateways", "broken", "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), brokenTo)
	if i < 0 {
		t.Fatal("broken spec lost its corrupted line")
	}
	return strings.Count(string(b[:i]), "\n") + 1
}

// errorContains reports whether err's message contains every one of want.
func errorContains(err error, want ...string) error {
	if err == nil {
		return errors.New("no error")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			return fmt.Errorf("error does not contain %q: %v", w, err)
		}
	}
	return nil
}
