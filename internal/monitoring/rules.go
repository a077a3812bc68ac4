package monitoring

import (
	"fmt"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Severity labels. Only production pages: an alert that pages there is a
// warning in staging and development, and a warning there is info.
const (
	SeverityCritical = "critical"
	SeverityWarning  = "warning"
	SeverityInfo     = "info"
)

// alert is one alerting rule before it becomes a monitoringv1.Rule.
type alert struct {
	name, expr, forDur string
	// pages marks the alerts that page the on-call engineer in production.
	pages            bool
	summary, details string
}

// Rule groups: the request group needs LiteLLM's licensed request metrics
// (spec.monitoring.requestMetrics).
const (
	groupAvailability = "litellm-availability"
	groupRequests     = "litellm-requests"
)

// alerts returns the rule groups of g, in order.
func alerts(g *resolve.Gateway) map[string][]alert {
	s := selectors(g)
	a := g.Monitor.Alerts
	c := g.Contract()
	out := map[string][]alert{groupAvailability: {
		{name: "LiteLLMMetricsAbsent", expr: fmt.Sprintf(`absent(%s{%s})`, scrapeUp, s.job), forDur: "15m",
			summary: "Prometheus scrapes no LiteLLM pod of " + g.Namespace,
			details: "No target of the PodMonitor " + c.Monitoring.PodMonitor + " exists: the Prometheus does not select it (labels), or no LiteLLM pod runs. Every other LiteLLM alert is blind meanwhile."},
		{name: "LiteLLMMetricsDown", expr: fmt.Sprintf(`%s{%s} == 0`, scrapeUp, s.job), forDur: "10m",
			summary: "LiteLLM pod {{ $labels.pod }} cannot be scraped",
			details: "The scrape of {{ $labels.pod }} fails: the network policy " + c.Monitoring.MetricsIngress + " does not admit the Prometheus namespace, the pod is overloaded, or the sample limit was exceeded."},
		{name: "LiteLLMDatabaseFailures", expr: fmt.Sprintf(`%s > %d`, s.perMinute(postgresFailures, "5m"), a.DataStoreFailuresPerMinute), forDur: "5m", pages: true,
			summary: "LiteLLM fails to talk to its database",
			details: fmt.Sprintf("More than %d failed PostgreSQL operations per minute for 5 minutes (authentication, spend writes, key lookups): connections exhausted, failover or credentials.", a.DataStoreFailuresPerMinute)},
		{name: "LiteLLMRedisFailures", expr: fmt.Sprintf(`%s > %d`, s.perMinute(redisFailures, "5m"), a.DataStoreFailuresPerMinute), forDur: "5m", pages: true,
			summary: "LiteLLM fails to talk to Valkey",
			details: fmt.Sprintf("More than %d failed Valkey operations per minute for 5 minutes: rate limits and cooldowns are no longer coordinated across replicas.", a.DataStoreFailuresPerMinute)},
		{name: "LiteLLMPodRestarting", expr: fmt.Sprintf(`%s >= %d`, s.restartsIn("1h"), a.RestartsPerHour),
			summary: "LiteLLM pod {{ $labels.pod }} restarts",
			details: fmt.Sprintf("{{ $labels.pod }} restarted at least %d times within an hour: out of memory, failing liveness probe or a crash at start-up.", a.RestartsPerHour)},
		{name: "LiteLLMAutoscalerAtMax", expr: s.hpaAtMax(), forDur: fmt.Sprintf("%dm", a.HPAAtMaxMinutes),
			summary: "The LiteLLM API runs at its maximum replica count",
			details: fmt.Sprintf("The autoscaler %s has been at spec.api.replicas.max (%d) for %d minutes: more load would queue or fail.", c.LiteLLM.API, g.API.Replicas.Max, a.HPAAtMaxMinutes)},
	}}
	if g.Monitor.RequestMetrics {
		out[groupRequests] = []alert{
			{name: "LiteLLMHighErrorRatio", expr: fmt.Sprintf(`%s > %s`, s.errorRatio("5m"), ratio(a.ErrorRatioPercent)), forDur: "5m", pages: true,
				summary: "LiteLLM answers too many inference requests with an error",
				details: fmt.Sprintf("More than %d%% of the API's requests failed over 5 minutes.", a.ErrorRatioPercent)},
			{name: "LiteLLMSlowRequests", expr: fmt.Sprintf(`%s > %d`, s.p95(requestLatency, s.api, "10m"), a.LatencyP95Seconds), forDur: "10m",
				summary: "LiteLLM requests are slow",
				details: fmt.Sprintf("The 95th percentile of the total request latency exceeded %d s over 10 minutes.", a.LatencyP95Seconds)},
			{name: "LiteLLMSlowFirstToken", expr: fmt.Sprintf(`%s > %d`, s.p95(timeToFirstToken, s.api, "10m"), a.TimeToFirstTokenP95Seconds), forDur: "10m",
				summary: "Streams wait long for their first token",
				details: fmt.Sprintf("The 95th percentile of the time to the first streamed token exceeded %d s over 10 minutes.", a.TimeToFirstTokenP95Seconds)},
			{name: "LiteLLMProviderFailures", expr: fmt.Sprintf(`%s > %s`, s.providerFailureRatio("10m"), ratio(a.ProviderFailurePercent)), forDur: "10m",
				summary: "Calls to the provider of model {{ $labels.requested_model }} fail",
				details: fmt.Sprintf("More than %d%% of the calls LiteLLM made for {{ $labels.requested_model }} failed over 10 minutes (throttling, quota, credentials or an outage of the provider).", a.ProviderFailurePercent)},
		}
	}
	return out
}

// ratio writes percent as a fraction.
func ratio(percent int32) string { return fmt.Sprintf("%g", float64(percent)/100) }

// severity is the severity label of an alert in the tier of g.
func severity(g *resolve.Gateway, pages bool) string {
	prod := g.Tier == spec.TierProduction
	switch {
	case pages && prod:
		return SeverityCritical
	case pages || prod:
		return SeverityWarning
	}
	return SeverityInfo
}

// alertRules is the PrometheusRule of g.
func alertRules(g *resolve.Gateway) *monitoringv1.PrometheusRule {
	c := g.Contract()
	groups := alerts(g)
	pr := &monitoringv1.PrometheusRule{
		TypeMeta:   metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PrometheusRuleKind},
		ObjectMeta: metav1.ObjectMeta{Name: c.Monitoring.AlertRules, Namespace: g.Namespace, Labels: selectorLabels(g)},
	}
	for _, name := range []string{groupAvailability, groupRequests} {
		as, ok := groups[name]
		if !ok {
			continue
		}
		rg := monitoringv1.RuleGroup{Name: g.Namespace + "." + name}
		for _, a := range as {
			r := monitoringv1.Rule{
				Alert: a.name,
				Expr:  intstr.FromString(a.expr),
				Labels: map[string]string{
					"severity":             severity(g, a.pages),
					"aigw_dev_gateway":     g.Gateway,
					"aigw_dev_environment": g.Environment.Name,
					"aigw_dev_tier":        g.Tier,
				},
				Annotations: map[string]string{
					"summary":     a.summary,
					"description": a.details,
					"runbook":     "docs/operations.md#" + strings.ToLower(a.name),
				},
			}
			if a.forDur != "" {
				r.For = ptr.To(monitoringv1.Duration(a.forDur))
			}
			rg.Rules = append(rg.Rules, r)
		}
		pr.Spec.Groups = append(pr.Spec.Groups, rg)
	}
	component.SetWave(pr, component.WaveWorkloads)
	return pr
}
