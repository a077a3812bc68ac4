package edge

// Path is one path match of a route rule: an exact path, or a path prefix
// matched element by element as Gateway API's PathPrefix (/v1 matches /v1
// and /v1/models, not /v1beta).
type Path struct {
	Value string
	Exact bool
}

func (p Path) String() string {
	if p.Exact {
		return p.Value
	}
	if p.Value == "/" {
		return "/*"
	}
	return p.Value + "[/*]"
}

func prefixes(values ...string) []Path {
	ps := make([]Path, len(values))
	for i, v := range values {
		ps[i] = Path{Value: v}
	}
	return ps
}

// APIPrefixes are the only paths the API host forwards to the API release:
// the OpenAI- and Anthropic-compatible inference API (/v1/...) and LiteLLM's
// unversioned aliases of it. Any other path on the API host matches no
// listener rule and gets the ALB listener's default 404, so admin pages, SSO,
// key/user/team management and anything LiteLLM adds later stay off the
// public host unless listed here (fail closed).
func APIPrefixes() []Path {
	return prefixes(
		"/v1",
		"/chat",
		"/completions",
		"/embeddings",
		"/models",
		"/responses",
		"/images",
		"/audio",
		"/moderations",
		"/rerank",
	)
}

// OperationalPaths are LiteLLM's non-public operational endpoints. The ALB
// answers them with a fixed 404 on both hosts (a ListenerRuleConfiguration
// fixed response), ahead of every forwarding rule; in-cluster probes and
// scrapers reach the pods directly and are unaffected.
func OperationalPaths() []Path {
	ps := prefixes(
		"/health",      // liveliness, readiness, services, test_connection
		"/metrics",     // Prometheus
		"/routes",      // the route table
		"/docs",        // Swagger UI
		"/redoc",       // ReDoc
		"/debug",       // asyncio tasks and other debug views
		"/sso/debug",   // SSO debug login and callback
		"/config/yaml", // the proxy configuration
		"/memory-usage-in-mem-cache",
		"/memory-usage-in-mem-cache-items",
		"/otel-spans",
	)
	return append(ps, Path{Value: "/openapi.json", Exact: true})
}

// APIBlockedPaths are non-public paths under an API prefix. The ALB answers
// them with a fixed 404 on the API host (they stay reachable on the admin
// host): model deployment details and MCP server management.
func APIBlockedPaths() []Path {
	return prefixes(
		"/v1/model", // /v1/model/info: deployments, not the public /v1/models
		"/v1/mcp",   // /v1/mcp/server: MCP server management
	)
}

// AdminRootRedirect is where the admin host sends "/" (LiteLLM serves its
// Swagger UI there): the admin UI.
const AdminRootRedirect = "/ui/"
