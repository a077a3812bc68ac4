package edge_test

import (
	"testing"

	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestAdminALBAuthenticationRouting models which ALB rule takes admin-host
// requests with and without a bearer token: with albAuthentication on,
// browser requests authenticate (redirect to Entra ID) and bearer-token
// requests take the bearer rules (deny in prod, allow in staging) ahead of
// them; fixed 404s and the allowlist still come first; the API host never
// authenticates.
func TestAdminALBAuthenticationRouting(t *testing.T) {
	const inside, outside = "203.0.113.10", "198.18.0.1"
	for _, tt := range []struct {
		env                     string
		browserAuth, bearerAuth string
		bearerRule              string
	}{
		{"dev", "", "", "admin-1"},
		{"staging", "authenticate", "allow", edge.RuleAdminBearer + "-1"},
		{"prod", "authenticate", "deny", edge.RuleAdminBearer + "-1"},
	} {
		t.Run(tt.env, func(t *testing.T) {
			g := example.Gateway(t, tt.env)
			rules := albRules(t, build(t, g), true)
			admin := forwardTo(g.Contract().LiteLLM.Admin)
			for _, c := range []struct {
				path, ip   string
				bearer     bool
				rule, auth string
				action     outcome
			}{
				{"/ui/", inside, false, "admin-1", tt.browserAuth, admin},
				{"/key/generate", inside, false, "admin-1", tt.browserAuth, admin},
				{"/key/generate", inside, true, tt.bearerRule, tt.bearerAuth, admin},
				{"/ui/", inside, true, tt.bearerRule, tt.bearerAuth, admin},
				{"/health/readiness", inside, true, edge.RuleBlocked, "", fixed404},
				{"/key/generate", outside, true, "", "", default404},
				{"/key/generate", outside, false, "", "", default404},
			} {
				got := match(rules, g.AdminHost, c.path, c.ip, c.bearer)
				if got.rule != c.rule || got.auth != c.auth || got.action != c.action {
					t.Errorf("%s from %s (bearer %v): rule %q auth %q %s, want rule %q auth %q %s",
						c.path, c.ip, c.bearer, got.rule, got.auth, got.action, c.rule, c.auth, c.action)
				}
			}
			got := match(rules, g.APIHost, "/v1/chat/completions", inside, true)
			if got.auth != "" || got.action != forwardTo(g.Contract().LiteLLM.API) {
				t.Errorf("API host: rule %q auth %q %s, want a forward to the API release without authentication", got.rule, got.auth, got.action)
			}
		})
	}
}
