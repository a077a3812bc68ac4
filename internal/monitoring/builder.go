package monitoring

import (
	"context"
	"fmt"
	"maps"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Builder emits the monitoring objects of a gateway.
type Builder struct{}

// New returns the monitoring builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "monitoring" }

// Build implements component.Builder.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("monitoring: no gateway to build")
	}
	g := in.Gateway
	objs := []component.Object{metricsIngress(g), podMonitor(g)}
	// A preview is scraped like its environment, but nobody is paged for
	// it: no alert rules and no dashboard.
	if g.Preview == nil {
		dash, err := dashboard(g)
		if err != nil {
			return nil, fmt.Errorf("monitoring: %w", err)
		}
		objs = append(objs, alertRules(g), dash)
	}
	return objs, nil
}

// selectorLabels are the labels of the Prometheus Operator objects: the
// gateway's labels plus spec.monitoring.labels (which Prometheus selects on).
func selectorLabels(g *resolve.Gateway) map[string]string {
	l := g.Labels()
	maps.Copy(l, g.Monitor.Labels)
	return l
}

// litellmPods selects the pods of both LiteLLM releases.
func litellmPods(c *resolve.Contract) map[string]string {
	return map[string]string{component.NameLabel: c.LiteLLM.AppName}
}
