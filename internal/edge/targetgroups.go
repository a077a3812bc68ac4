package edge

import (
	"strconv"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// HealthCheckPath is the ALB target health check of the LiteLLM pods: the
// liveness endpoint, which answers without touching the database. The ALB
// calls the pod IPs directly, so the fixed 404 on /health* does not apply.
const HealthCheckPath = "/health/liveliness"

// maxDeregistrationDelay is the ALB's upper bound for the attribute.
const maxDeregistrationDelay = 3600

// targetGroupConfig puts the Service's target group in IP mode (the ALB
// sends to pod IPs, which the network policy admits from the VPC CIDR),
// with a health check on the liveness endpoint, least-outstanding-requests
// balancing (streamed completions hold a target for a long time), and a
// deregistration delay as long as the longest request so that a rollout
// does not cut a stream.
func targetGroupConfig(g *resolve.Gateway, service string) *unstructured.Unstructured {
	delay := min(int(g.LiteLLM.RequestTimeoutSeconds), maxDeregistrationDelay)
	return lbcObject(g, TargetGroupConfigurationKind, service, map[string]any{
		"targetReference": map[string]any{
			"group": "",
			"kind":  "Service",
			"name":  service,
		},
		"defaultConfiguration": map[string]any{
			"targetType":      "ip",
			"ipAddressType":   "ipv4",
			"protocol":        "HTTP",
			"protocolVersion": "HTTP1",
			"healthCheckConfig": map[string]any{
				"healthCheckPath":         HealthCheckPath,
				"healthCheckProtocol":     "HTTP",
				"healthCheckInterval":     int64(15),
				"healthCheckTimeout":      int64(5),
				"healthyThresholdCount":   int64(2),
				"unhealthyThresholdCount": int64(3),
				"matcher":                 map[string]any{"httpCode": "200"},
			},
			"targetGroupAttributes": keyValues(
				"deregistration_delay.timeout_seconds", strconv.Itoa(delay),
				"load_balancing.algorithm.type", "least_outstanding_requests",
			),
			"tags": tags(g),
		},
	})
}
