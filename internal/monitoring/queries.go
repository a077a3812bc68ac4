package monitoring

import (
	"fmt"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Series names as Prometheus stores them. LiteLLM creates its metrics with
// prometheus_client, which exposes a Counter c as c_total and a Histogram h
// as h_bucket, h_sum and h_count (testdata/litellm-metrics.txt lists the
// families and where upstream defines them).
const (
	// callbacks: [prometheus] (licensed at the pinned version).
	proxyRequests      = "litellm_proxy_total_requests_metric_total"
	proxyFailures      = "litellm_proxy_failed_requests_metric_total"
	requestLatency     = "litellm_request_total_latency_metric_bucket"
	timeToFirstToken   = "litellm_llm_api_time_to_first_token_metric_bucket"
	deploymentRequests = "litellm_deployment_total_requests_total"
	deploymentFailures = "litellm_deployment_failure_responses_total"
	// service_callback: [prometheus_system].
	postgresFailures = "litellm_postgres_failed_requests_total"
	postgresLatency  = "litellm_postgres_latency_bucket"
	redisFailures    = "litellm_redis_failed_requests_total"
	redisLatency     = "litellm_redis_latency_bucket"
	// kube-state-metrics and Prometheus itself.
	restarts   = "kube_pod_container_status_restarts_total"
	hpaCurrent = "kube_horizontalpodautoscaler_status_current_replicas"
	hpaMax     = "kube_horizontalpodautoscaler_spec_max_replicas"
	scrapeUp   = "up"
)

// q holds the selectors of one gateway's series.
type q struct {
	// pods selects every scraped LiteLLM pod of the namespace; api only
	// the API release (inference traffic).
	pods, api string
	// job selects the PodMonitor's targets (the Prometheus Operator names
	// the job <namespace>/<podmonitor>).
	job string
	// containers selects the LiteLLM containers (kube-state-metrics).
	containers string
	// hpa selects the API HorizontalPodAutoscaler (kube-state-metrics).
	hpa string
}

func selectors(g *resolve.Gateway) q {
	c := g.Contract()
	ns := g.Namespace
	return q{
		pods:       fmt.Sprintf(`namespace=%q`, ns),
		api:        fmt.Sprintf(`namespace=%q, %s=%q`, ns, targetLabel(component.ComponentLabel), resolve.RoleAPI),
		job:        fmt.Sprintf(`namespace=%q, job=%q`, ns, ns+"/"+c.Monitoring.PodMonitor),
		containers: fmt.Sprintf(`namespace=%q, container=%q, pod=~%q`, ns, c.LiteLLM.AppName, "("+c.LiteLLM.API+"|"+c.LiteLLM.Admin+")-.*"),
		hpa:        fmt.Sprintf(`namespace=%q, horizontalpodautoscaler=%q`, ns, c.LiteLLM.API),
	}
}

// targetLabel is the label name the Prometheus Operator gives a pod label
// copied by podTargetLabels: every character that is not a letter, digit or
// underscore becomes an underscore.
func targetLabel(podLabel string) string {
	b := []byte(podLabel)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

func (s q) errorRatio(window string) string {
	return fmt.Sprintf(`sum(rate(%s{%s}[%s])) / sum(rate(%s{%s}[%s]))`, proxyFailures, s.api, window, proxyRequests, s.api, window)
}

func (s q) requestRate(window string) string {
	return fmt.Sprintf(`sum(rate(%s{%s}[%s]))`, proxyRequests, s.api, window)
}

func (s q) p95(bucket, sel, window string) string {
	return fmt.Sprintf(`histogram_quantile(0.95, sum by (le) (rate(%s{%s}[%s])))`, bucket, sel, window)
}

func (s q) providerFailureRatio(window string) string {
	return fmt.Sprintf(`sum by (requested_model) (rate(%s{%s}[%s])) / sum by (requested_model) (rate(%s{%s}[%s]))`,
		deploymentFailures, s.api, window, deploymentRequests, s.api, window)
}

func (s q) perMinute(counter, window string) string {
	return fmt.Sprintf(`sum(rate(%s{%s}[%s])) * 60`, counter, s.pods, window)
}

func (s q) restartsIn(window string) string {
	return fmt.Sprintf(`increase(%s{%s}[%s])`, restarts, s.containers, window)
}

func (s q) hpaAtMax() string {
	return fmt.Sprintf(`%s{%s} >= on(namespace, horizontalpodautoscaler) %s{%s}`, hpaCurrent, s.hpa, hpaMax, s.hpa)
}
