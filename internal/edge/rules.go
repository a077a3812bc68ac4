package edge

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// BlockedResponse is the body of the ALB's fixed 404 for blocked paths, in
// the shape of an OpenAI error so that SDKs report it cleanly.
const BlockedResponse = `{"error":{"message":"Not Found","type":"invalid_request_error","code":"not_found"}}`

// blockedRuleConfig answers a rule with a fixed 404 from the ALB.
func blockedRuleConfig(g *resolve.Gateway) *unstructured.Unstructured {
	return lbcObject(g, ListenerRuleConfigurationKind, BlockedRuleConfigName(g), map[string]any{
		"actions": []any{map[string]any{
			"type": "fixed-response",
			"fixedResponseConfig": map[string]any{
				"statusCode":  int64(404),
				"contentType": "application/json",
				"messageBody": BlockedResponse,
			},
		}},
		"tags": tags(g),
	})
}

// sourceRuleConfig adds a source-ip condition to a rule: the rule matches
// only requests from these CIDRs (the TCP peer of the ALB, not
// X-Forwarded-For), and other clients fall through to the next rule and
// finally to the listener's default 404.
func sourceRuleConfig(g *resolve.Gateway, name string, cidrs []string) *unstructured.Unstructured {
	return lbcObject(g, ListenerRuleConfigurationKind, name, map[string]any{
		"conditions": []any{map[string]any{
			"field":          "source-ip",
			"sourceIPConfig": map[string]any{"values": stringList(cidrs)},
		}},
		"tags": tags(g),
	})
}

// sourceRuleConfigName names the i-th (from 1) allowlist chunk of a host.
func sourceRuleConfigName(g *resolve.Gateway, host string, i int) string {
	return g.Name(fmt.Sprintf("%s-sources-%d", host, i))
}
