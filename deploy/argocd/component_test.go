package argocd_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

var kube = kubetest.NewShared(kubetest.Options{})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// componentFiles are the files of the component.
var componentFiles = []string{"kustomization.yaml", "repo-server.yaml", "argocd-cmd-params-cm.yaml", "plugin.yaml", "health.lua"}

// build runs Kustomize over testdata/install (a representative Argo CD
// repo-server with the component) in memory, laid out as a platform
// repository (platform/argocd) beside a copy of aigw (aigw/deploy/argocd).
func build(t *testing.T) (yaml []byte, objs []*unstructured.Unstructured) {
	t.Helper()
	fsys := filesys.MakeFsInMemory()
	copyFiles := func(from, to string, names []string) {
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(from, n))
			if err != nil {
				t.Fatal(err)
			}
			if err := fsys.WriteFile(filepath.Join(to, n), b); err != nil {
				t.Fatal(err)
			}
		}
	}
	copyFiles(".", "/aigw/deploy/argocd", componentFiles)
	install, err := filepath.Glob("testdata/install/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range install {
		install[i] = filepath.Base(install[i])
	}
	copyFiles("testdata/install", "/platform/argocd", install)
	rm, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fsys, "/platform/argocd")
	if err != nil {
		t.Fatalf("kustomize: %v", err)
	}
	yaml, err = rm.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rm.Resources() {
		b, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, u)
	}
	return yaml, objs
}

// TestPluginConfigIsTheRepositorys keeps the component's plugin.yaml equal
// to the repository's (go test ./deploy/argocd -update copies it;
// it runs first, so that the other tests see the copy).
func TestPluginConfigIsTheRepositorys(t *testing.T) {
	want, err := os.ReadFile("../../plugin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, "plugin.yaml", want)
}

func TestGolden(t *testing.T) {
	y, _ := build(t)
	golden.Assert(t, "testdata/install.golden.yaml", y)
}

func TestSidecar(t *testing.T) {
	_, objs := build(t)
	var (
		dep    appsv1.Deployment
		plugin *corev1.ConfigMap
		params *corev1.ConfigMap
	)
	for _, o := range objs {
		switch {
		case o.GetKind() == "Deployment":
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &dep); err != nil {
				t.Fatal(err)
			}
		case o.GetKind() == "ConfigMap":
			var cm corev1.ConfigMap
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &cm); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(cm.Name, "aigw-plugin-") {
				plugin = &cm
			}
			if cm.Name == "argocd-cmd-params-cm" {
				params = &cm
			}
		}
	}
	spec := dep.Spec.Template.Spec
	names := map[string]corev1.Container{}
	for _, c := range spec.Containers {
		names[c.Name] = c
	}
	if _, ok := names["argocd-repo-server"]; len(spec.Containers) != 2 || !ok {
		t.Fatalf("containers: want the repo-server's and the sidecar, got %d", len(spec.Containers))
	}
	if dep.Spec.Template.Annotations["kubectl.kubernetes.io/default-container"] != "argocd-repo-server" {
		t.Error("kubectl must keep defaulting to the repo-server container")
	}
	c := names["aigw"]
	if c.Name != "aigw" || !slices.Equal(c.Command, []string{"/var/run/argocd/argocd-cmp-server"}) || c.Image != "ghcr.io/aigw-dev/aigw:v0.1.0" {
		t.Errorf("sidecar %s: command %v, image %s", c.Name, c.Command, c.Image)
	}
	sc := c.SecurityContext
	if sc == nil || sc.RunAsUser == nil || *sc.RunAsUser != 999 || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot ||
		sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Errorf("sidecar security context %+v", sc)
	}
	mounts := map[string]corev1.VolumeMount{}
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = m
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = v
	}
	for path, vol := range map[string]string{"/var/run/argocd": "var-files", "/home/argocd/cmp-server/plugins": "plugins"} {
		if mounts[path].Name != vol {
			t.Errorf("%s: mounted from %q, want the repo-server's shared %s volume", path, mounts[path].Name, vol)
		}
	}
	tmp := mounts["/tmp"]
	if tmp.Name == "" || tmp.Name == "tmp" || volumes[tmp.Name].EmptyDir == nil {
		t.Errorf("/tmp must be the sidecar's own emptyDir, got volume %q", tmp.Name)
	}
	cfg := mounts["/home/argocd/cmp-server/config/plugin.yaml"]
	if cfg.SubPath != "plugin.yaml" || volumes[cfg.Name].ConfigMap == nil {
		t.Fatalf("plugin.yaml mount %+v", cfg)
	}
	want, err := os.ReadFile("../../plugin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if plugin == nil || volumes[cfg.Name].ConfigMap.Name != plugin.Name || plugin.Data["plugin.yaml"] != string(want) {
		t.Errorf("plugin.yaml must come from the generated ConfigMap holding the repository's plugin.yaml")
	}
	for _, k := range []string{"reposerver.plugin.tar.exclusions", "controller.repo.server.timeout.seconds", "server.repo.server.timeout.seconds", "reposerver.plugin.use.manifest.generate.paths"} {
		if params == nil || params.Data[k] == "" {
			t.Errorf("argocd-cmd-params-cm lacks %s", k)
		}
	}
	if params.Data["reposerver.parallelism.limit"] != "10" {
		t.Error("the component must keep the platform's own parameters")
	}
	if !strings.Contains(params.Data["reposerver.plugin.tar.exclusions"], ".git/*") {
		t.Error("the tar exclusions must exclude .git")
	}
}

// TestAPIServer applies the result on a real API server (dry run), and
// admits the repo-server Pod with its sidecar into a namespace that
// enforces Pod Security "restricted".
func TestAPIServer(t *testing.T) {
	srv := kube.Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := srv.EnsureNamespace(ctx, "argocd", map[string]string{"pod-security.kubernetes.io/enforce": "restricted"}); err != nil {
		t.Fatal(err)
	}
	_, objs := build(t)
	for _, o := range objs {
		if o.GetKind() == "ServiceAccount" {
			// Created for real: the Pod below needs it.
			if err := srv.DryRunApply(ctx, o); err != nil {
				t.Fatal(err)
			}
			if _, err := srv.Dynamic().Resource(corev1.SchemeGroupVersion.WithResource("serviceaccounts")).Namespace("argocd").Create(ctx, o, metav1CreateOptions()); err != nil && !isExists(err) {
				t.Fatal(err)
			}
			continue
		}
		if err := srv.DryRunApply(ctx, o.DeepCopy()); err != nil {
			t.Errorf("rejected: %v", err)
		}
		if o.GetKind() == "Deployment" {
			pod, err := podOf(o)
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.DryRunCreate(ctx, pod); err != nil {
				t.Errorf("the repo-server Pod with the sidecar is not admitted: %v", err)
			}
		}
	}
}

func podOf(o *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	var dep appsv1.Deployment
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &dep); err != nil {
		return nil, err
	}
	pod := corev1.Pod{ObjectMeta: dep.Spec.Template.ObjectMeta, Spec: dep.Spec.Template.Spec}
	pod.APIVersion, pod.Kind = "v1", "Pod"
	pod.Name, pod.Namespace = "argocd-repo-server-test", o.GetNamespace()
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&pod)
	if err != nil {
		return nil, err
	}
	return &unstructured.Unstructured{Object: m}, nil
}
