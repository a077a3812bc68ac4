package spec

import yaml "go.yaml.in/yaml/v3"

// mergeNodes deep-merges over onto base and returns a new tree; neither input
// is modified. Mappings merge key by key; lists and scalars from over replace
// those of base. Every node taken from over is recorded in fromOver, so that
// errors in it can be reported at the path the user wrote.
func mergeNodes(base, over *yaml.Node, fromOver map[*yaml.Node]bool) *yaml.Node {
	base, over = deref(base), deref(over)
	if base == nil || base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode {
		mark(over, fromOver)
		return over
	}
	out := *base
	out.Content = append([]*yaml.Node(nil), base.Content...)
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		j := indexOfKey(&out, k.Value)
		if j < 0 {
			mark(k, fromOver)
			mark(v, fromOver)
			out.Content = append(out.Content, k, v)
			continue
		}
		merged := mergeNodes(out.Content[j+1], v, fromOver)
		out.Content[j+1] = merged
		if fromOver[merged] {
			// A value over replaces is located at over's key, where the
			// user wrote it, not at the base's.
			mark(k, fromOver)
			out.Content[j] = k
		}
	}
	return &out
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func mark(n *yaml.Node, set map[*yaml.Node]bool) {
	if n == nil || set[n] {
		return
	}
	set[n] = true
	if n.Alias != nil {
		mark(n.Alias, set)
	}
	for _, c := range n.Content {
		mark(c, set)
	}
}

func indexOfKey(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// withoutKeys returns a shallow copy of mapping m without the given keys.
func withoutKeys(m *yaml.Node, keys ...string) *yaml.Node {
	out := *m
	out.Content = nil
	for i := 0; i+1 < len(m.Content); i += 2 {
		skip := false
		for _, k := range keys {
			if m.Content[i].Value == k {
				skip = true
			}
		}
		if !skip {
			out.Content = append(out.Content, m.Content[i], m.Content[i+1])
		}
	}
	return &out
}
