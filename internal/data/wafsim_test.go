package data

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// A stand-in for AWS WAF evaluating the rendered web ACL (ruleJson): the
// statements aigw writes (byte and regex matches on the Host header with
// their text transformations, IP sets, and/or/not, label matches) are
// evaluated as WAF documents them; a managed rule group is modelled by the
// rules a request triggers in it (wafRequest.triggers), which act as the
// group's RuleActionOverrides say: Count adds the rule's label and goes on,
// anything else blocks.

// managedLabels maps a managed rule to its group and its label (AWS WAF
// developer guide, "Baseline rule groups"; labels are not derivable from
// rule names: _BODY becomes _Body).
var managedLabels = map[string]struct{ group, label string }{
	"SizeRestrictions_BODY":       {"AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"},
	"CrossSiteScripting_BODY":     {"AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body"},
	"GenericLFI_BODY":             {"AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:GenericLFI_Body"},
	"GenericRFI_BODY":             {"AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:GenericRFI_Body"},
	"EC2MetaDataSSRF_BODY":        {"AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_Body"},
	"NoUserAgent_HEADER":          {"AWSManagedRulesCommonRuleSet", "awswaf:managed:aws:core-rule-set:NoUserAgent_Header"},
	"Log4JRCE_BODY":               {"AWSManagedRulesKnownBadInputsRuleSet", "awswaf:managed:aws:known-bad-inputs:Log4JRCE_Body"},
	"JavaDeserializationRCE_BODY": {"AWSManagedRulesKnownBadInputsRuleSet", "awswaf:managed:aws:known-bad-inputs:JavaDeserializationRCE_Body"},
	"Log4JRCE_HEADER":             {"AWSManagedRulesKnownBadInputsRuleSet", "awswaf:managed:aws:known-bad-inputs:Log4JRCE_Header"},
}

// wafRequest is what the stand-in sees of a request.
type wafRequest struct {
	host, path string
	ip         netip.Addr
	// triggers are the managed rules whose signatures the request matches.
	triggers []string
}

type wafEval struct {
	ipSets map[string][]netip.Prefix // ARN -> addresses
	labels map[string]bool
}

// wafVerdict evaluates the rules in priority order and returns the name of
// the rule that blocks, or "" when the request is allowed.
func wafVerdict(t *testing.T, rules []map[string]any, ipSets map[string][]netip.Prefix, req wafRequest) string {
	t.Helper()
	e := &wafEval{ipSets: ipSets, labels: map[string]bool{}}
	for _, r := range rules {
		st, _ := r["Statement"].(map[string]any)
		if mg, ok := st["ManagedRuleGroupStatement"].(map[string]any); ok {
			counted := map[string]bool{}
			for _, o := range asList(mg["RuleActionOverrides"]) {
				if _, c := o.(map[string]any)["ActionToUse"].(map[string]any)["Count"]; c {
					counted[fmt.Sprint(o.(map[string]any)["Name"])] = true
				}
			}
			for _, rule := range req.triggers {
				m, ok := managedLabels[rule]
				if !ok {
					t.Fatalf("unknown managed rule %s", rule)
				}
				if m.group != mg["Name"] {
					continue
				}
				if !counted[rule] {
					return fmt.Sprintf("%s (%s)", r["Name"], rule)
				}
				e.labels[m.label] = true
			}
			continue
		}
		if !e.match(t, st, req) {
			continue
		}
		action, _ := r["Action"].(map[string]any)
		if _, block := action["Block"]; block {
			return fmt.Sprint(r["Name"])
		}
	}
	return ""
}

func asList(v any) []any { l, _ := v.([]any); return l }

