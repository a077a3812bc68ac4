package edge

import (
	"net/netip"
	"slices"
	"strconv"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// LoadBalancerConfigurationSpec is the spec of the LoadBalancerConfiguration
// named LoadBalancerConfigurationName(g), without wafV2: the Crossplane WAF
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
			// The CRD's default; emitted so that the composed object does
			// not differ from what the API server stores.
			"alpnPolicy": "None",
		}},
		"loadBalancerAttributes": keyValues(attrs...),
		"tags":                   tags(g),
	}
	if ranges := SourceRanges(g); len(ranges) > 0 {
		spec["sourceRanges"] = stringList(ranges)
	}
	return spec
}

// SourceRanges are the CIDRs the ALB security group admits: none (anyone)
// when the API is public, otherwise the API and admin allowlists together,
// sorted by address and without duplicates.
func SourceRanges(g *resolve.Gateway) []string {
	if len(g.Access.APIAllowlist) == 0 {
		return nil
	}
	var all []netip.Prefix
	seen := map[string]bool{}
	var invalid []string
	for _, c := range slices.Concat(g.Access.APIAllowlist, g.Access.AdminAllowlist) {
		if seen[c] {
			continue
		}
		seen[c] = true
		p, err := netip.ParsePrefix(c)
		if err != nil {
			invalid = append(invalid, c) // spec validation rejects these; keep them visible
			continue
		}
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	out := make([]string, 0, len(all)+len(invalid))
	for _, p := range all {
		out = append(out, p.String())
	}
	slices.Sort(invalid)
	return append(out, invalid...)
}
