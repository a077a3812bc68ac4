package diff

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
)

// Ref identifies an object.
type Ref struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
}

// Group is the API group ("" for the core group).
func (r Ref) Group() string {
	g, _, ok := strings.Cut(r.APIVersion, "/")
	if !ok {
		return ""
	}
	return g
}

// String is "Kind namespace/name", or "Kind name" for a cluster-scoped object.
func (r Ref) String() string {
	if r.Namespace == "" {
		return r.Kind + " " + r.Name
	}
	return r.Kind + " " + r.Namespace + "/" + r.Name
}

// key is what matches objects across revisions: the version is left out,
// so that an apiVersion upgrade is a change of the same object.
type key struct{ group, kind, namespace, name string }

func (r Ref) key() key { return key{r.Group(), r.Kind, r.Namespace, r.Name} }

func compareRefs(a, b Ref) int {
	return cmp.Or(
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Group(), b.Group()),
		cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.APIVersion, b.APIVersion),
	)
}

// object is one rendered object, normalised.
type object struct {
	ref Ref
	m   map[string]any
}

// normalize returns a deep copy of o as plain JSON values (numbers as
// json.Number), so that values compare the same whichever Go types the
// renderer used, and its Ref.
func normalize(o map[string]any) (object, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return object{}, fmt.Errorf("encoding object: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return object{}, fmt.Errorf("decoding object: %w", err)
	}
	meta, _ := m["metadata"].(map[string]any)
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	ref := Ref{APIVersion: str(m, "apiVersion"), Kind: str(m, "kind"), Namespace: str(meta, "namespace"), Name: str(meta, "name")}
	if ref.APIVersion == "" || ref.Kind == "" || ref.Name == "" {
		return object{}, fmt.Errorf("object without apiVersion, kind or name: %s", truncate(string(b), 200))
	}
	return object{ref: ref, m: m}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// annotation returns one annotation of a normalised object.
func annotation(m map[string]any, name string) string {
	meta, _ := m["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	s, _ := ann[name].(string)
	return s
}
