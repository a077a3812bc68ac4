package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	goyaml "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

// encodeResources writes the builders' objects as the stream Kustomize
// reads: one JSON document per object (JSON is YAML; encoding/json is several
// times faster than a YAML emitter and Kustomize parses it as fast).
func encodeResources(objs []map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i, o := range objs {
		if i > 0 {
			buf.WriteString("---\n")
		}
		if err := enc.Encode(o); err != nil {
			return nil, fmt.Errorf("encoding %s: %w", describe(o), err)
		}
	}
	return buf.Bytes(), nil
}

// encodeYAML writes the objects as one YAML stream, documents separated by
// "---". The bytes are those of sigs.k8s.io/yaml.Marshal; for an object made
// of JSON values only (what every stage produces), go-yaml writes them
// directly instead of through a JSON encoding parsed back into go-yaml,
// which gives the same document at a third of the cost.
func encodeYAML(objs []map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	for i, o := range objs {
		b, err := encodeDocument(o)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(b)
	}
	return buf.Bytes(), nil
}

// encodeDocument writes one object as a YAML document.
func encodeDocument(o map[string]any) ([]byte, error) {
	var b []byte
	var err error
	if isJSONValue(o) {
		b, err = goyaml.Marshal(o)
	} else {
		b, err = yaml.Marshal(o)
	}
	if err != nil {
		return nil, fmt.Errorf("encoding YAML of %s: %w", describe(o), err)
	}
	return b, nil
}

// isJSONValue reports whether v holds only values that encode the same in
// JSON and in go-yaml: maps with string keys, lists, strings, booleans,
// numbers and nil. Anything else (a struct, whose JSON and YAML field names
// differ; []byte; a json.Number; a float JSON writes differently, see
// sameFloat) goes through sigs.k8s.io/yaml.
func isJSONValue(v any) bool {
	switch v := v.(type) {
	case nil, string, bool, int, int32, int64:
		return true
	case float64:
		return sameFloat(v)
	case map[string]any:
		for _, x := range v {
			if !isJSONValue(x) {
				return false
			}
		}
		return true
	case []any:
		for _, x := range v {
			if !isJSONValue(x) {
				return false
			}
		}
		return true
	case map[string]string, []string:
		return true
	}
	return false
}

// sameFloat reports whether go-yaml writes f as sigs.k8s.io/yaml does. JSON
// writes a whole number below 1e21 without exponent, which go-yaml then
// reads back as an integer, while go-yaml writes a float of 1e6 or more with
// one (1e+06); -0 becomes 0; NaN and infinities are not JSON.
func sameFloat(f float64) bool {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return false
	case f != math.Trunc(f):
		return true
	case f == 0:
		return !math.Signbit(f)
	}
	return math.Abs(f) < 1e6 || math.Abs(f) >= 1e21
}

// describe names an object in an error message.
func describe(o map[string]any) string {
	k := keyOf(o)
	if k.namespace == "" {
		return k.kind + " " + k.name
	}
	return k.kind + " " + k.namespace + "/" + k.name
}
