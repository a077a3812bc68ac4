package edge

import (
	"context"
	"fmt"
	"slices"

	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

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
	c := g.Contract()
	routing, shapes := buildRouting(g)
	if g.Preview != nil {
		// A preview's routes join the source environment's on its load
		// balancer: this preview must fit next to the environment (whose
		// routes have the same shapes, plus the HTTP redirect), and it
		// brings no redirect of its own (its hosts are HTTPS only: the
		// HTTP listener admits routes of the environment's namespace only).
		if err := checkBudget(slices.Concat(shapes, previewShapes(shapes)), len(c.LoadBalancer.SourceRanges)); err != nil {
			return nil, component.AtField("spec.access", fmt.Errorf("edge: preview %s next to environment %s: %w", g.Preview.Number, g.Environment.Name, err))
		}
		routing.routes = slices.DeleteFunc(routing.routes, func(r *gwv1.HTTPRoute) bool { return r.Name == RedirectRouteName(g) })
	} else if err := checkBudget(shapes, len(c.LoadBalancer.SourceRanges)); err != nil {
		return nil, component.AtField("spec.access", fmt.Errorf("edge: %w", err))
	}
	var objs []component.Object
	if g.Preview == nil {
		// A preview has no Gateway (no load balancer) of its own.
		if g.Edge.CreateGatewayClass {
			objs = append(objs, gatewayClass(g))
		}
		objs = append(objs, gateway(g))
	}
	for _, r := range routing.routes {
		objs = append(objs, r)
	}
	for _, c := range routing.configs {
		objs = append(objs, c)
	}
	objs = append(objs, targetGroupConfig(g, c.LiteLLM.API), targetGroupConfig(g, c.LiteLLM.Admin))
	return objs, nil
}
