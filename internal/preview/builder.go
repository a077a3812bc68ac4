package preview

import (
	"context"
	"fmt"

	"github.com/aigw-dev/aigw/internal/component"
)

// Builder emits a preview's data stores; nothing for an environment.
type Builder struct{}

// New returns the preview builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "preview" }

// Build implements component.Builder: the namespace's ResourceQuota, then
// PostgreSQL and Valkey, each as ServiceAccount, Deployment, Service and
// endpoint ConfigMap.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("preview: no gateway to build")
	}
	// Previews only (render.PreviewBuilders): the contract places the
	// data stores in the namespace.
	g := in.Gateway
	if c := g.Contract(); c.Database.Pod == nil || c.Cache.Pod == nil {
		return nil, fmt.Errorf("preview: %s is an environment, whose data stores are Crossplane composites", g.Environment.Name)
	}
	pg, err := postgres(g)
	if err != nil {
		return nil, fmt.Errorf("preview: postgres: %w", err)
	}
	vk, err := valkey(g)
	if err != nil {
		return nil, fmt.Errorf("preview: valkey: %w", err)
	}
	q, err := quota(g)
	if err != nil {
		return nil, fmt.Errorf("preview: quota: %w", err)
	}
	return []component.Object{
		q,
		pg.serviceAccount(g), pg.deployment(g), pg.service(g), postgresEndpoint(g),
		vk.serviceAccount(g), vk.deployment(g), vk.service(g), valkeyEndpoint(g),
	}, nil
}
