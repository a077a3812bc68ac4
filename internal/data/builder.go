package data

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Annotations on the composites.
const (
	// SyncOptionsAnnotation is Argo CD's per-resource sync options.
	SyncOptionsAnnotation = "argocd.argoproj.io/sync-options"
	// KeepSyncOptions stop Argo CD from pruning the object when it leaves
	// Git and from deleting it with the Application.
	KeepSyncOptions = "Prune=false,Delete=false"
)

// Builder emits the four composites of an environment.
type Builder struct{}

// New returns the data builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "data" }

// Build implements component.Builder: the database, cache, firewall and domain
// composites, in that order.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	g := in.Gateway
	if g == nil {
		return nil, fmt.Errorf("data: no gateway to build")
	}
	// Environments only (render.EnvironmentBuilders): a preview has no
	// cloud resources; its data stores live in its namespace (package
	// preview) and it shares the source environment's zone, certificate
	// and WAF.
	if n := len(g.Network.ClientCidrs); n > maxClientCidrs {
		return nil, fmt.Errorf("data: spec.network.clientCidrs has %d entries; the database and cache allow at most %d (one security group rule each)", n, maxClientCidrs)
	}
	fw, err := firewall(g)
	if err != nil {
		return nil, fmt.Errorf("data: web firewall: %w", err)
	}
	db, err := database(g)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	return []component.Object{db, cache(g), fw, domain(g)}, nil
}

// composite returns a composite of kind in the gateway's namespace with the
// common labels, the infrastructure sync wave and the sync options that keep
// Argo CD from pruning or deleting it. Every composite is kept, the
// WebFirewall too: it owns the alarm topic operators subscribe to and the
// load balancer's web ACL, and a deleted Application or a renamed gateway
// must never take AWS resources with it (remove an orphan by hand).
func composite(g *resolve.Gateway, kind, name, part string, spec map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{"spec": spec}}
	u.SetAPIVersion(APIVersion)
	u.SetKind(kind)
	u.SetName(name)
	u.SetNamespace(g.Namespace)
	labels := g.Labels()
	labels["app.kubernetes.io/component"] = part
	u.SetLabels(labels)
	u.SetAnnotations(map[string]string{SyncOptionsAnnotation: KeepSyncOptions})
	component.SetWave(u, component.WaveInfra)
	return u
}

// common are the spec fields every composite takes.
func common(g *resolve.Gateway) map[string]any {
	return map[string]any{
		"identifier":  Identifier(g),
		"region":      g.Region,
		"gateway":     g.Gateway,
		"environment": g.Environment.Name,
		"providerConfigRef": map[string]any{
			"kind": ProviderConfigKind,
			"name": g.AWS.ProviderConfig,
		},
	}
}

// ProviderConfigKind is the kind of provider-upjet-aws configuration the
// composites reference: the cluster-wide one, as the spec names only the
// configuration (spec.aws.providerConfig).
const ProviderConfigKind = "ClusterProviderConfig"

// retain reports whether the environment keeps its AWS resources when a
// composite is deleted (spec.database.retain, defaulted by the spec).
func retain(g *resolve.Gateway) bool {
	return g.Database.Retain != nil && *g.Database.Retain
}

// stringList converts to the []any of unstructured content.
func stringList(in []string) []any {
	out := make([]any, len(in))
	for i, s := range in {
		out[i] = s
	}
	return out
}
