package edge_test

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/edge"
)

// The tests model how the AWS Load Balancer Controller turns the routes into
// ALB listener rules (pkg/gateway/routeutils in the controller): one rule per
// match and host name, ordered by Gateway API precedence (exact before
// prefix, longer path first, then route name, rule and match index), with the
// host-header and path-pattern conditions of the match, the source-ip
// condition of the rule's ListenerRuleConfiguration, and the fixed response,
// redirect or forward action; a request no rule matches gets the listener's
// default 404.

// albRule is one listener rule of the model.
type albRule struct {
	route, rule string
	host        string
	path        edge.Path
	// headers is the number of header matches (condition values); bearer
	// marks a rule that matches only requests with a bearer token.
	headers int
	bearer  bool
	cidrs   []string
	// auth is the onUnauthenticatedRequest of the rule's authenticate-oidc
	// action, "" without one.
	auth   string
	action outcome
}

// outcome is what the ALB does with a request.
type outcome struct {
	kind     string // "forward", "fixed", "redirect", "default404", "noBackend500"
	service  string
	status   int
	location string
}

func (o outcome) String() string {
	switch o.kind {
	case "forward":
		return "forward to " + o.service
	case "fixed":
		return fmt.Sprintf("fixed %d", o.status)
	case "redirect":
		return fmt.Sprintf("redirect %d %s", o.status, o.location)
	}
	return o.kind
}

var (
	default404 = outcome{kind: "default404"}
	fixed404   = outcome{kind: "fixed", status: 404}
)

func forwardTo(svc string) outcome { return outcome{kind: "forward", service: svc} }

// albRules builds the model's rules of one listener port.
func albRules(t testing.TB, objs []map[string]any, https bool) []albRule {
	t.Helper()
	lrcs := map[string]map[string]any{}
	for _, o := range objs {
		if kindOf(o) == edge.ListenerRuleConfigurationKind {
			lrcs[nameOf(o)] = o
		}
	}
	var rules []albRule
	for _, o := range objs {
		if kindOf(o) != "HTTPRoute" {
			continue
		}
		var rt gwv1.HTTPRoute
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o, &rt); err != nil {
			t.Fatal(err)
		}
		section := string(*rt.Spec.ParentRefs[0].SectionName)
		if https != strings.HasPrefix(section, "https") {
			continue
		}
		for _, rule := range rt.Spec.Rules {
			action, cidrs, auth := ruleAction(t, rt.Name, rule, lrcs)
			for _, m := range rule.Matches {
				p := edge.Path{Value: *m.Path.Value, Exact: *m.Path.Type == gwv1.PathMatchExact}
				bearer := false
				for _, h := range m.Headers {
					if h.Name != "Authorization" || *h.Type != gwv1.HeaderMatchRegularExpression || h.Value != edge.BearerPattern {
						t.Fatalf("route %s: header match %+v is not modelled", rt.Name, h)
					}
					bearer = true
				}
				for _, h := range rt.Spec.Hostnames {
					rules = append(rules, albRule{route: rt.Name, rule: ptrString(rule.Name), host: string(h), path: p,
						headers: len(m.Headers), bearer: bearer, cidrs: cidrs, auth: auth, action: action})
				}
			}
		}
	}
	slices.SortStableFunc(rules, func(a, b albRule) int {
		if a.path.Exact != b.path.Exact {
			if a.path.Exact {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(len(b.path.Value), len(a.path.Value)); c != 0 {
			return c
		}
		// More header matches first (Gateway API precedence, as the
		// controller's route_rule_precedence.go orders them).
		if c := cmp.Compare(b.headers, a.headers); c != 0 {
			return c
		}
		return cmp.Compare(a.route, b.route)
	})
	return rules
}

func ptrString[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func ruleAction(t testing.TB, route string, rule gwv1.HTTPRouteRule, lrcs map[string]map[string]any) (outcome, []string, string) {
	t.Helper()
	var lrc map[string]any
	var redirect *gwv1.HTTPRequestRedirectFilter
	for _, f := range rule.Filters {
		switch f.Type {
		case gwv1.HTTPRouteFilterExtensionRef:
			if lrc != nil {
				t.Fatalf("route %s rule %s: the controller accepts one ListenerRuleConfiguration per rule", route, ptrString(rule.Name))
			}
			var ok bool
			if lrc, ok = lrcs[string(f.ExtensionRef.Name)]; !ok {
				t.Fatalf("route %s rule %s: ListenerRuleConfiguration %s is not emitted", route, ptrString(rule.Name), f.ExtensionRef.Name)
			}
		case gwv1.HTTPRouteFilterRequestRedirect:
			redirect = f.RequestRedirect
		default:
			t.Fatalf("route %s: filter %s is not supported by the ALB gateway", route, f.Type)
		}
	}
	var cidrs []string
	var auth string
	if lrc != nil {
		conds, _, _ := unstructured.NestedSlice(lrc, "spec", "conditions")
		for _, c := range conds {
			vals, _, _ := unstructured.NestedStringSlice(c.(map[string]any), "sourceIPConfig", "values")
			cidrs = append(cidrs, vals...)
		}
		actions, _, _ := unstructured.NestedSlice(lrc, "spec", "actions")
		for _, a := range actions {
			am := a.(map[string]any)
			switch am["type"] {
			case "fixed-response":
				code, _, _ := unstructured.NestedInt64(am, "fixedResponseConfig", "statusCode")
				return outcome{kind: "fixed", status: int(code)}, cidrs, ""
			case "authenticate-oidc":
				auth, _, _ = unstructured.NestedString(am, "authenticateOIDCConfig", "onUnauthenticatedRequest")
			}
		}
	}
	switch {
	case redirect != nil:
		o := outcome{kind: "redirect", status: *redirect.StatusCode}
		if redirect.Scheme != nil {
			o.location = *redirect.Scheme + "://"
		}
		if redirect.Path != nil && redirect.Path.ReplaceFullPath != nil {
			o.location += *redirect.Path.ReplaceFullPath
		}
		return o, cidrs, auth
	case len(rule.BackendRefs) == 1:
		return forwardTo(string(rule.BackendRefs[0].Name)), cidrs, auth
	case len(rule.BackendRefs) > 1:
		t.Fatalf("route %s: weighted backends are not expected", route)
	}
	return outcome{kind: "noBackend500"}, cidrs, auth
}

// serve returns what the ALB does with a request on the HTTPS listener.
func serve(rules []albRule, host, path, ip string) outcome {
	return match(rules, host, path, ip, false).action
}

// match returns the rule that takes a request (with or without a bearer
// token), the listener's default rule if none does.
func match(rules []albRule, host, path, ip string, bearer bool) albRule {
	addr := netip.MustParseAddr(ip)
	for _, r := range rules {
		if r.host != host || !matches(r.path, path) || (r.bearer && !bearer) {
			continue
		}
		if len(r.cidrs) > 0 && !slices.ContainsFunc(r.cidrs, func(c string) bool {
			return netip.MustParsePrefix(c).Contains(addr)
		}) {
			continue
		}
		return r
	}
	return albRule{action: default404}
}
