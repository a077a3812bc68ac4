package render

import (
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/data"
	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/monitoring"
	"github.com/aigw-dev/aigw/internal/namespace"
	"github.com/aigw-dev/aigw/internal/netpol"
	"github.com/aigw-dev/aigw/internal/nodes"
	"github.com/aigw-dev/aigw/internal/preview"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/secrets"
)

// EnvironmentBuilders are the components of a gateway environment: its
// cloud resources (data: Crossplane composites), its node pool (nodes) and
// its load balancer (edge.NewGateway) are its own, and it has someone
// paged for it (monitoring.NewAlerting). The order does not matter for the
// output, which render sorts; it is the order of the error messages.
func EnvironmentBuilders() []component.Builder {
	return []component.Builder{
		namespace.New(),
		netpol.New(),
		secrets.New(),
		data.New(),
		nodes.New(),
		litellm.New(),
		edge.NewGateway(),
		edge.New(),
		monitoring.New(),
		monitoring.NewAlerting(),
	}
}

// PreviewBuilders are the components of a pull-request preview: no cloud
// resource, no node pool and no Gateway of its own (it shares the source
// environment's load balancer, zone, certificate, WAF and pool); its data
// stores run in its namespace (preview); it is scraped, but nobody is paged
// for it (no alerting). What differs inside the builders they share is the
// contract's (resolve.Contract: Edge, Namespace, Secrets.Generated, Cache,
// Database).
func PreviewBuilders() []component.Builder {
	return []component.Builder{
		namespace.New(),
		netpol.New(),
		secrets.New(),
		preview.New(),
		litellm.New(),
		edge.New(),
		monitoring.New(),
	}
}

// BuildersFor chooses the builder set of g: PreviewBuilders for a preview,
// EnvironmentBuilders otherwise. No builder asks which of the two g is
// (internal/archtest enforces it).
func BuildersFor(g *resolve.Gateway) []component.Builder {
	if g.Preview != nil {
		return PreviewBuilders()
	}
	return EnvironmentBuilders()
}
