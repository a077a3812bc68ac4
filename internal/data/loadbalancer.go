package data

import (
	"strconv"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// LoadBalancerConfigurationSpec is the spec of the AWS Load Balancer
// Controller's LoadBalancerConfiguration named by the contract
// (resolve.LoadBalancer) that the edge's Gateway references, without wafV2: the Crossplane WAF
// composition composes the object and patches spec.wafV2.webACL from the
// WebACL's ARN. It returns a fresh JSON-compatible map on every call.
//
//   - scheme internet-facing (one Gateway is one public ALB), IPv4;
//   - the HTTPS:443 listener with the explicit TLS policy spec.edge.tlsPolicy;
//     no certificate ARN: the controller discovers the ACM certificate of
//     *.<domain> from the listener host names;
//   - load balancer attributes: the idle timeout (spec.edge.idleTimeoutSeconds,
//     long enough for streamed completions), dropping invalid header fields,
//     WAF fail-closed, and S3 access logs when spec.edge.accessLogsBucket is set;
//   - sourceRanges: when spec.access.apiAllowlist is set, the ALB security
//     group admits only the API and admin allowlists (layer 4, before TLS);
//   - loadBalancerSubnets: spec.network.loadBalancerSubnets;
//   - tags: the gateway's common labels.
func LoadBalancerConfigurationSpec(g *resolve.Gateway) map[string]any {
	e := g.Edge
	attrs := []string{
		"idle_timeout.timeout_seconds", strconv.Itoa(int(e.IdleTimeoutSeconds)),
		"routing.http.drop_invalid_header_fields.enabled", "true",
		"waf.fail_open.enabled", "false",
	}
	if e.AccessLogsBucket != "" {
		attrs = append(attrs,
			"access_logs.s3.enabled", "true",
			"access_logs.s3.bucket", e.AccessLogsBucket,
			"access_logs.s3.prefix", g.Gateway+"/"+g.Environment.Name,
		)
	}
	spec := map[string]any{
		"scheme":        "internet-facing",
		"ipAddressType": "ipv4",
		"listenerConfigurations": []any{map[string]any{
			"protocolPort": "HTTPS:443",
			"sslPolicy":    e.TLSPolicy,
			// No alpnPolicy: the controller (v3.5) applies it to TLS
			// listeners only (buildListenerALPNPolicy) and ignores it on
			// HTTPS; ALPN on the ALB is always h2/http1.1.
		}},
		"loadBalancerAttributes": keyValues(attrs...),
		"tags":                   albTags(g),
	}
	// The ALB goes exactly into spec.network.loadBalancerSubnets, whose
	// CIDRs are the only sources the LiteLLM pods admit (network policies);
	// without this the controller would pick subnets by their tags.
	subnets := make([]any, 0, len(g.Network.LoadBalancerSubnets))
	for _, sn := range g.Network.LoadBalancerSubnets {
		subnets = append(subnets, map[string]any{"identifier": sn.ID})
	}
	spec["loadBalancerSubnets"] = subnets
	if ranges := g.Contract().LoadBalancer.SourceRanges; len(ranges) > 0 {
		spec["sourceRanges"] = stringList(ranges)
	}
	return spec
}

// keyValues turns ordered pairs into the controller's [{key, value}] lists.
func keyValues(pairs ...string) []any {
	out := make([]any, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, map[string]any{"key": pairs[i], "value": pairs[i+1]})
	}
	return out
}

// labelMap is a JSON-compatible copy of labels.
func labelMap(labels map[string]string) map[string]any {
	t := make(map[string]any, len(labels))
	for k, v := range labels {
		t[k] = v
	}
	return t
}

// albTags are the gateway's labels plus AlarmScopeTag, which the load
// balancer alarms of the WebFirewall composite select on.
func albTags(g *resolve.Gateway) map[string]any {
	t := labelMap(g.Labels())
	t[AlarmScopeTag] = Identifier(g)
	return t
}
