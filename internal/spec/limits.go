package spec

import (
	"fmt"
	"math"

	yaml "go.yaml.in/yaml/v3"
)

// Limits of the work one spec may cause. aigw runs in Argo CD's repo-server
// on whatever a pull request commits, so every dimension an input can grow
// in is bounded; each bound is at least ten times the largest realistic spec
// (docs/input-limits.md has the measurements).
const (
	// MaxSpecBytes bounds the size of aigateway.yaml.
	MaxSpecBytes = 1 << 20
	// MaxValues bounds the values one decode visits, counting a YAML alias
	// once per use.
	MaxValues = 200_000
	// MaxExpandedBytes bounds the bytes of the scalars one decode visits,
	// counting a YAML alias once per use: aliases may not turn a small
	// file into a large render.
	MaxExpandedBytes = 2 << 20
	// MaxDepth bounds the nesting of free-form values (model params).
	MaxDepth = 16
	// MaxParamsValues and MaxParamsBytes bound the free-form values (model
	// params) of one decode, all models together: they are copied into
	// both LiteLLM releases' configuration, and YAML indentation makes
	// deep values larger in the output than in the spec.
	MaxParamsValues = 10_000
	MaxParamsBytes  = 256 << 10
	// MaxModels bounds spec.litellm.models, MaxEnvironments
	// spec.environments: the fields' maxItems and maxProperties tags name
	// them (sizeLimits), so the validator and the JSON Schema use these.
	MaxModels       = 500
	MaxEnvironments = 64
	// MaxOutputBytes bounds the rendered stream.
	MaxOutputBytes = 16 << 20
)

// sizeLimits are the constants a maxItems or maxProperties tag may name.
var sizeLimits = map[string]int{
	"MaxModels":       MaxModels,
	"MaxEnvironments": MaxEnvironments,
}

// count accounts for decoding n and reports whether decoding may go on. The
// first limit exceeded is reported once, at n.
func (d *decoder) count(n *yaml.Node, path string) bool {
	if d.stopped {
		return false
	}
	d.steps++
	if n.Kind == yaml.ScalarNode {
		d.bytes += len(n.Value)
	}
	var msg string
	switch {
	case d.steps > MaxValues:
		msg = fmt.Sprintf("the document is too large: it expands to more than %d values (YAML aliases count once per use; the limit is %d)", MaxValues, MaxValues)
	case d.bytes > MaxExpandedBytes:
		msg = fmt.Sprintf("the document is too large: its values expand to more than %d MiB (YAML aliases count once per use)", MaxExpandedBytes>>20)
	default:
		return true
	}
	d.stopped = true
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Path: d.userPath(n, path), Msg: msg})
	return false
}

// freeForm decodes a free-form value (model params) into JSON values: maps
// with string keys, lists, strings, numbers, booleans and null. depth is the
// nesting level of n, bounded by MaxDepth.
func (d *decoder) freeForm(n *yaml.Node, path string, depth int) (any, bool) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if depth > 1 && !d.count(n, path) {
		return nil, false
	}
	d.freeValues++
	if n.Kind == yaml.ScalarNode {
		d.freeBytes += len(n.Value)
	}
	if d.freeValues > MaxParamsValues || d.freeBytes > MaxParamsBytes {
		d.errorf(n, path, "model params are too large: more than %d values or %d KiB in all (YAML aliases count once per use)", MaxParamsValues, MaxParamsBytes>>10)
		d.stopped = true
		return nil, false
	}
	if depth > MaxDepth {
		d.errorf(n, path, "nested more than %d levels deep", MaxDepth)
		d.stopped = true
		return nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		ok := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" && k.ShortTag() != "!!int" && k.ShortTag() != "!!bool" {
				d.errorf(k, path, "keys must be strings, not %s", kindName(k))
				ok = false
				continue
			}
			if k.Value == "<<" {
				d.errorf(k, path, "YAML merge keys (<<) are not supported; write the fields out")
				ok = false
				continue
			}
			childPath := join(path, k.Value)
			if _, dup := m[k.Value]; dup {
				d.errorf(k, childPath, "duplicate key")
				ok = false
				continue
			}
			d.pos[childPath] = position{k.Line, k.Column, d.userPath(k, childPath)}
			x, good := d.freeForm(val, childPath, depth+1)
			ok = ok && good
			m[k.Value] = x
		}
		return m, ok
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		ok := true
		for i, item := range n.Content {
			childPath := fmt.Sprintf("%s[%d]", path, i)
			d.pos[childPath] = position{item.Line, item.Column, d.userPath(item, childPath)}
			x, good := d.freeForm(item, childPath, depth+1)
			ok = ok && good
			l[i] = x
		}
		return l, ok
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str", "!!int", "!!float", "!!bool", "!!null":
			var x any
			if err := n.Decode(&x); err != nil {
				d.errorf(n, path, "%s is not a valid %s", n.Value, kindName(n))
				return nil, false
			}
			if f, isFloat := x.(float64); isFloat && (math.IsInf(f, 0) || math.IsNaN(f)) {
				d.errorf(n, path, "%s is not a finite number (JSON has no infinity or NaN)", n.Value)
				return nil, false
			}
			return x, true
		}
		d.errorf(n, path, "expected a string, number, boolean, list or mapping, got %s", kindName(n))
		return nil, false
	}
	d.errorf(n, path, "expected a value, got %s", kindName(n))
	return nil, false
}
