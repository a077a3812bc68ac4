package preview_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestAPIServerAdmits applies the data stores on a real kube-apiserver, in a
// namespace that enforces Pod Security "restricted": every object is
// server-side dry-run applied and each pod template is dry-run created as a
// Pod, so the PodSecurity admission plugin judges it. A root pod is refused
// there, so the check is not vacuous.
func TestAPIServerAdmits(t *testing.T) {
	srv := kube.Server(t)
	ctx := t.Context()
	g := example.Preview(t, "42")
	if err := srv.EnsureNamespace(ctx, g.Namespace, map[string]string{
		"pod-security.kubernetes.io/enforce":         "restricted",
		"pod-security.kubernetes.io/enforce-version": "latest",
	}); err != nil {
		t.Fatal(err)
	}
	objs := build(t, g)
	// The pods' service accounts must exist for the ServiceAccount
	// admission plugin.
	accounts := srv.Dynamic().Resource(corev1.SchemeGroupVersion.WithResource("serviceaccounts")).Namespace(g.Namespace)
	for _, sa := range byKind(objs, "ServiceAccount") {
		if _, err := accounts.Apply(ctx, sa.GetName(), sa, metav1.ApplyOptions{FieldManager: kubetest.FieldManager, Force: true}); err != nil {
			t.Fatal(err)
		}
	}
	pods := 0
	for _, o := range objs {
		if err := srv.DryRunApply(ctx, o); err != nil {
			t.Errorf("%s %s: %v", o.GetKind(), o.GetName(), err)
		}
		if tmpl, ok := podTemplate(o); ok {
			pods++
			if err := srv.DryRunCreate(ctx, pod(o, tmpl)); err != nil {
				t.Errorf("pod of %s %s: %v", o.GetKind(), o.GetName(), err)
			}
		}
	}
	if pods != 2 {
		t.Errorf("%d pod templates, want PostgreSQL and Valkey", pods)
	}
	d := byKind(objs, "Deployment")[0]
	tmpl, _ := podTemplate(d)
	bad := pod(d, tmpl)
	unstructured.RemoveNestedField(bad.Object, "spec", "securityContext")
	containers, _, _ := unstructured.NestedSlice(bad.Object, "spec", "containers")
	delete(containers[0].(map[string]any), "securityContext")
	_ = unstructured.SetNestedSlice(bad.Object, containers, "spec", "containers")
	if err := srv.DryRunCreate(ctx, bad); err == nil || !kubetest.IsRejected(err) {
		t.Errorf("a pod without security context was not refused: %v", err)
	}
}

func pod(o *unstructured.Unstructured, tmpl map[string]any) *unstructured.Unstructured {
	p := &unstructured.Unstructured{Object: runtime.DeepCopyJSON(tmpl)}
	p.SetAPIVersion("v1")
	p.SetKind("Pod")
	p.SetName(o.GetName() + "-template")
	p.SetNamespace(o.GetNamespace())
	return p
}
