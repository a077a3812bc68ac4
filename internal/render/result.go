package render

import (
	"encoding/json"
	"fmt"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// Result is one rendered environment.
type Result struct {
	Gateway *resolve.Gateway
	// Objects in output order.
	Objects []map[string]any
}

// YAML returns the objects as one YAML stream (documents separated by ---).
func (r *Result) YAML() ([]byte, error) { return encodeYAML(r.Objects) }

// JSON returns the objects as a v1 List, indented.
func (r *Result) JSON() ([]byte, error) {
	list := map[string]any{"apiVersion": "v1", "kind": "List", "items": r.Objects}
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return append(b, '\n'), nil
}
