package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	yaml "go.yaml.in/yaml/v3"
)

// schemaMaps are the JSON Schema keywords whose value maps names to schemas
// (so their keys are names, never keywords: a property called "description"
// is kept).
var schemaMaps = map[string]bool{
	"properties":        true,
	"patternProperties": true,
	"definitions":       true,
	"dependencies":      true,
}

// schemaOne are the keywords whose value is one schema (or, for items and
// additionalProperties, possibly a bool or a list of schemas).
var schemaOne = map[string]bool{
	"items":                true,
	"additionalProperties": true,
	"additionalItems":      true,
	"not":                  true,
}

// schemaLists are the keywords whose value is a list of schemas.
var schemaLists = map[string]bool{
	"allOf": true,
	"anyOf": true,
	"oneOf": true,
}

// crd is one CustomResourceDefinition document.
type crd struct {
	name string
	doc  *yaml.Node // the document's root mapping
}

// decode reads every document of a YAML stream; it fails on a document that
// is not an apiextensions.k8s.io/v1 CustomResourceDefinition.
func decode(data []byte) ([]crd, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []crd
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue // an empty document between separators
		}
		root := doc.Content[0]
		if v := scalar(root, "apiVersion"); v != "apiextensions.k8s.io/v1" {
			return nil, fmt.Errorf("document %d: apiVersion %q, want apiextensions.k8s.io/v1", len(out)+1, v)
		}
		if k := scalar(root, "kind"); k != "CustomResourceDefinition" {
			return nil, fmt.Errorf("document %d: kind %q, want CustomResourceDefinition", len(out)+1, k)
		}
		name := scalar(get(root, "metadata"), "name")
		if name == "" {
			return nil, fmt.Errorf("document %d: CRD without metadata.name", len(out)+1)
		}
		out = append(out, crd{name: name, doc: root})
	}
}

// encode writes the CRDs as one YAML stream, each document after "---".
func encode(crds []crd) ([]byte, error) {
	var buf bytes.Buffer
	for _, c := range crds {
		buf.WriteString("---\n")
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		enc.CompactSeqIndent()
		if err := enc.Encode(c.doc); err != nil {
			return nil, fmt.Errorf("encoding %s: %w", c.name, err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("encoding %s: %w", c.name, err)
		}
	}
	return buf.Bytes(), nil
}

// strip removes the description of every schema node of the CRD's versions
// and returns how many it removed.
func strip(c crd) int {
	n := 0
	for _, v := range seq(get(get(c.doc, "spec"), "versions")) {
		n += stripSchema(get(get(v, "schema"), "openAPIV3Schema"))
	}
	return n
}

// stripSchema removes the description keyword of a schema node and of every
// schema below it. Values that are data, not schemas (default, enum,
// example, x-kubernetes-validations), are left alone.
func stripSchema(n *yaml.Node) int {
	if n == nil || n.Kind != yaml.MappingNode {
		return 0 // nil, or a boolean additionalProperties
	}
	removed := 0
	kept := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Value == "description" && v.Kind == yaml.ScalarNode:
			removed++
			continue
		case schemaMaps[k.Value] && v.Kind == yaml.MappingNode:
			for j := 1; j < len(v.Content); j += 2 {
				removed += stripSchema(v.Content[j])
			}
		case schemaOne[k.Value]:
			if v.Kind == yaml.SequenceNode {
				for _, item := range v.Content {
					removed += stripSchema(item)
				}
			} else {
				removed += stripSchema(v)
			}
		case schemaLists[k.Value] && v.Kind == yaml.SequenceNode:
			for _, item := range v.Content {
				removed += stripSchema(item)
			}
		}
		kept = append(kept, k, v)
	}
	n.Content = kept
	return removed
}

// get returns the value of key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node, key string) string {
	if v := get(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
