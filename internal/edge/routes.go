package edge

import (
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// routing is the HTTPRoutes of a gateway and the ListenerRuleConfigurations
// they reference.
type routing struct {
	routes  []*gwv1.HTTPRoute
	configs []*unstructured.Unstructured
}

// Rule names inside the routes (Gateway API rule names, also used by the
// tests and docs/edge.md).
const (
	RuleBlocked   = "blocked"
	RuleAdminRoot = "root"
	// RuleAdminBearer names the admin host's rules for requests with a
	// bearer token when the ALB authenticates (albAuthentication).
	RuleAdminBearer = "admin-bearer"
)

// buildRouting lays out the three routes:
//
//   - <gw>-api on the API host: a fixed 404 for the operational paths and the
//     non-public paths under the API prefixes, then the API prefixes forwarded
//     to the API release (behind the API allowlist when there is one, split
//     over as many rules as the ALB's condition limits need);
//   - <gw>-admin on the admin host: a fixed 404 for the operational paths,
//     "/" redirected to the admin UI, then everything forwarded to the Admin
//     release behind the admin allowlist;
//   - <gw>-http-redirect on port 80: both hosts redirected to HTTPS, when
//     the contract gives it a parent (resolve.Edge.Redirect).
//
// Every route attaches where the contract says (resolve.Edge).
// The controller orders ALB rules by Gateway API precedence (exact before
// prefix, longer before shorter), so each fixed response and the redirect
// come before the forwarding rules of its host whatever the rule order here.
func buildRouting(g *resolve.Gateway, e resolve.Edge) (*routing, []routeShape) {
	r := &routing{configs: []*unstructured.Unstructured{blockedRuleConfig(g)}}
	blocked := blockedRule(g, slices.Concat(OperationalPaths(), APIBlockedPaths()))

	api := newRoute(g, APIRouteName(g), e.API, g.APIHost)
	api.Spec.Rules = append(api.Spec.Rules, blocked)
	apiRules, apiConfigs := forwardRules(g, "api", APIPrefixes(), g.Contract().LiteLLM.API, g.Access.APIAllowlist, ruleExtras{})
	api.Spec.Rules = append(api.Spec.Rules, apiRules...)
	r.configs = append(r.configs, apiConfigs...)

	admin := newRoute(g, AdminRouteName(g), e.Admin, g.AdminHost)
	admin.Spec.Rules = append(admin.Spec.Rules, blockedRule(g, OperationalPaths()), adminRootRule())
	auth := g.SSO.ALBAuthentication
	adminRules, adminConfigs := forwardRules(g, "admin", []Path{{Value: "/"}}, g.Contract().LiteLLM.Admin, g.Access.AdminAllowlist,
		ruleExtras{auth: authenticateAction(g, auth.OnUnauthenticatedRequest)})
	admin.Spec.Rules = append(admin.Spec.Rules, adminRules...)
	r.configs = append(r.configs, adminConfigs...)
	if auth.Enabled {
		// Requests with a bearer token (LiteLLM keys, the UI's API calls)
		// get their own rules, ahead of the browser rules (one header match
		// more, same path), with their own unauthenticated behaviour.
		bearerRules, bearerConfigs := forwardRules(g, RuleAdminBearer, []Path{{Value: "/"}}, g.Contract().LiteLLM.Admin, g.Access.AdminAllowlist,
			ruleExtras{header: BearerHeaderMatch(), auth: authenticateAction(g, auth.BearerRequests)})
		admin.Spec.Rules = append(admin.Spec.Rules, bearerRules...)
		r.configs = append(r.configs, bearerConfigs...)
	}

	r.routes = []*gwv1.HTTPRoute{api, admin}
	if e.Redirect != nil {
		r.routes = append(r.routes, redirectRoute(g, *e.Redirect))
	}

	shapes := make([]routeShape, len(r.routes))
	for i, rt := range r.routes {
		s := routeShape{name: rt.Name, hostnames: len(rt.Spec.Hostnames)}
		for _, rule := range rt.Spec.Rules {
			s.matches = append(s.matches, len(rule.Matches))
		}
		shapes[i] = s
	}
	return r, shapes
}

// redirectRoute sends both hosts from HTTP to HTTPS.
func redirectRoute(g *resolve.Gateway, parent resolve.ParentRef) *gwv1.HTTPRoute {
	rt := newRoute(g, RedirectRouteName(g), parent, g.APIHost, g.AdminHost)
	rt.Spec.Rules = []gwv1.HTTPRouteRule{{
		Name:    ptr(gwv1.SectionName("https")),
		Matches: []gwv1.HTTPRouteMatch{match(Path{Value: "/"})},
		Filters: []gwv1.HTTPRouteFilter{{
			Type: gwv1.HTTPRouteFilterRequestRedirect,
			RequestRedirect: &gwv1.HTTPRequestRedirectFilter{
				Scheme:     ptr("https"),
				StatusCode: ptr(301),
			},
		}},
	}}
	return rt
}

func newRoute(g *resolve.Gateway, name string, parent resolve.ParentRef, hosts ...string) *gwv1.HTTPRoute {
	rt := &gwv1.HTTPRoute{
		TypeMeta:   metav1.TypeMeta{APIVersion: gwv1.GroupVersion.String(), Kind: "HTTPRoute"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: g.Namespace, Labels: g.Labels()},
		Spec: gwv1.HTTPRouteSpec{
			CommonRouteSpec: gwv1.CommonRouteSpec{ParentRefs: []gwv1.ParentReference{parentRef(parent)}},
		},
	}
	for _, h := range hosts {
		rt.Spec.Hostnames = append(rt.Spec.Hostnames, gwv1.Hostname(h))
	}
	component.SetWave(rt, component.WaveRoutes)
	return rt
}

// parentRef attaches a route to a listener of a Gateway, in another
// namespace when p names one (a preview's routes, on the previews listener
// of its source environment's Gateway).
func parentRef(p resolve.ParentRef) gwv1.ParentReference {
	ref := gwv1.ParentReference{
		Group:       ptr(gwv1.Group(gwv1.GroupName)),
		Kind:        ptr(gwv1.Kind("Gateway")),
		Name:        gwv1.ObjectName(p.Name),
		SectionName: ptr(gwv1.SectionName(p.Section)),
	}
	if p.Namespace != "" {
		ref.Namespace = ptr(gwv1.Namespace(p.Namespace))
	}
	return ref
}

// blockedRule answers the paths with the ALB's fixed 404.
func blockedRule(g *resolve.Gateway, paths []Path) gwv1.HTTPRouteRule {
	return gwv1.HTTPRouteRule{
		Name:    ptr(gwv1.SectionName(RuleBlocked)),
		Matches: matches(paths),
		Filters: []gwv1.HTTPRouteFilter{extensionRef(BlockedRuleConfigName(g))},
	}
}

// adminRootRule sends "/" (LiteLLM's Swagger UI) to the admin UI.
func adminRootRule() gwv1.HTTPRouteRule {
	return gwv1.HTTPRouteRule{
		Name:    ptr(gwv1.SectionName(RuleAdminRoot)),
		Matches: []gwv1.HTTPRouteMatch{match(Path{Value: "/", Exact: true})},
		Filters: []gwv1.HTTPRouteFilter{{
			Type: gwv1.HTTPRouteFilterRequestRedirect,
			RequestRedirect: &gwv1.HTTPRequestRedirectFilter{
				Path: &gwv1.HTTPPathModifier{
					Type:            gwv1.FullPathHTTPPathModifier,
					ReplaceFullPath: ptr(AdminRootRedirect),
				},
				StatusCode: ptr(302),
			},
		}},
	}
}

// forwardRules forwards the paths to the Service. With an allowlist, each
// rule carries a ListenerRuleConfiguration with a source-ip condition; one
// ALB rule holds five condition values (host, path patterns and CIDRs
// together, three per condition), so the allowlist is split over rules that
// differ only in their CIDRs. Without an allowlist there is one rule and no
// condition.
//
// extras add a header match to every match of the rules and an
// authenticate action (before the forward) to their configurations.
func forwardRules(g *resolve.Gateway, host string, paths []Path, service string, allowlist []string, extras ruleExtras) ([]gwv1.HTTPRouteRule, []*unstructured.Unstructured) {
	headerValues := 0
	if extras.header != nil {
		headerValues = 1
	}
	chunks := chunk(allowlist, cidrsPerRule(paths, headerValues))
	var rules []gwv1.HTTPRouteRule
	var configs []*unstructured.Unstructured
	for i, cidrs := range chunks {
		ms := matches(paths)
		if extras.header != nil {
			for j := range ms {
				ms[j].Headers = []gwv1.HTTPHeaderMatch{*extras.header}
			}
		}
		rule := gwv1.HTTPRouteRule{
			Name:        ptr(gwv1.SectionName(host)),
			Matches:     ms,
			BackendRefs: []gwv1.HTTPBackendRef{serviceRef(service, g.Contract().LiteLLM.Port)},
		}
		if len(cidrs) > 0 || extras.auth != nil {
			name := sourceRuleConfigName(g, host, i+1)
			rule.Name = ptr(gwv1.SectionName(fmt.Sprintf("%s-%d", host, i+1)))
			rule.Filters = []gwv1.HTTPRouteFilter{extensionRef(name)}
			configs = append(configs, forwardRuleConfig(g, name, cidrs, extras.auth))
		}
		rules = append(rules, rule)
	}
	return rules, configs
}

// ruleExtras are what some forwarding rules add to their path matches.
type ruleExtras struct {
	// header is matched by every match of the rules.
	header *gwv1.HTTPHeaderMatch
	// auth is the authenticate-oidc action run before the forward.
	auth map[string]any
}

func matches(paths []Path) []gwv1.HTTPRouteMatch {
	out := make([]gwv1.HTTPRouteMatch, len(paths))
	for i, p := range paths {
		out[i] = match(p)
	}
	return out
}

// match is one path match, with its type spelled out (the API server's
// default, PathPrefix, would otherwise show as a diff).
func match(p Path) gwv1.HTTPRouteMatch {
	t := gwv1.PathMatchPathPrefix
	if p.Exact {
		t = gwv1.PathMatchExact
	}
	return gwv1.HTTPRouteMatch{Path: &gwv1.HTTPPathMatch{Type: ptr(t), Value: ptr(p.Value)}}
}

// serviceRef is a backendRef with the fields the API server defaults.
func serviceRef(name string, port int) gwv1.HTTPBackendRef {
	return gwv1.HTTPBackendRef{BackendRef: gwv1.BackendRef{
		BackendObjectReference: gwv1.BackendObjectReference{
			Group: ptr(gwv1.Group("")),
			Kind:  ptr(gwv1.Kind("Service")),
			Name:  gwv1.ObjectName(name),
			Port:  ptr(gwv1.PortNumber(port)),
		},
		Weight: ptr(int32(1)),
	}}
}

func extensionRef(name string) gwv1.HTTPRouteFilter {
	return gwv1.HTTPRouteFilter{
		Type: gwv1.HTTPRouteFilterExtensionRef,
		ExtensionRef: &gwv1.LocalObjectReference{
			Group: LBCGroup,
			Kind:  ListenerRuleConfigurationKind,
			Name:  gwv1.ObjectName(name),
		},
	}
}
