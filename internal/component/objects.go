package component

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// ToMap converts a builder's object into its JSON form, without status
// (aigw declares desired state only) and without null values: typed objects
// serialise unset fields such as creationTimestamp or a nil slice without
// omitempty as null, which server-side apply rejects for typed schema fields.
func ToMap(o Object) (map[string]any, error) {
	var m map[string]any
	if u, ok := o.(*unstructured.Unstructured); ok {
		m = deepCopy(u.Object).(map[string]any)
	} else {
		var err error
		if m, err = JSONMap(o); err != nil {
			return nil, fmt.Errorf("converting %T %s: %w", o, o.GetName(), err)
		}
	}
	delete(m, "status")
	dropNulls(m)
	u := unstructured.Unstructured{Object: m}
	if u.GetAPIVersion() == "" || u.GetKind() == "" {
		return nil, fmt.Errorf("object %T %q has no apiVersion/kind", o, o.GetName())
	}
	return m, nil
}

// JSONMap converts a typed object through its JSON encoding, read back the
// way Unstructured.UnmarshalJSON reads it (whole numbers as int64): the map
// runtime.DefaultUnstructuredConverter.ToUnstructured builds, but the
// converter's per-type reflection caches cost about 9 ms to fill for the
// builders' types in every new process, and aigw generate is one.
func JSONMap(o Object) (map[string]any, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := utiljson.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// deepCopy copies maps and lists; scalars (of any numeric type, unlike
// runtime.DeepCopyJSON) are immutable and shared.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// dropNulls removes null values from maps, recursively.
func dropNulls(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil {
				delete(v, k)
				continue
			}
			dropNulls(x)
		}
	case []any:
		for _, x := range v {
			dropNulls(x)
		}
	}
}

// Maps converts objects with ToMap.
func Maps(objs []Object) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(objs))
	for _, o := range objs {
		m, err := ToMap(o)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// Build is the pipeline's build stage: it runs the builders in order on in
// and returns their objects converted with ToMap; an error is prefixed with
// the name of the builder that failed. The tests build through it too, so
// they see the objects exactly as the renderer does.
func Build(ctx context.Context, in *Input, builders ...Builder) ([]map[string]any, error) {
	var out []map[string]any
	for _, b := range builders {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		built, err := b.Build(ctx, in)
		if err != nil {
			// Some builders name themselves already ("edge: ...").
			if strings.HasPrefix(err.Error(), b.Name()+": ") {
				return nil, err
			}
			return nil, fmt.Errorf("%s: %w", b.Name(), err)
		}
		maps, err := Maps(built)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name(), err)
		}
		out = append(out, maps...)
	}
	return out, nil
}
