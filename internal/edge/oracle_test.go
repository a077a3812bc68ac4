package edge_test

import (
	"strings"

	"github.com/aigw-dev/aigw/internal/edge"
)

// Test oracles of the routing: how a request path matches a route's path
// (Gateway API semantics) and which paths only the admin host serves.

// matches reports whether a request path matches p, with Gateway API
// semantics (which the AWS Load Balancer Controller reproduces with the ALB
// path patterns "/v1" and "/v1/*").
func matches(p edge.Path, path string) bool {
	if p.Exact {
		return path == p.Value
	}
	prefix := strings.TrimSuffix(p.Value, "/")
	if prefix == "" {
		return strings.HasPrefix(path, "/")
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// adminPaths are examples of the admin UI, SSO and management routes that
// only the admin host serves. On the API host no rule matches them (they are
// outside edge.APIPrefixes), so the listener's default 404 answers; docs/edge.md
// and the tests list them.
func adminPaths() []string {
	return []string{
		"/ui", "/ui/", "/ui/login",
		"/sso/key/generate", "/sso/callback",
		"/login", "/logout",
		"/key/generate", "/key/info", "/key/list", "/key/delete",
		"/user/new", "/user/info", "/user/list",
		"/team/new", "/team/list",
		"/organization/new", "/customer/new", "/end_user/info",
		"/budget/new", "/spend/logs", "/global/spend/reset",
		"/model/new", "/model/info", "/model_group/info",
		"/config/update", "/config/list", "/get/config/callbacks",
		"/cache/flushall", "/credentials", "/guardrails/list",
		"/mcp", "/mcp-rest/tools/list", "/scim/v2/Users",
		"/.well-known/litellm-ui-config",
	}
}
