package litellm_test

import (
	"os"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// kube is a real kube-apiserver (with its PodSecurity admission plugin),
// started on first use; the tests skip without the binaries (see kubetest).
var kube = kubetest.NewShared(kubetest.Options{})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// TestPodSecurityAdmission creates (dry run) a Pod from every pod template
// in a namespace that enforces the restricted Pod Security Standard, and
// dry-run applies every object of both releases.
func TestPodSecurityAdmission(t *testing.T) {
	srv := kube.Server(t)
	ctx := t.Context()
	for _, env := range example.Environments() {
		t.Run(env, func(t *testing.T) {
			g := example.Gateway(t, env)
			objs := build(t, g)
			err := srv.EnsureNamespace(ctx, g.Namespace, map[string]string{
				"pod-security.kubernetes.io/enforce":         "restricted",
				"pod-security.kubernetes.io/enforce-version": "latest",
			})
			if err != nil {
				t.Fatal(err)
			}
			// The ServiceAccount admission plugin wants the pods' accounts.
			for _, sa := range kinds(objs, "ServiceAccount") {
				_, err := srv.Dynamic().Resource(schema.GroupVersionResource{Version: "v1", Resource: "serviceaccounts"}).
					Namespace(g.Namespace).Create(ctx, &unstructured.Unstructured{Object: map[string]any{
					"apiVersion": "v1", "kind": "ServiceAccount",
					"metadata": map[string]any{"name": sa.GetName(), "namespace": g.Namespace},
				}}, metav1.CreateOptions{})
				if err != nil && !apierrors.IsAlreadyExists(err) {
					t.Fatal(err)
				}
			}
			for _, o := range objs {
				if err := srv.DryRunApply(ctx, o); err != nil {
					t.Errorf("%s %s: %v", o.GetKind(), o.GetName(), err)
				}
				if o.GetKind() != "Deployment" && o.GetKind() != "Job" {
					continue
				}
				if err := srv.DryRunCreate(ctx, podFrom(t, o)); err != nil {
					t.Errorf("pod of %s %s: %v", o.GetKind(), o.GetName(), err)
				}
			}
			// The namespace really enforces: a root pod is refused.
			bad := podFrom(t, kinds(objs, "Deployment")[0])
			unstructured.RemoveNestedField(bad.Object, "spec", "securityContext")
			containers, _, _ := unstructured.NestedSlice(bad.Object, "spec", "containers")
			delete(containers[0].(map[string]any), "securityContext")
			unstructured.SetNestedSlice(bad.Object, containers, "spec", "containers")
			if err := srv.DryRunCreate(ctx, bad); err == nil || !kubetest.IsRejected(err) {
				t.Errorf("a pod without security context was not refused: %v", err)
			}
		})
	}
}

func podFrom(t *testing.T, o *unstructured.Unstructured) *unstructured.Unstructured {
	t.Helper()
	tmpl, _, err := unstructured.NestedMap(o.Object, "spec", "template")
	if err != nil {
		t.Fatal(err)
	}
	pod := &unstructured.Unstructured{Object: runtime.DeepCopyJSON(tmpl)}
	pod.SetAPIVersion("v1")
	pod.SetKind("Pod")
	pod.SetNamespace(o.GetNamespace())
	pod.SetName(o.GetName() + "-probe")
	return pod
}
