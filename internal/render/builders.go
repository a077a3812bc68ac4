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
	"github.com/aigw-dev/aigw/internal/secrets"
)

// DefaultBuilders are the components of a gateway, in output order.
func DefaultBuilders() []component.Builder {
	return []component.Builder{
		namespace.New(),
		netpol.New(),
		secrets.New(),
		data.New(),
		preview.New(),
		nodes.New(),
		litellm.New(),
		edge.New(),
		monitoring.New(),
	}
}
