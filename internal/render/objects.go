package render

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
)

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
