package monitoring

import (
	"context"
	"fmt"
	"maps"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Builder emits what has a gateway scraped: the PodMonitor and the
// network policy that admits the scraper.
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
	return []component.Object{metricsIngress(g), podMonitor(g)}, nil
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
