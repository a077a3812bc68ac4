package edge

import (
	"context"
	"fmt"

	"github.com/aigw-dev/aigw/internal/component"
)

// Builder emits the Gateway, its routes and the AWS Load Balancer
// Controller configurations of the routes and target groups.
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
	routing, shapes := buildRouting(g)
	if err := checkBudget(shapes, len(SourceRanges(g))); err != nil {
		return nil, fmt.Errorf("edge: %w", err)
	}
	var objs []component.Object
	if g.Edge.CreateGatewayClass {
		objs = append(objs, gatewayClass(g))
	}
	objs = append(objs, gateway(g))
	for _, r := range routing.routes {
		objs = append(objs, r)
	}
	for _, c := range routing.configs {
		objs = append(objs, c)
	}
	objs = append(objs, targetGroupConfig(g, apiServiceName(g)), targetGroupConfig(g, adminServiceName(g)))
	return objs, nil
}
