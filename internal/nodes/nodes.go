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
	g := in.Gateway
	if g.Preview != nil {
		// A preview runs on its source environment's pool (the names
		// are the source's): it owns no cluster-scoped object.
		return nil, nil
	}
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
