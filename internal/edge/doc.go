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
// the only one. See docs/edge.md#host-isolation-and-blocked-paths.
//
// Two builders: GatewayBuilder (the Gateway and GatewayClass) runs for an
// environment only, Builder (everything else) for an environment and a
// preview; render chooses. Where the routes attach, whether the HTTP
// redirect exists and whose load balancer quota they count against are the
// contract's (resolve.Edge).
//
// Pull-request previews share the load balancer of the environment named by
// spec.previews.from: that environment's Gateway has one more HTTPS listener,
// https-previews, on *.<domain>, admitting routes from the namespaces
// labelled resolve.PreviewOfLabel=<gateway>-<environment>. A preview has no
// Gateway and no HTTP redirect, only its two routes (the environment's rules,
// on its own hosts, attached across namespaces to that listener) and their
// rule and target group configurations in its own namespace. The render fails
// when the environment and one preview would not fit the load balancer's
// listener rule quota together.
//
// The LoadBalancerConfiguration the Gateway references is not emitted here:
// the Crossplane WAF composition composes it, because the web ACL ARN exists
// only once AWS has created the ACL. Its name is the contract's
// (resolve.LoadBalancer); package data builds its spec for the WAF composite.
package edge
