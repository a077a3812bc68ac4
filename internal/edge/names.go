package edge

import "github.com/aigw-dev/aigw/internal/resolve"

// The AWS Load Balancer Controller's API group, version and kinds.
const (
	// LBCGroup is the API group of the controller's Gateway API extensions.
	LBCGroup = "gateway.k8s.aws"
	// LBCAPIVersion is the served storage version of its kinds (v1beta1 is
	// deprecated since v3).
	LBCAPIVersion = LBCGroup + "/v1"
	// LoadBalancerConfigurationKind is the kind the Gateway's
	// infrastructure.parametersRef names.
	LoadBalancerConfigurationKind = "LoadBalancerConfiguration"
	// ListenerRuleConfigurationKind is attached to route rules with an
	// ExtensionRef filter.
	ListenerRuleConfigurationKind = "ListenerRuleConfiguration"
	// TargetGroupConfigurationKind configures the target group of a Service.
	TargetGroupConfigurationKind = "TargetGroupConfiguration"
	// ControllerName is the GatewayClass controller of ALB gateways.
	ControllerName = "gateway.k8s.aws/alb"
)

// APIRouteName and AdminRouteName are the HTTPRoutes of the two hosts; they
// share the names of the LiteLLM releases' Services they route to.
func APIRouteName(g *resolve.Gateway) string { return g.Contract().LiteLLM.API }

// AdminRouteName is the HTTPRoute of the admin host.
func AdminRouteName(g *resolve.Gateway) string { return g.Contract().LiteLLM.Admin }

// RedirectRouteName is the HTTPRoute of the HTTP listener.
func RedirectRouteName(g *resolve.Gateway) string { return g.Name("http-redirect") }

// BlockedRuleConfigName is the ListenerRuleConfiguration of the fixed 404.
func BlockedRuleConfigName(g *resolve.Gateway) string { return g.Name("blocked") }