func (e *wafEval) match(t *testing.T, st map[string]any, req wafRequest) bool {
	t.Helper()
	for kind, body := range st {
		b, _ := body.(map[string]any)
		switch kind {
		case "AndStatement":
			for _, s := range asList(b["Statements"]) {
				if !e.match(t, s.(map[string]any), req) {
					return false
				}
			}
			return true
		case "OrStatement":
			for _, s := range asList(b["Statements"]) {
				if e.match(t, s.(map[string]any), req) {
					return true
				}
			}
			return false
		case "NotStatement":
			return !e.match(t, b["Statement"].(map[string]any), req)
		case "IPSetReferenceStatement":
			return slices.ContainsFunc(e.ipSets[fmt.Sprint(b["ARN"])], func(p netip.Prefix) bool { return p.Contains(req.ip) })
		case "LabelMatchStatement":
			return e.labels[fmt.Sprint(b["Key"])]
		case "RateBasedStatement":
			return false
		case "ByteMatchStatement", "RegexMatchStatement":
			v := e.field(t, b, req)
			if kind == "RegexMatchStatement" {
				return regexp.MustCompile(fmt.Sprint(b["RegexString"])).MatchString(v)
			}
			if b["PositionalConstraint"] != "EXACTLY" {
				t.Fatalf("positional constraint %v is not modelled", b["PositionalConstraint"])
			}
			return v == fmt.Sprint(b["SearchString"])
		default:
			t.Fatalf("statement %s is not modelled", kind)
		}
	}
	return false
}

// field returns the inspected request component after the statement's text
// transformations (LOWERCASE, URL_DECODE, NORMALIZE_PATH as aigw uses them
// on the values the tests send).
func (e *wafEval) field(t *testing.T, b map[string]any, req wafRequest) string {
	t.Helper()
	f, _ := b["FieldToMatch"].(map[string]any)
	var v string
	switch {
	case f["UriPath"] != nil:
		v = req.path
	case f["SingleHeader"] != nil && strings.EqualFold(fmt.Sprint(f["SingleHeader"].(map[string]any)["Name"]), "host"):
		v = req.host
	default:
		t.Fatalf("field %v is not modelled", f)
	}
	for _, tr := range asList(b["TextTransformations"]) {
		switch typ := tr.(map[string]any)["Type"]; typ {
		case "LOWERCASE":
			v = strings.ToLower(v)
		case "URL_DECODE", "NORMALIZE_PATH":
		default:
			t.Fatalf("transformation %v is not modelled", typ)
		}
	}
	return v
}

// firewallRules returns the rendered web ACL's rules and its IP sets (ARN
// to the addresses of the composite's allowlists).
func firewallRules(t *testing.T, xr *unstructured.Unstructured, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) ([]map[string]any, map[string][]netip.Prefix) {
	t.Helper()
	var rules []map[string]any
	if err := json.Unmarshal([]byte(str(byName["web-acl"], "spec", "forProvider", "ruleJson")), &rules); err != nil {
		t.Fatal(err)
	}
	ipSets := map[string][]netip.Prefix{}
	for _, part := range []string{"admin-ipv4", "admin-ipv6", "api-ipv4", "api-ipv6"} {
		role, family, _ := strings.Cut(part, "-")
		addrs, _, _ := unstructured.NestedStringSlice(xr.Object, "spec", "allowlists", role, family)
		arn := fmt.Sprint(observedAt(observed, "ipset-"+part, "arn"))
		for _, a := range addrs {
			ipSets[arn] = append(ipSets[arn], netip.MustParsePrefix(a))
		}
	}
	return rules, ipSets
}

