package argoe2e_test

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	sigsyaml "sigs.k8s.io/yaml"
)

// attaches returns why the route's parent reference ref does not attach to
// gw, nil when it does: the Gateway API's rules for a listener (the
// reference names the Gateway and, by sectionName, the listener; the
// listener admits the route's namespace and kind; the hostnames intersect).
// The load balancer controller applies these; no controller runs here.
func attaches(route *unstructured.Unstructured, ref map[string]any, gw *unstructured.Unstructured, routeNS map[string]string) error {
	ns, _ := ref["namespace"].(string)
	if ns == "" {
		ns = route.GetNamespace()
	}
	if ref["name"] != gw.GetName() || ns != gw.GetNamespace() {
		return fmt.Errorf("it names Gateway %s/%v, the Gateway is %s/%s", ns, ref["name"], gw.GetNamespace(), gw.GetName())
	}
	section, _ := ref["sectionName"].(string)
	listeners, _, _ := unstructured.NestedSlice(gw.Object, "spec", "listeners")
	var why []string
	for _, l := range listeners {
		lm, _ := l.(map[string]any)
		if section != "" && lm["name"] != section {
			continue
		}
		if err := admits(lm, route, gw.GetNamespace(), routeNS); err != nil {
			why = append(why, fmt.Sprintf("listener %v: %v", lm["name"], err))
			continue
		}
		return nil
	}
	if len(why) == 0 {
		return fmt.Errorf("Gateway %s/%s has no listener %q", gw.GetNamespace(), gw.GetName(), section)
	}
	return fmt.Errorf("%s", strings.Join(why, "; "))
}

// admits checks one listener's allowedRoutes and hostname against the route.
func admits(l map[string]any, route *unstructured.Unstructured, gwNS string, routeNS map[string]string) error {
	from, _, _ := unstructured.NestedString(l, "allowedRoutes", "namespaces", "from")
	switch from {
	case "All":
	case "", "Same":
		if route.GetNamespace() != gwNS {
			return fmt.Errorf("admits routes of its own namespace %s only", gwNS)
		}
	case "Selector":
		raw, _, _ := unstructured.NestedMap(l, "allowedRoutes", "namespaces", "selector")
		data, err := sigsyaml.Marshal(raw)
		if err != nil {
			return err
		}
		var ls metav1.LabelSelector
		if err := sigsyaml.Unmarshal(data, &ls); err != nil {
			return err
		}
		sel, err := metav1.LabelSelectorAsSelector(&ls)
		if err != nil {
			return err
		}
		if !sel.Matches(labels.Set(routeNS)) {
			return fmt.Errorf("its selector %s does not match namespace %s", sel, route.GetNamespace())
		}
	default:
		return fmt.Errorf("allowedRoutes from %q", from)
	}
	host, _ := l["hostname"].(string)
	if host == "" {
		return nil
	}
	names, _, _ := unstructured.NestedStringSlice(route.Object, "spec", "hostnames")
	for _, n := range names {
		// A wildcard listener is a suffix match (Gateway API).
		if n == host || (strings.HasPrefix(host, "*.") && strings.HasSuffix(n, host[1:])) {
			return nil
		}
	}
	return fmt.Errorf("hostname %s matches none of the route's %v", host, names)
}
