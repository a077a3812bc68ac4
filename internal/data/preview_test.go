package data

import (
	"regexp"
	"testing"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// checkPreviewHosts checks the host part of the admin and API allowlist
// rules of a rendered web ACL: the environment's host exactly, or a preview
// host of it by regex, so that the allowlists cover the previews that share
// the load balancer. The regexes are checked with Go's RE2, whose syntax
// for what they use is that of WAF.
func checkPreviewHosts(t *testing.T, g *resolve.Gateway, admin, api map[string]any) {
	t.Helper()
	for _, c := range []struct {
		name, label, host string
		stmt              map[string]any
	}{
		{"admin-allowlist", g.Hostnames.Admin, g.AdminHost, admin},
		{"api-allowlist", g.Hostnames.API, g.APIHost, api},
	} {
		and, _ := c.stmt["AndStatement"].(map[string]any)
		stmts, _ := and["Statements"].([]any)
		if len(stmts) != 2 {
			t.Fatalf("%s: %v, want host AND NOT source", c.name, c.stmt)
		}
		or, _ := stmts[0].(map[string]any)["OrStatement"].(map[string]any)
		hosts, _ := or["Statements"].([]any)
		if len(hosts) != 2 {
			t.Fatalf("%s: host statement %v, want the host OR a preview host", c.name, stmts[0])
		}
		exact, _ := hosts[0].(map[string]any)["ByteMatchStatement"].(map[string]any)
		re, _ := hosts[1].(map[string]any)["RegexMatchStatement"].(map[string]any)
		if exact["SearchString"] != c.host || exact["PositionalConstraint"] != "EXACTLY" {
			t.Errorf("%s: exact host %v", c.name, exact)
		}
		pattern, _ := re["RegexString"].(string)
		rx, err := regexp.Compile(pattern)
		if err != nil {
			t.Fatalf("%s: preview host pattern %q: %v", c.name, pattern, err)
		}
		for host, want := range map[string]bool{
			resolve.PreviewHost(c.label, "1", g.Domain):         true,
			resolve.PreviewHost(c.label, "42", g.Domain):        true,
			resolve.PreviewHost(c.label, "123456789", g.Domain): true,
			c.host:                                  true,
			c.host + ".":                            true,
			c.host + ":443":                         true,
			c.host + ".:443":                        true,
			c.host + ":":                            false,
			c.host + "..":                           false,
			c.label + "-pr-42x." + g.Domain:         false,
			c.label + "-pr-42.evil." + g.Domain:     false,
			c.label + "-pr-42." + g.Domain + ".com": false,
			"x" + c.label + "-pr-42." + g.Domain:    false,
		} {
			if rx.MatchString(host) != want {
				t.Errorf("%s: pattern %q matches %s: %v, want %v", c.name, pattern, host, !want, want)
			}
		}
	}
}
