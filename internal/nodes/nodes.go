package nodes

import (
	"context"
	"fmt"

	"github.com/aigw-dev/aigw/internal/component"
)

// Builder emits the NodePool and its EC2NodeClass.
type Builder struct{}

// New returns the nodes builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "nodes" }

// Build implements component.Builder.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("nodes: no gateway to build")
	}
	// Environments only (render.EnvironmentBuilders): a preview runs on
	// its source environment's pool (the contract's NodePool is the
	// source's) and owns no cluster-scoped object.
	g := in.Gateway
	pool, err := nodePool(g)
	if err != nil {
		return nil, fmt.Errorf("nodes: %w", err)
	}
	class, err := nodeClass(g)
	if err != nil {
		return nil, fmt.Errorf("nodes: %w", err)
	}
	return []component.Object{pool, class}, nil
}