// checkFirewallVerdicts lists, from the rendered web ACL, which managed body
// rules block on which host (logged), and checks them: on the API hosts
// (the environment's and its previews') the rules that legitimate prompts
// trigger (code, "../", URLs, "${jndi:") only count; on the admin hosts
// they block. It also checks that no form of the admin host the ALB routes
// (upper case, a trailing dot, a port) skips the admin allowlist.
func checkFirewallVerdicts(t *testing.T, g *resolve.Gateway, xr *unstructured.Unstructured, byName map[string]*unstructured.Unstructured, observed []*unstructured.Unstructured) {
	t.Helper()
	rules, ipSets := firewallRules(t, xr, byName, observed)
	admin := netip.MustParsePrefix(g.Access.AdminAllowlist[0]).Addr()
	outsider := netip.MustParseAddr("192.0.2.77")
	prompts := []string{"CrossSiteScripting_BODY", "GenericLFI_BODY", "GenericRFI_BODY", "EC2MetaDataSSRF_BODY", "Log4JRCE_BODY", "JavaDeserializationRCE_BODY", "SizeRestrictions_BODY"}
	hosts := []struct {
		host string
		api  bool
	}{
		{g.APIHost, true}, {resolve.PreviewHost(g.Hostnames.API, "42", g.Domain), true},
		{g.AdminHost, false}, {resolve.PreviewHost(g.Hostnames.Admin, "42", g.Domain), false},
	}
	for _, h := range hosts {
		var blocking []string
		for _, rule := range prompts {
			verdict := wafVerdict(t, rules, ipSets, wafRequest{host: h.host, path: "/v1/chat/completions", ip: admin, triggers: []string{rule}})
			if verdict != "" {
				blocking = append(blocking, rule)
			}
			wantBlock := !h.api && rule != "SizeRestrictions_BODY"
			if (verdict != "") != wantBlock {
				t.Errorf("%s, body matching %s: blocked by %q, want blocked %v", h.host, rule, verdict, wantBlock)
			}
		}
		// A rule outside the body exemption blocks everywhere.
		if v := wafVerdict(t, rules, ipSets, wafRequest{host: h.host, path: "/v1/models", ip: admin, triggers: []string{"Log4JRCE_HEADER"}}); v == "" {
			t.Errorf("%s: Log4JRCE_HEADER does not block", h.host)
		}
		t.Logf("%s: managed body rules that block: %v", h.host, blocking)
	}
	// Item 8: every form of the admin host the ALB routes to the admin
	// release meets the admin allowlist.
	for _, base := range []string{g.AdminHost, resolve.PreviewHost(g.Hostnames.Admin, "42", g.Domain)} {
		for _, host := range []string{base, strings.ToUpper(base), base + ".", base + ":443", strings.ToUpper(base) + ".:443"} {
			if v := wafVerdict(t, rules, ipSets, wafRequest{host: host, path: "/ui", ip: outsider}); v != "admin-allowlist" {
				t.Errorf("Host %q from %s: verdict %q, want the admin allowlist to block", host, outsider, v)
			}
			if v := wafVerdict(t, rules, ipSets, wafRequest{host: host, path: "/ui", ip: admin}); v != "" {
				t.Errorf("Host %q from the admin allowlist: blocked by %q", host, v)
			}
		}
	}
	// Defence in depth: every operational path the ALB answers with a fixed
	// 404 (edge.OperationalPaths) is blocked by the WAF too, on both hosts
	// and from inside the admin allowlist: the two lists are separate (the
	// WAF's is a regex in the composition) and must not drift apart.
	for _, h := range hosts {
		for _, p := range edge.OperationalPaths() {
			for _, path := range []string{p.Value, p.Value + "/x"} {
				if p.Exact && path != p.Value {
					continue
				}
				if v := wafVerdict(t, rules, ipSets, wafRequest{host: h.host, path: path, ip: admin}); v != "operational-paths" {
					t.Errorf("%s%s: verdict %q, want the operational-paths rule to block (the ALB answers it with a 404)", h.host, path, v)
				}
			}
		}
	}
	// The API host from anywhere (the example's API allowlist is empty).
	if len(g.Access.APIAllowlist) == 0 {
		for _, host := range []string{g.APIHost, strings.ToUpper(g.APIHost) + ":443"} {
			if v := wafVerdict(t, rules, ipSets, wafRequest{host: host, path: "/v1/chat/completions", ip: outsider}); v != "" {
				t.Errorf("Host %q: blocked by %q", host, v)
			}
		}
	}
}
