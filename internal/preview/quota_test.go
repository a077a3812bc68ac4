package preview_test

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// TestQuotaCoversThePreviewExactly derives the peak of the rendered preview
// (every Deployment's replicas plus its rolling-update surge, every Job's
// pod) from the rendered objects and wants the namespace's ResourceQuota to
// be exactly that: enough for a rollout, nothing to spare for a pull request
// that grows its pods; and no load balancers, node ports or volume claims.
func TestQuotaCoversThePreviewExactly(t *testing.T) {
	objs := renderAll(t, resolve.Options{Preview: "42"})
	var (
		quota       *corev1.ResourceQuota
		pods        int64
		cpu, memory resource.Quantity
	)
	add := func(n int64, spec corev1.PodSpec) {
		for _, c := range spec.Containers {
			for range n {
				cpu.Add(c.Resources.Requests[corev1.ResourceCPU])
				memory.Add(c.Resources.Requests[corev1.ResourceMemory])
			}
			if !c.Resources.Requests.Cpu().Equal(*c.Resources.Limits.Cpu()) || !c.Resources.Requests.Memory().Equal(*c.Resources.Limits.Memory()) {
				t.Errorf("container %s: requests differ from limits", c.Name)
			}
		}
		pods += n
	}
	for _, u := range objs {
		switch u.GetKind() {
		case "ResourceQuota":
			quota = &corev1.ResourceQuota{}
			fromUnstructured(t, u.Object, quota)
		case "Deployment":
			var d appsv1.Deployment
			fromUnstructured(t, u.Object, &d)
			n := int64(1)
			if d.Spec.Replicas != nil {
				n = int64(*d.Spec.Replicas)
			}
			if ru := d.Spec.Strategy.RollingUpdate; d.Spec.Strategy.Type == appsv1.RollingUpdateDeploymentStrategyType && ru != nil && ru.MaxSurge != nil {
				surge, err := intstr.GetScaledValueFromIntOrPercent(ru.MaxSurge, int(n), true)
				if err != nil {
					t.Fatal(err)
				}
				n += int64(surge)
			}
			add(n, d.Spec.Template.Spec)
		case "Job":
			var j batchv1.Job
			fromUnstructured(t, u.Object, &j)
			add(1, j.Spec.Template.Spec)
		}
	}
	if quota == nil {
		t.Fatal("the preview has no ResourceQuota")
	}
	hard := quota.Spec.Hard
	for name, want := range map[corev1.ResourceName]resource.Quantity{
		corev1.ResourceRequestsCPU:    cpu,
		corev1.ResourceLimitsCPU:      cpu,
		corev1.ResourceRequestsMemory: memory,
		corev1.ResourceLimitsMemory:   memory,
		corev1.ResourcePods:           *resource.NewQuantity(pods, resource.DecimalSI),
	} {
		if got := hard[name]; got.Cmp(want) != 0 {
			t.Errorf("quota %s = %s, the rendered preview peaks at %s", name, got.String(), want.String())
		}
	}
	for _, name := range []corev1.ResourceName{corev1.ResourceServicesLoadBalancers, corev1.ResourceServicesNodePorts, corev1.ResourcePersistentVolumeClaims} {
		if got, ok := hard[name]; !ok || !got.IsZero() {
			t.Errorf("quota %s = %v, want 0", name, hard[name])
		}
	}
	t.Logf("preview peak: %d pods, %s CPU, %s memory", pods, cpu.String(), memory.String())
}

// TestEnvironmentsHaveNoQuota: only previews are bounded by aigw.
func TestEnvironmentsHaveNoQuota(t *testing.T) {
	for _, u := range renderAll(t, resolve.Options{Environment: "dev"}) {
		if u.GetKind() == "ResourceQuota" {
			t.Errorf("environment dev renders ResourceQuota %s", u.GetName())
		}
	}
}

func fromUnstructured(t *testing.T, m map[string]any, into any) {
	t.Helper()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m, into); err != nil {
		t.Fatal(err)
	}
}
