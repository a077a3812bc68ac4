package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
	"github.com/aigw-dev/aigw/internal/xrender"
)

var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// examples lists every example gateway folder.
func examples(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("../../examples/*/aigateway.yaml")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	for i, d := range dirs {
		dirs[i] = filepath.Dir(d)
	}
	return dirs
}

// TestExamplesAcceptedByAPIServer is the acceptance bar: the real API server
// accepts every object of every environment of every example, and of the
// pull-request preview of each example that has previews.
func TestExamplesAcceptedByAPIServer(t *testing.T) {
	srv := kube.Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// The composites' CRDs, derived from our XRDs as Crossplane does.
	root, err := kubetest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	crds := t.TempDir()
	if err := xrender.WriteCompositeCRDs(root, crds); err != nil {
		t.Fatal(err)
	}
	if err := srv.InstallCRDs(ctx, crds); err != nil {
		t.Fatal(err)
	}
	r := &render.Renderer{Embedded: aigw.Files}
	for _, dir := range examples(t) {
		doc, root, err := render.Load(dir, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, env := range doc.Environments() {
			t.Run(filepath.Base(dir)+"/"+env, func(t *testing.T) {
				res, err := r.RenderDocument(ctx, doc, root.FS(), render.Options{Resolve: resolve.Options{Environment: env}})
				if err != nil {
					t.Fatal(err)
				}
				applyAll(ctx, t, srv, res.Objects)
			})
		}
		// The pull-request preview (of spec.previews.from), as the
		// previews ApplicationSet renders it: its own namespace, its
		// in-namespace data stores (judged by the PodSecurity admission),
		// routes on the source environment's Gateway.
		if p := doc.Gateway.Spec.Previews; p != nil {
			t.Run(filepath.Base(dir)+"/"+p.From+"-pr-42", func(t *testing.T) {
				res, err := r.RenderDocument(ctx, doc, root.FS(), render.Options{Resolve: resolve.Options{Environment: p.From, Preview: "42"}})
				if err != nil {
					t.Fatal(err)
				}
				applyAll(ctx, t, srv, res.Objects)
			})
		}
		root.Close()
	}
}

func applyAll(ctx context.Context, t *testing.T, srv *kubetest.Server, objs []map[string]any) {
	t.Helper()
	// Namespaces and service accounts are created for real (the rest is
	// dry-run into them; pods need their service account to exist).
	for _, o := range objs {
		u := &unstructured.Unstructured{Object: o}
		if u.GetKind() == "Namespace" {
			if err := srv.EnsureNamespace(ctx, u.GetName(), u.GetLabels()); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, o := range objs {
		u, err := jsonCopy(o)
		if err != nil {
			t.Fatal(err)
		}
		if u.GetKind() == "ServiceAccount" {
			sa := srv.Dynamic().Resource(corev1.SchemeGroupVersion.WithResource("serviceaccounts")).Namespace(u.GetNamespace())
			if _, err := sa.Apply(ctx, u.GetName(), u, metav1.ApplyOptions{FieldManager: kubetest.FieldManager, Force: true}); err != nil {
				t.Fatalf("creating service account %s: %v", u.GetName(), err)
			}
		}
	}
	pods := 0
	for _, o := range objs {
		u, err := jsonCopy(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.DryRunApply(ctx, u); err != nil {
			t.Errorf("rejected: %v", err)
			continue
		}
		if pod, ok := podFromTemplate(t, u); ok {
			pods++
			if err := srv.DryRunCreate(ctx, pod); err != nil {
				t.Errorf("pod template of %s %s rejected: %v", u.GetKind(), u.GetName(), err)
			}
		}
	}
	t.Logf("%d objects accepted, %d pod templates admitted", len(objs), pods)
}

// jsonCopy copies an object through JSON, as a client would send it.
func jsonCopy(o map[string]any) (*unstructured.Unstructured, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{}
	return u, u.UnmarshalJSON(b)
}

// podFromTemplate returns a Pod built from the pod template of a workload.
func podFromTemplate(t *testing.T, u *unstructured.Unstructured) (*unstructured.Unstructured, bool) {
	t.Helper()
	var path []string
	switch u.GetKind() {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
		path = []string{"spec", "template"}
	case "CronJob":
		path = []string{"spec", "jobTemplate", "spec", "template"}
	default:
		return nil, false
	}
	tmpl, found, err := unstructured.NestedMap(u.Object, path...)
	if err != nil || !found {
		t.Fatalf("%s %s has no pod template: %v", u.GetKind(), u.GetName(), err)
	}
	var pt corev1.PodTemplateSpec
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(tmpl, &pt); err != nil {
		t.Fatal(err)
	}
	pod := corev1.Pod{ObjectMeta: pt.ObjectMeta, Spec: pt.Spec}
	pod.APIVersion, pod.Kind = "v1", "Pod"
	pod.Name = u.GetName() + "-template"
	pod.Namespace = u.GetNamespace()
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&pod)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: m}, true
}
