package render

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"

	"github.com/aigw-dev/aigw/internal/component"
)

// toMap converts a builder's object into its JSON form, without status
// (aigw declares desired state only) and without null values: typed objects
// serialise unset fields such as creationTimestamp or a nil slice without
// omitempty as null, which server-side apply rejects for typed schema fields.
func toMap(o component.Object) (map[string]any, error) {
	var m map[string]any
	if u, ok := o.(*unstructured.Unstructured); ok {
		m = deepCopy(u.Object).(map[string]any)
	} else {
		var err error
		if m, err = jsonMap(o); err != nil {
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

// jsonMap converts a typed object through its JSON encoding, read back the
// way Unstructured.UnmarshalJSON reads it (whole numbers as int64): the map
// runtime.DefaultUnstructuredConverter.ToUnstructured builds, but the
// converter's per-type reflection caches cost about 9 ms to fill for the
// builders' types in every new process, and aigw generate is one.
func jsonMap(o component.Object) (map[string]any, error) {
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

type objectKey struct{ apiVersion, kind, namespace, name string }

func keyOf(m map[string]any) objectKey {
	u := unstructured.Unstructured{Object: m}
	return objectKey{u.GetAPIVersion(), u.GetKind(), u.GetNamespace(), u.GetName()}
}

func checkUnique(objs []map[string]any) error {
	seen := map[objectKey]bool{}
	for _, o := range objs {
		k := keyOf(o)
		if seen[k] {
			return fmt.Errorf("two components emitted %s %s/%s", k.kind, k.namespace, k.name)
		}
		seen[k] = true
	}
	return nil
}

// kindWaves is the sync wave of objects whose builder did not set one.
var kindWaves = map[string]int{
	"Namespace":                 component.WaveNamespace,
	"ServiceAccount":            component.WaveSecrets,
	"NetworkPolicy":             component.WaveSecrets,
	"ExternalSecret":            component.WaveSecrets,
	"PushSecret":                component.WaveSecrets,
	"Password":                  component.WaveSecrets,
	"SecretStore":               component.WaveSecrets,
	"NodePool":                  component.WaveInfra,
	"EC2NodeClass":              component.WaveInfra,
	"Gateway":                   component.WaveRoutes,
	"GatewayClass":              component.WaveRoutes,
	"HTTPRoute":                 component.WaveRoutes,
	"ListenerRuleConfiguration": component.WaveRoutes,
}

func defaultWave(m map[string]any) {
	u := unstructured.Unstructured{Object: m}
	a := u.GetAnnotations()
	if _, ok := a[component.WaveAnnotation]; ok {
		return
	}
	w, ok := kindWaves[u.GetKind()]
	if !ok {
		return
	}
	if a == nil {
		a = map[string]string{}
	}
	a[component.WaveAnnotation] = strconv.Itoa(w)
	u.SetAnnotations(a)
}

func waveOf(u *unstructured.Unstructured) int {
	w, err := strconv.Atoi(u.GetAnnotations()[component.WaveAnnotation])
	if err != nil {
		return 0
	}
	return w
}

// sortObjects orders the stream: by sync wave, then kind, namespace, name.
func sortObjects(objs []map[string]any) {
	slices.SortStableFunc(objs, func(a, b map[string]any) int {
		ua, ub := unstructured.Unstructured{Object: a}, unstructured.Unstructured{Object: b}
		return cmp.Or(
			cmp.Compare(waveOf(&ua), waveOf(&ub)),
			cmp.Compare(ua.GetKind(), ub.GetKind()),
			cmp.Compare(ua.GetAPIVersion(), ub.GetAPIVersion()),
			cmp.Compare(ua.GetNamespace(), ub.GetNamespace()),
			cmp.Compare(ua.GetName(), ub.GetName()),
		)
	})
}
