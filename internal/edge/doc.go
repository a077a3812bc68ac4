// Package edge builds the public entry point of a gateway on the AWS Load
// Balancer Controller's Gateway API implementation (controller
// gateway.k8s.aws/alb): one Gateway (one internet-facing ALB) with an HTTPS
// listener per host and an HTTP listener that only redirects, the HTTPRoutes
// of the API host and of the admin host, the ListenerRuleConfigurations that
// carry the fixed responses and the source-IP allowlists, and the
// TargetGroupConfigurations that put the ALB in IP target mode.
//
// Administrative traffic is isolated on its own host name. The API host
// forwards only an allowlist of inference path prefixes (everything else gets
// the listener's default 404), and operational endpoints are answered by the
// ALB itself with a fixed 404 on both hosts, so the WAF is a second layer, not
// the only one. See docs/edge.md.
//
// The LoadBalancerConfiguration the Gateway references is not emitted here:
// the Crossplane WAF composition composes it, because the web ACL ARN exists
// only once AWS has created the ACL. This package exports its name and the
// spec without wafV2 (LoadBalancerConfigurationName, LoadBalancerConfigurationSpec).
package edge
