package preview

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// QuotaName is the ResourceQuota of a preview namespace: <gateway>-preview.
func QuotaName(g *resolve.Gateway) string { return g.Name("preview") }

// podBudget is one kind of pod of a preview and how many of it can run at
// once: a LiteLLM release runs its replicas plus one surge pod during a
// rollout (maxSurge 1), the migration Job one pod, each data store one
// (recreated, never surged).
type podBudget struct {
	count       int64
	cpu, memory string
}

// quota bounds a preview namespace to exactly what its own pods need at the
// peak of a rollout, so that a pull request cannot grow its preview beyond
// that (requests are limits everywhere: Guaranteed QoS), and forbids what
// would cost outside the namespace: Services of type LoadBalancer (a new
// load balancer), node ports and persistent volume claims (storage that
// could outlive a careless cleanup).
func quota(g *resolve.Gateway) (*corev1.ResourceQuota, error) {
	s := g.Settings
	budgets := []podBudget{
		{int64(s.API.Replicas.Max) + 1, s.API.Resources.CPU, s.API.Resources.Memory},
		{1, s.API.Resources.CPU, s.API.Resources.Memory}, // the migration Job
		{int64(s.Admin.Replicas) + 1, s.Admin.Resources.CPU, s.Admin.Resources.Memory},
		{1, PostgresCPU, PostgresMemory},
		{1, ValkeyCPU, ValkeyMemory},
	}
	var pods int64
	cpu, memory := resource.Quantity{}, resource.Quantity{}
	for _, b := range budgets {
		c, err := resource.ParseQuantity(b.cpu)
		if err != nil {
			return nil, fmt.Errorf("cpu %q: %w", b.cpu, err)
		}
		m, err := resource.ParseQuantity(b.memory)
		if err != nil {
			return nil, fmt.Errorf("memory %q: %w", b.memory, err)
		}
		for range b.count {
			cpu.Add(c)
			memory.Add(m)
		}
		pods += b.count
	}
	zero := resource.MustParse("0")
	q := &corev1.ResourceQuota{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ResourceQuota"},
		ObjectMeta: meta(g, QuotaName(g), nil),
		Spec: corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{
			corev1.ResourceRequestsCPU:            cpu,
			corev1.ResourceLimitsCPU:              cpu.DeepCopy(),
			corev1.ResourceRequestsMemory:         memory,
			corev1.ResourceLimitsMemory:           memory.DeepCopy(),
			corev1.ResourcePods:                   *resource.NewQuantity(pods, resource.DecimalSI),
			corev1.ResourceServicesLoadBalancers:  zero,
			corev1.ResourceServicesNodePorts:      zero.DeepCopy(),
			corev1.ResourcePersistentVolumeClaims: zero.DeepCopy(),
		}},
	}
	component.SetWave(q, component.WaveSecrets)
	return q, nil
}
