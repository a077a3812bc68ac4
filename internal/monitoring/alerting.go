package monitoring

import (
	"context"
	"fmt"

	"github.com/aigw-dev/aigw/internal/component"
)

// AlertingBuilder emits the alert rules and the dashboard of a gateway:
// what someone is paged for and looks at. An environment runs it; a preview
// is scraped like its environment, but nobody is paged for it (render's
// builder sets).
type AlertingBuilder struct{}

// NewAlerting returns the alerting builder.
func NewAlerting() component.Builder { return AlertingBuilder{} }

// Name implements component.Builder.
func (AlertingBuilder) Name() string { return "alerting" }

// Build implements component.Builder.
func (AlertingBuilder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	if in == nil || in.Gateway == nil {
		return nil, fmt.Errorf("alerting: no gateway to build")
	}
	g := in.Gateway
	dash, err := dashboard(g)
	if err != nil {
		return nil, fmt.Errorf("alerting: %w", err)
	}
	return []component.Object{alertRules(g), dash}, nil
}
