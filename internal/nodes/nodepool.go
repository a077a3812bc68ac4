package nodes

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Lifecycle of the pool's nodes.
const (
	// ExpireAfter replaces every node after 30 days (fresh AMI, patched kernel).
	ExpireAfter = 720 * time.Hour
	// ConsolidateAfter waits this long after the last pod change before
	// consolidating, so a burst of scale-ups and downs does not churn nodes.
	ConsolidateAfter = 5 * time.Minute
	// TerminationGracePeriod bounds a node's drain: long enough for the
	// LiteLLM pods to finish streamed responses, short enough that a
	// blocking disruption budget cannot keep an expired node forever.
	TerminationGracePeriod = time.Hour
	// DisruptionBudget is the share of the pool's nodes Karpenter may
	// disrupt at once, for any reason (rounded up, so at least one node).
	DisruptionBudget = "20%"
)

// poolAPIVersion is the NodePool's API version (Karpenter's Go module
// exports no GroupVersion).
const poolAPIVersion = "karpenter.sh/v1"

// Karpenter's well-known label keys of the AWS provider.
const (
	labelInstanceFamily = "karpenter.k8s.aws/instance-family"
	labelInstanceSize   = "karpenter.k8s.aws/instance-size"
)

// nodePool is the pool of Graviton nodes dedicated to LiteLLM.
func nodePool(g *resolve.Gateway) (*karpv1.NodePool, error) {
	limits, err := poolLimits(g)
	if err != nil {
		return nil, err
	}
	n, pool := g.Nodes, g.Contract().NodePool
	name := pool.Name
	expire, consolidate := ExpireAfter, ConsolidateAfter
	p := &karpv1.NodePool{
		TypeMeta:   metav1.TypeMeta{APIVersion: poolAPIVersion, Kind: "NodePool"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: g.Labels()},
		Spec: karpv1.NodePoolSpec{
			Template: karpv1.NodeClaimTemplate{
				ObjectMeta: karpv1.ObjectMeta{Labels: nodeLabels(g)},
				Spec: karpv1.NodeClaimTemplateSpec{
					NodeClassRef: &karpv1.NodeClassReference{Group: classGroup, Kind: "EC2NodeClass", Name: name},
					Taints:       []corev1.Taint{pool.Taint()},
					Requirements: []karpv1.NodeSelectorRequirementWithMinValues{
						{Key: corev1.LabelArchStable, Operator: corev1.NodeSelectorOpIn, Values: []string{pool.Arch}},
						{Key: corev1.LabelOSStable, Operator: corev1.NodeSelectorOpIn, Values: []string{string(corev1.Linux)}},
						{Key: karpv1.CapacityTypeLabelKey, Operator: corev1.NodeSelectorOpIn, Values: n.CapacityTypes},
						{Key: labelInstanceFamily, Operator: corev1.NodeSelectorOpIn, Values: n.InstanceFamilies},
						// Bare metal boots slowly and is far larger than a LiteLLM pod.
						{Key: labelInstanceSize, Operator: corev1.NodeSelectorOpNotIn, Values: []string{"metal"}},
					},
					ExpireAfter:            karpv1.NillableDuration{Duration: &expire},
					TerminationGracePeriod: &metav1.Duration{Duration: TerminationGracePeriod},
				},
			},
			Disruption: karpv1.Disruption{
				ConsolidationPolicy: karpv1.ConsolidationPolicyWhenEmptyOrUnderutilized,
				ConsolidateAfter:    karpv1.NillableDuration{Duration: &consolidate},
				Budgets:             []karpv1.Budget{{Nodes: DisruptionBudget}},
			},
			Limits: limits,
		},
	}
	component.SetWave(p, component.WaveInfra)
	return p, nil
}

// nodeLabels are the labels of every node of the pool: the pool label the
// LiteLLM pods select, and the gateway and environment (only aigw.dev keys:
// Karpenter refuses labels in the kubernetes.io domains).
func nodeLabels(g *resolve.Gateway) map[string]string {
	return map[string]string{
		resolve.NodePoolLabel:  g.Contract().NodePool.Name,
		"aigw.dev/gateway":     g.Gateway,
		"aigw.dev/environment": g.Environment.Name,
	}
}

func poolLimits(g *resolve.Gateway) (karpv1.Limits, error) {
	cpu, err := resource.ParseQuantity(g.Nodes.Limits.CPU)
	if err != nil {
		return nil, fmt.Errorf("spec.nodes.limits.cpu %q: %w", g.Nodes.Limits.CPU, err)
	}
	mem, err := resource.ParseQuantity(g.Nodes.Limits.Memory)
	if err != nil {
		return nil, fmt.Errorf("spec.nodes.limits.memory %q: %w", g.Nodes.Limits.Memory, err)
	}
	return karpv1.Limits{corev1.ResourceCPU: cpu, corev1.ResourceMemory: mem}, nil
}
