// Package namespace builds the environment's Namespace, labelled for Pod
// Security Admission at the restricted level (enforce, audit and warn),
// with the labels and annotations of the contract (resolve.Namespace): an
// environment's Namespace is never pruned or deleted by Argo CD; a
// preview's is, and carries the label that admits its routes on the source
// environment's Gateway.
package namespace

import (
	"context"
	"maps"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/aigw-dev/aigw/internal/component"
)

// PodSecurityLevel is the Pod Security Standard every pod must meet.
const PodSecurityLevel = "restricted"

// ReadinessGateLabel on a namespace makes the AWS Load Balancer
// Controller's pod webhook (namespaceSelector of mpod.elbv2.k8s.aws) add a
// target-health readiness gate to every pod behind one of its IP-mode target
// groups: a new pod counts as ready only once the ALB sees it healthy, so a
// rollout or a Karpenter consolidation never leaves a target group empty.
const ReadinessGateLabel = "elbv2.k8s.aws/pod-readiness-gate-inject"

// Builder emits the Namespace.
type Builder struct{}

// New returns the namespace builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "namespace" }

// Build implements component.Builder.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	g := in.Gateway
	labels := g.Labels()
	for _, mode := range []string{"enforce", "audit", "warn"} {
		labels["pod-security.kubernetes.io/"+mode] = PodSecurityLevel
		labels["pod-security.kubernetes.io/"+mode+"-version"] = "latest"
	}
	// Environments and previews alike: a preview's pods are targets of the
	// source environment's load balancer.
	labels[ReadinessGateLabel] = "enabled"
	// The labels the edge selects it by, and whether Argo CD may prune
	// it, are the contract's.
	c := g.Contract().Namespace
	maps.Copy(labels, c.Labels)
	ns := &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: g.Namespace, Labels: labels, Annotations: c.Annotations},
	}
	component.SetWave(ns, component.WaveNamespace)
	return []component.Object{ns}, nil
}
