package edge_test

import (
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/edge"
)

const (
	adminIP   = "203.0.113.10"  // in the example's admin allowlist
	outsideIP = "192.0.2.200"   // in no allowlist
	apiIP     = "198.51.100.20" // in the API allowlist of the allowlists variant
)

// operationalSamples are requests for the non-public operational endpoints.
var operationalSamples = []string{
	"/health", "/health/liveliness", "/health/readiness", "/health/services",
	"/metrics", "/metrics/", "/routes", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc",
	"/debug/asyncio-tasks", "/sso/debug/login", "/config/yaml", "/memory-usage-in-mem-cache", "/memory-usage-in-mem-cache-items", "/otel-spans",
}

// publicSamples are inference requests the API host serves.
var publicSamples = []string{
	"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/v1/messages",
	"/v1/responses", "/v1/images/generations", "/v1/audio/transcriptions", "/v1/rerank",
	"/chat/completions", "/completions", "/embeddings", "/models", "/responses", "/rerank",
}

// TestAPIHostIsolation: the API host never reaches admin pages, SSO,
// management or operational paths, from any address; it serves inference.
func TestAPIHostIsolation(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			rules := albRules(t, build(t, g), true)
			client := outsideIP
			if len(g.Access.APIAllowlist) > 0 {
				client = apiIP
			}
			for _, ip := range []string{client, adminIP, outsideIP} {
				for _, p := range slices.Concat(adminPaths(), operationalSamples, []string{"/", "/v1/model/info", "/v1/mcp/server", "/v1beta/models", "/v2/model/info"}) {
					got := serve(rules, g.APIHost, p, ip)
					if got.kind == "forward" || got.kind == "redirect" {
						t.Errorf("API host %s from %s: %s, want a 404", p, ip, got)
					}
				}
			}
			for _, p := range publicSamples {
				if got := serve(rules, g.APIHost, p, client); got != forwardTo(g.Name("api")) {
					t.Errorf("API host %s from %s: %s, want forward to the API release", p, client, got)
				}
			}
			if len(g.Access.APIAllowlist) > 0 {
				if got := serve(rules, g.APIHost, "/v1/chat/completions", outsideIP); got.kind == "forward" {
					t.Errorf("API host from outside the API allowlist: %s", got)
				}
			}
			// Explicit fixed responses, not only the default rule.
			for _, p := range slices.Concat(operationalSamples, []string{"/v1/model/info", "/v1/mcp/server"}) {
				if got := serve(rules, g.APIHost, p, client); got != fixed404 {
					t.Errorf("API host %s: %s, want the fixed 404 rule", p, got)
				}
			}
		})
	}
}

// TestNoAPIRouteToAdminOrOperationalPaths checks the routes themselves: no
// forwarding match of the API route covers an admin or operational path,
// whatever the order the controller gives the rules.
func TestNoAPIRouteToAdminOrOperationalPaths(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			objs := build(t, g)
			rt := httpRoute(t, objs, edge.APIRouteName(g))
			if !slices.Equal(rt.Spec.Hostnames, []gwv1.Hostname{gwv1.Hostname(g.APIHost)}) {
				t.Fatalf("API route hostnames %v", rt.Spec.Hostnames)
			}
			for _, rule := range rt.Spec.Rules {
				for _, b := range rule.BackendRefs {
					if string(b.Name) != g.Name("api") {
						t.Errorf("API route rule %s forwards to %s", ptrString(rule.Name), b.Name)
					}
				}
				if len(rule.BackendRefs) == 0 {
					continue
				}
				for _, m := range rule.Matches {
					p := edge.Path{Value: *m.Path.Value, Exact: *m.Path.Type == gwv1.PathMatchExact}
					for _, bad := range slices.Concat(adminPaths(), operationalSamples) {
						if matches(p, bad) {
							t.Errorf("API route rule %s match %s forwards the non-public path %s", ptrString(rule.Name), p, bad)
						}
					}
				}
			}
			// Only the admin route reaches the admin release, only on the admin host.
			for _, o := range objs {
				if kindOf(o) != "HTTPRoute" || nameOf(o) == edge.AdminRouteName(g) {
					continue
				}
				r := httpRoute(t, objs, nameOf(o))
				for _, rule := range r.Spec.Rules {
					for _, b := range rule.BackendRefs {
						if string(b.Name) == g.Name("admin") {
							t.Errorf("route %s reaches the admin release", r.Name)
						}
					}
				}
			}
		})
	}
}

