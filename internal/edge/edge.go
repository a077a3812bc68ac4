package edge

import (
	"context"
	"fmt"
	"slices"

	"github.com/aigw-dev/aigw/internal/component"
)

// Builder emits the routes and the AWS Load Balancer Controller
// configurations of the routes and target groups. The Gateway they attach
// to is GatewayBuilder's.
type Builder struct{}

// New returns the edge builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "edge" }

// Build implements component.Builder.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("edge: no gateway to build")
	}
	g := in.Gateway
	c := g.Contract()
	routing, shapes := buildRouting(g, c.Edge)
	if shared := c.Edge.Shared; shared != nil {
		// These routes join the owner's on its load balancer: they must
		// fit next to the owner's routes, which the same settings give
		// (built here for counting only).
		_, owner := buildRouting(g, shared.Owner)
		if err := checkBudget(slices.Concat(owner, shapes), len(c.LoadBalancer.SourceRanges)); err != nil {
			return nil, component.AtField("spec.access", fmt.Errorf("edge: %s: %w", shared.Desc, err))
		}
	} else if err := checkBudget(shapes, len(c.LoadBalancer.SourceRanges)); err != nil {
		return nil, component.AtField("spec.access", fmt.Errorf("edge: %w", err))
	}
	var objs []component.Object
	for _, r := range routing.routes {
		objs = append(objs, r)
	}
	for _, c := range routing.configs {
		objs = append(objs, c)
	}
	objs = append(objs, targetGroupConfig(g, c.LiteLLM.API), targetGroupConfig(g, c.LiteLLM.Admin))
	return objs, nil
}
