package render

import (
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/namespace"
)

// DefaultBuilders are the components of a gateway, in output order.
func DefaultBuilders() []component.Builder {
	return []component.Builder{
		namespace.New(),
	}
}
