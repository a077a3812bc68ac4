package edge_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestPreviewsListener: the Gateway of spec.previews.from, and only that
// one, has the previews listener, on the wildcard host of its domain, for
// routes of the namespaces labelled as its previews.
func TestPreviewsListener(t *testing.T) {
	for _, env := range example.Environments() {
		t.Run(env, func(t *testing.T) {
			g := example.Gateway(t, env)
			gw := find(t, build(t, g), "Gateway", g.Contract().Edge.Gateway)
			listeners, _, _ := unstructured.NestedSlice(gw, "spec", "listeners")
			var previews map[string]any
			for _, l := range listeners {
				if m := l.(map[string]any); m["name"] == resolve.ListenerHTTPSPreviews {
					previews = m
				}
			}
			if (previews != nil) != (env == "dev") {
				t.Fatalf("previews listener %v; the example's previews derive from dev", previews)
			}
			if previews == nil {
				return
			}
			if previews["hostname"] != "*."+g.Domain || previews["protocol"] != "HTTPS" || previews["port"] != int64(443) {
				t.Errorf("previews listener %v, want HTTPS 443 on *.%s", previews, g.Domain)
			}
			from, _, _ := unstructured.NestedString(previews, "allowedRoutes", "namespaces", "from")
			sel, _, _ := unstructured.NestedStringMap(previews, "allowedRoutes", "namespaces", "selector", "matchLabels")
			if from != "Selector" || len(sel) != 1 || sel[resolve.PreviewOfLabel] != "ai-gateway-dev" {
				t.Errorf("previews listener admits %s %v, want the namespaces labelled %s=ai-gateway-dev", from, sel, resolve.PreviewOfLabel)
			}
		})
	}
}

// TestPreviewRoutes: a preview brings no HTTP redirect (and no Gateway or
// GatewayClass: render runs no gateway builder for it, see
// render.TestBuildersFor); its two routes attach to the source
// environment's previews listener, on its own hosts one label under the
// domain, with exactly the environment's rules, and its rule and target
// group configurations are in its own namespace.
func TestPreviewRoutes(t *testing.T) {
	env := example.Gateway(t, "dev")
	env.Edge.CreateGatewayClass = true
	p := example.Preview(t, "42")
	p.Edge.CreateGatewayClass = true
	envObjs, objs := build(t, env), build(t, p)

	var kinds []string
	for _, o := range objs {
		kinds = append(kinds, kindOf(o)+"/"+nameOf(o))
		if ns := (&unstructured.Unstructured{Object: o}).GetNamespace(); ns != "ai-gateway-pr-42" {
			t.Errorf("%s %s in namespace %q", kindOf(o), nameOf(o), ns)
		}
	}
	want := []string{
		"HTTPRoute/ai-gateway-api", "HTTPRoute/ai-gateway-admin",
		"ListenerRuleConfiguration/ai-gateway-blocked", "ListenerRuleConfiguration/ai-gateway-admin-sources-1",
		"TargetGroupConfiguration/ai-gateway-api", "TargetGroupConfiguration/ai-gateway-admin",
	}
	if !slices.Equal(kinds, want) {
		t.Errorf("preview objects\n got %v\nwant %v", kinds, want)
	}

	for _, name := range []string{edge.APIRouteName(p), edge.AdminRouteName(p)} {
		rt, envRt := httpRoute(t, objs, name), httpRoute(t, envObjs, name)
		if len(rt.Spec.ParentRefs) != 1 {
			t.Fatalf("%s parentRefs %v", name, rt.Spec.ParentRefs)
		}
		ref := rt.Spec.ParentRefs[0]
		if ref.Namespace == nil || *ref.Namespace != "ai-gateway-dev" || ref.Name != gwv1.ObjectName(env.Contract().Edge.Gateway) || ptrString(ref.SectionName) != resolve.ListenerHTTPSPreviews {
			t.Errorf("%s attaches to %v", name, ref)
		}
		if len(rt.Spec.Hostnames) != 1 {
			t.Fatalf("%s hostnames %v", name, rt.Spec.Hostnames)
		}
		host, envHost := string(rt.Spec.Hostnames[0]), string(envRt.Spec.Hostnames[0])
		label, domain, _ := strings.Cut(host, ".")
		if domain != env.Domain || host == envHost || !strings.HasSuffix(label, "-pr-42") {
			t.Errorf("%s host %s: want one label under %s, other than the environment's %s", name, host, env.Domain, envHost)
		}
		if !reflect.DeepEqual(rt.Spec.Rules, envRt.Spec.Rules) {
			t.Errorf("%s rules differ from the environment's", name)
		}
	}
}

// TestPreviewServesLikeTheEnvironment: on the preview hosts, the modelled
// ALB rules give every request the outcome the environment's rules give on
// the environment's hosts.
func TestPreviewServesLikeTheEnvironment(t *testing.T) {
	env, p := example.Gateway(t, "dev"), example.Preview(t, "7")
	envRules, rules := albRules(t, build(t, env), true), albRules(t, build(t, p), true)
	paths := slices.Concat(adminPaths(), operationalSamples, publicSamples, []string{"/", "/ui/", "/v1/model/info"})
	for _, ip := range []string{adminIP, outsideIP} {
		for _, path := range paths {
			for _, h := range [][2]string{{env.APIHost, p.APIHost}, {env.AdminHost, p.AdminHost}} {
				if got, want := serve(rules, h[1], path, ip), serve(envRules, h[0], path, ip); got != want {
					t.Errorf("%s%s from %s: %s, the environment gives %s", h[1], path, ip, got, want)
				}
			}
		}
	}
}

// TestPreviewBudget: a preview that would not fit next to its environment on
// the shared load balancer fails at render time, even when the environment
// alone fits.
func TestPreviewBudget(t *testing.T) {
	cidrs := make([]string, 0, 24)
	for i := range 24 {
		cidrs = append(cidrs, fmt.Sprintf("203.0.%d.0/24", i))
	}
	env, p := example.Gateway(t, "dev"), example.Preview(t, "42")
	env.Access.AdminAllowlist, p.Access.AdminAllowlist = cidrs, cidrs
	env.Access.APIAllowlist, p.Access.APIAllowlist = cidrs[:4], cidrs[:4]
	build(t, env)
	_, err := edge.New().Build(t.Context(), &component.Input{Gateway: p})
	if err == nil || !strings.Contains(err.Error(), "preview 42 next to environment dev") || !strings.Contains(err.Error(), "ALB listener rules") {
		t.Fatalf("error %v, want the listener rule quota of the shared load balancer", err)
	}
}
