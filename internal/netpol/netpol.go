package netpol

import (
	"context"
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Builder emits the namespace's NetworkPolicies.
type Builder struct{}

// New returns the network policy builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "netpol" }

// Build implements component.Builder.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("netpol: no gateway to build")
	}
	g := in.Gateway
	policies := []*networkingv1.NetworkPolicy{
		defaultDeny(g),
		allowDNS(g),
		litellmIngress(g, resolve.RoleAPI),
		litellmIngress(g, resolve.RoleAdmin),
		litellmEgressData(g),
		litellmEgressHTTPS(g),
	}
	// Exactly the credential path's egress: the Pod Identity agent for
	// pod-identity; for IRSA, STS over HTTPS, which litellmEgressHTTPS
	// already allows.
	if g.LiteLLM.AWSIdentity == spec.AWSIdentityPodIdentity {
		policies = append(policies, litellmEgressPodIdentity(g))
	}
	// Data stores that run as pods in the namespace (a preview's) admit
	// the LiteLLM pods only.
	if c := g.Contract(); c.Database.Pod != nil && c.Cache.Pod != nil {
		policies = append(policies, previewStoreIngress(g, PostgresIngressName(g), c.Database.Pod.Labels(), c.Database.Port),
			previewStoreIngress(g, ValkeyIngressName(g), c.Cache.Pod.Labels(), c.Cache.Port))
	}
	objs := make([]component.Object, len(policies))
	for i, p := range policies {
		component.SetWave(p, component.WaveSecrets)
		objs[i] = p
	}
	return objs, nil
}
