package assemble

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/types"

	"github.com/aigw-dev/aigw/internal/spec"
)

// originAnnotation marks each object before the last-mile kustomization
// runs with its identity, so that the output can be compared with what aigw
// produced; it never leaves aigw.
const originAnnotation = "aigw.dev/internal-origin"

// identity is what a last-mile kustomization may not change.
type identity struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
}

func (id identity) String() string {
	s := id.Kind + " "
	if id.Namespace != "" {
		s += id.Namespace + "/"
	}
	return s + id.Name + " (" + id.APIVersion + ")"
}

func identityOf(o map[string]any) identity {
	md, _ := o["metadata"].(map[string]any)
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	return identity{APIVersion: str(o, "apiVersion"), Kind: str(o, "kind"), Namespace: str(md, "namespace"), Name: str(md, "name")}
}

// stamp records each object's identity in originAnnotation.
func stamp(objs []map[string]any) error {
	for _, o := range objs {
		b, err := json.Marshal(identityOf(o))
		if err != nil {
			return fmt.Errorf("encoding identity: %w", err)
		}
		md, _ := o["metadata"].(map[string]any)
		if md == nil {
			md = map[string]any{}
			o["metadata"] = md
		}
		ann, _ := md["annotations"].(map[string]any)
		if ann == nil {
			ann = map[string]any{}
			md["annotations"] = ann
		}
		ann[originAnnotation] = string(b)
	}
	return nil
}

// unstamp removes originAnnotation (and annotations it leaves empty).
func unstamp(o map[string]any) (identity, bool) {
	md, _ := o["metadata"].(map[string]any)
	ann, _ := md["annotations"].(map[string]any)
	raw, ok := ann[originAnnotation].(string)
	if !ok {
		return identity{}, false
	}
	delete(ann, originAnnotation)
	if len(ann) == 0 {
		delete(md, "annotations")
	}
	var id identity
	if err := json.Unmarshal([]byte(raw), &id); err != nil {
		return identity{}, false
	}
	return id, true
}

// secretGroups are the API groups whose objects hold or shape secret
// values: a last-mile kustomization may label and annotate them, nothing
// more (an ExternalSecret template can carry literal data).
var secretGroups = []string{"external-secrets.io/", "generators.external-secrets.io/"}

// violation is one way the last-mile kustomization's output breaks the
// rules.
type violation string