// TestAdminHost: only the admin allowlist reaches the admin release; the
// operational paths are a fixed 404 there too; "/" goes to the UI.
func TestAdminHost(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			rules := albRules(t, build(t, g), true)
			admin := forwardTo(g.Name("admin"))
			for _, cidr := range g.Access.AdminAllowlist {
				ip := firstAddr(cidr)
				for _, p := range adminPaths() {
					if got := serve(rules, g.AdminHost, p, ip); got != admin {
						t.Errorf("admin host %s from %s: %s, want the admin release", p, ip, got)
					}
				}
				if got := serve(rules, g.AdminHost, "/", ip); got.kind != "redirect" || got.location != edge.AdminRootRedirect {
					t.Errorf("admin host / : %s, want a redirect to %s", got, edge.AdminRootRedirect)
				}
				for _, p := range operationalSamples {
					if got := serve(rules, g.AdminHost, p, ip); got != fixed404 {
						t.Errorf("admin host %s from the allowlist: %s, want the fixed 404", p, got)
					}
				}
			}
			for _, ip := range []string{outsideIP, apiIP} {
				for _, p := range slices.Concat(adminPaths(), publicSamples) {
					if got := serve(rules, g.AdminHost, p, ip); got.kind == "forward" {
						t.Errorf("admin host %s from %s (not allowlisted): %s", p, ip, got)
					}
				}
			}
		})
	}
}

// TestAdminRouteCarriesAllowlist: every forwarding rule of the admin route
// has a source-ip condition, and the rules of each kind (browser requests,
// and with ALB authentication bearer-token requests) together list exactly
// the allowlist.
func TestAdminRouteCarriesAllowlist(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			objs := build(t, g)
			rt := httpRoute(t, objs, edge.AdminRouteName(g))
			all := map[bool][]string{} // bearer rules or not → CIDRs
			forwarding := 0
			for _, rule := range rt.Spec.Rules {
				if len(rule.BackendRefs) == 0 {
					continue
				}
				forwarding++
				bearer := len(rule.Matches[0].Headers) > 0
				var refs []string
				for _, f := range rule.Filters {
					if f.Type == gwv1.HTTPRouteFilterExtensionRef {
						refs = append(refs, string(f.ExtensionRef.Name))
					}
				}
				if len(refs) != 1 {
					t.Fatalf("admin rule %s has %d rule configurations, want one with the allowlist", ptrString(rule.Name), len(refs))
				}
				lrc := find(t, objs, edge.ListenerRuleConfigurationKind, refs[0])
				conds, _, _ := unstructured.NestedSlice(lrc, "spec", "conditions")
				if len(conds) != 1 || conds[0].(map[string]any)["field"] != "source-ip" {
					t.Fatalf("%s conditions %v, want one source-ip condition", refs[0], conds)
				}
				vals, _, _ := unstructured.NestedStringSlice(conds[0].(map[string]any), "sourceIPConfig", "values")
				all[bearer] = append(all[bearer], vals...)
			}
			if forwarding == 0 || !slices.Equal(all[false], g.Access.AdminAllowlist) {
				t.Errorf("admin allowlist in the route %v, want %v", all[false], g.Access.AdminAllowlist)
			}
			if g.SSO.ALBAuthentication.Enabled && !slices.Equal(all[true], g.Access.AdminAllowlist) {
				t.Errorf("admin allowlist in the bearer-token rules %v, want %v", all[true], g.Access.AdminAllowlist)
			}
		})
	}
}

// TestALBConditionLimits: every ALB rule the controller derives stays within
// five condition values, three per condition.
func TestALBConditionLimits(t *testing.T) {
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			objs := build(t, g)
			rules := albRules(t, objs, true)
			total := len(rules) + len(albRules(t, objs, false))
			if total > 100 {
				t.Errorf("%d ALB rules, more than the quota", total)
			}
			// dev has no ALB authentication; prod adds one bearer-token rule.
			if want := map[string]int{"dev": 40, "prod": 41}[name]; want != 0 && total != want {
				t.Errorf("the example's %s needs %d ALB rules; docs/edge.md says %d", name, total, want)
			}
			for _, r := range rules {
				pathValues := 2
				if r.path.Exact || r.path.Value == "/" {
					pathValues = 1
				}
				if len(r.cidrs) > 3 || 1+pathValues+r.headers+len(r.cidrs) > 5 {
					t.Errorf("rule %s/%s %s on %s has %d CIDRs: over the ALB condition limits", r.route, r.rule, r.path, r.host, len(r.cidrs))
				}
			}
		})
	}
}

func TestPathMatches(t *testing.T) {
	tests := []struct {
		p    edge.Path
		path string
		want bool
	}{
		{edge.Path{Value: "/v1"}, "/v1", true},
		{edge.Path{Value: "/v1"}, "/v1/", true},
		{edge.Path{Value: "/v1"}, "/v1/chat/completions", true},
		{edge.Path{Value: "/v1"}, "/v1beta", false},
		{edge.Path{Value: "/v1/model"}, "/v1/models", false},
		{edge.Path{Value: "/v1/model"}, "/v1/model/info", true},
		{edge.Path{Value: "/"}, "/anything", true},
		{edge.Path{Value: "/openapi.json", Exact: true}, "/openapi.json", true},
		{edge.Path{Value: "/openapi.json", Exact: true}, "/openapi.json/x", false},
	}
	for _, tt := range tests {
		if got := matches(tt.p, tt.path); got != tt.want {
			t.Errorf("%s matches %s = %v, want %v", tt.p, tt.path, got, tt.want)
		}
	}
}

func firstAddr(cidr string) string {
	for i := len(cidr) - 1; i >= 0; i-- {
		if cidr[i] == '/' {
			return cidr[:i]
		}
	}
	return cidr
}
