package render

import (
	"bytes"
	"encoding/json"
	"fmt"

	"sigs.k8s.io/yaml"

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

// encodeResources writes the builders' objects as the stream Kustomize reads.
func encodeResources(objs []map[string]any) ([]byte, error) { return encodeYAML(objs) }

func encodeYAML(objs []map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	for i, o := range objs {
		b, err := yaml.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("encoding YAML: %w", err)
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(b)
	}
	return buf.Bytes(), nil
}