// check compares the output of the last-mile kustomization with aigw's
// objects (before, by identity) and returns what it must not do: produce a
// Secret, change an object's apiVersion, kind, name or namespace, change
// the spec of an External Secrets object, add an object that is not a
// generated ConfigMap, remove one of aigw's objects, or write a
// secret-looking value (addedSecrets). It removes the origin annotations
// from out.
func check(before map[identity]map[string]any, out []map[string]any, k *types.Kustomization) []violation {
	var vs []violation
	seen := map[identity]bool{}
	for _, o := range out {
		cur := identityOf(o)
		orig, stamped := unstamp(o)
		switch {
		case cur.Kind == "Secret":
			if stamped {
				seen[orig] = true // reported as turned into a Secret, not as removed
			}
			if stamped && orig.Kind != "Secret" {
				vs = append(vs, violation(fmt.Sprintf("turns %s into a Secret: no Secret ever leaves aigw (secret values live in AWS Secrets Manager)", orig)))
			} else {
				vs = append(vs, violation(fmt.Sprintf("produces %s: no Secret ever leaves aigw (secret values live in AWS Secrets Manager)", cur)))
			}
			continue
		case !stamped:
			if cur.Kind != "ConfigMap" || cur.APIVersion != "v1" || !generated(k, cur.Name) {
				vs = append(vs, violation(fmt.Sprintf("adds %s, which aigw did not produce", cur)))
				continue
			}
			vs = append(vs, addedSecrets(cur, o, nil)...)
			continue
		}
		prev, ok := before[orig]
		if !ok || seen[orig] {
			vs = append(vs, violation(fmt.Sprintf("rewrites aigw's bookkeeping of %s", cur)))
			continue
		}
		seen[orig] = true
		var changed []string
		if cur.APIVersion != orig.APIVersion {
			changed = append(changed, fmt.Sprintf("apiVersion to %s", cur.APIVersion))
		}
		if cur.Kind != orig.Kind {
			changed = append(changed, fmt.Sprintf("kind to %s", cur.Kind))
		}
		if cur.Namespace != orig.Namespace {
			changed = append(changed, fmt.Sprintf("namespace to %q", cur.Namespace))
		}
		if cur.Name != orig.Name {
			changed = append(changed, fmt.Sprintf("name to %q", cur.Name))
		}
		if len(changed) > 0 {
			vs = append(vs, violation(fmt.Sprintf("changes the %s of %s: a patch may not change an object's apiVersion, kind, name or namespace", strings.Join(changed, ", "), orig)))
			continue
		}
		if secretGroup(orig.APIVersion) && !reflect.DeepEqual(withoutMetadata(o), withoutMetadata(prev)) {
			vs = append(vs, violation(fmt.Sprintf("changes %s beyond its labels and annotations: External Secrets objects shape secret values", orig)))
		}
		vs = append(vs, addedSecrets(orig, o, prev)...)
	}
	// A $patch: delete (or a JSON patch emptying the stream) drops an object
	// aigw produced: Argo CD would prune it, silently (a network policy, a
	// disruption budget, the salt key's policy).
	for id := range before {
		if !seen[id] {
			vs = append(vs, violation(fmt.Sprintf("removes %s: a last-mile kustomization may change aigw's objects, not remove them (turn the feature off in aigateway.yaml)", id)))
		}
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	return vs
}

func secretGroup(apiVersion string) bool {
	for _, g := range secretGroups {
		if strings.HasPrefix(apiVersion, g) {
			return true
		}
	}
	return false
}

// generated reports whether name is that of a ConfigMap the
// kustomization's configMapGenerator makes (with its hash suffix).
func generated(k *types.Kustomization, name string) bool {
	for _, g := range k.ConfigMapGenerator {
		if name == g.Name || strings.HasPrefix(name, g.Name+"-") {
			return true
		}
	}
	return false
}

func withoutMetadata(o map[string]any) map[string]any {
	c := make(map[string]any, len(o))
	for k, v := range o {
		if k != "metadata" {
			c[k] = v
		}
	}
	return c
}

// entry is one patch, replacement or ConfigMap generator of the
// kustomization, for naming the one that breaks a rule.
type entry struct {
	// field and index locate it: patches[2].
	field string
	index int
	node  *yaml.Node
	// only returns the kustomization reduced to this entry.
	only func() types.Kustomization
}

func (e entry) String() string { return fmt.Sprintf("%s[%d]", e.field, e.index) }

// entries lists the patches, replacements and ConfigMap generators of u.
func (u *userKustomization) entries() []entry {
	base := func() types.Kustomization { return types.Kustomization{} }
	var out []entry
	add := func(field string, n int, set func(k *types.Kustomization, i int)) {
		for i := range n {
			out = append(out, entry{field: field, index: i, node: itemNode(u.root, field, i), only: func() types.Kustomization {
				k := base()
				set(&k, i)
				return k
			}})
		}
	}
	add("patches", len(u.k.Patches), func(k *types.Kustomization, i int) { k.Patches = u.k.Patches[i : i+1] })
	add("patchesStrategicMerge", len(u.k.PatchesStrategicMerge), func(k *types.Kustomization, i int) {
		k.PatchesStrategicMerge = u.k.PatchesStrategicMerge[i : i+1]
	})
	add("patchesJson6902", len(u.k.PatchesJson6902), func(k *types.Kustomization, i int) { k.PatchesJson6902 = u.k.PatchesJson6902[i : i+1] })
	add("replacements", len(u.k.Replacements), func(k *types.Kustomization, i int) { k.Replacements = u.k.Replacements[i : i+1] })
	add("configMapGenerator", len(u.k.ConfigMapGenerator), func(k *types.Kustomization, i int) {
		k.ConfigMapGenerator = u.k.ConfigMapGenerator[i : i+1]
		k.GeneratorOptions = u.k.GeneratorOptions
	})
	return out
}

// itemNode is the node of field[i] in the kustomization.
func itemNode(doc *yaml.Node, field string, i int) *yaml.Node {
	for j := 0; j+1 < len(doc.Content); j += 2 {
		if doc.Content[j].Value == field {
			if seq := doc.Content[j+1]; seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				return seq.Content[i]
			}
			return doc.Content[j]
		}
	}
	return doc
}

// report turns the violations into located errors: each is attributed to
// the first patch, replacement or generator that causes it alone, else to
// the kustomization as a whole.
func (u *userKustomization) report(vs []violation, culprit func(e entry) ([]violation, error)) error {
	var errs spec.List
	blamed := map[violation]bool{}
	for _, e := range u.entries() {
		alone, err := culprit(e)
		if err != nil {
			continue
		}
		for _, v := range alone {
			if !blamed[v] && slices.Contains(vs, v) {
				blamed[v] = true
				errs = append(errs, u.errorAt(e.node, e.String(), "%s", v))
			}
		}
	}
	for _, v := range vs {
		if !blamed[v] {
			errs = append(errs, u.errorAt(u.root, "", "%s", v))
		}
	}
	return errs.Err()
}
