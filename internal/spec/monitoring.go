package spec

import (
	"strconv"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"
)

// Monitor configures what the gateway tells its operators: Prometheus
// scraping of LiteLLM, alert rules, a Grafana dashboard and the CloudWatch
// alarms of the data stores and the edge. Every threshold has a default.
type Monitor struct {
	Labels                   map[string]string `json:"labels,omitempty" doc:"Labels on the PodMonitor and PrometheusRule so that the platform's Prometheus selects them (its podMonitorSelector and ruleSelector). Default {release: kube-prometheus-stack}, the selector of a kube-prometheus-stack release of that name."`
	ScraperNamespaceSelector map[string]string `json:"scraperNamespaceSelector,omitempty" doc:"Labels of the namespace Prometheus runs in: a network policy admits scrapes of the LiteLLM port from pods of that namespace, and nothing else. Default {kubernetes.io/metadata.name: monitoring}."`
	ScrapeInterval           string            `json:"scrapeInterval,omitempty" doc:"Scrape interval of the LiteLLM pods, a Prometheus duration. Default 30s."`
	RequestMetrics           bool              `json:"requestMetrics,omitempty" doc:"The LiteLLM pods run with an Enterprise licence (LITELLM_LICENSE): at the pinned LiteLLM version its request, latency, time-to-first-token and per-model provider metrics exist only then (without a licence the prometheus callback emits litellm_not_a_premium_user_metric alone). When true, the alerts and dashboard panels on those metrics are rendered; database, Valkey, restart and autoscaler alerts are rendered either way. Default false."`
	Alerts                   Alerts            `json:"alerts,omitempty" doc:"Thresholds of the Prometheus alert rules."`
}

// Alerts are the thresholds of the PrometheusRule.
type Alerts struct {
	ErrorRatioPercent          int32 `json:"errorRatioPercent,omitempty" doc:"Share of inference requests answered with an error, over 5 minutes, that raises LiteLLMHighErrorRatio. Default 5." minimum:"1" maximum:"100"`
	LatencyP95Seconds          int32 `json:"latencyP95Seconds,omitempty" doc:"95th percentile of the total request latency, over 10 minutes, that raises LiteLLMSlowRequests. Default 60." minimum:"1"`
	TimeToFirstTokenP95Seconds int32 `json:"timeToFirstTokenP95Seconds,omitempty" doc:"95th percentile of the time to the first streamed token, over 10 minutes, that raises LiteLLMSlowFirstToken. Default 10." minimum:"1"`
	ProviderFailurePercent     int32 `json:"providerFailurePercent,omitempty" doc:"Share of calls to a model's provider that fail, over 10 minutes, that raises LiteLLMProviderFailures for that model. Default 10." minimum:"1" maximum:"100"`
	DataStoreFailuresPerMinute int32 `json:"dataStoreFailuresPerMinute,omitempty" doc:"Failed database or Valkey operations per minute, sustained 5 minutes, that raise LiteLLMDatabaseFailures or LiteLLMRedisFailures. Default 1." minimum:"1"`
	RestartsPerHour            int32 `json:"restartsPerHour,omitempty" doc:"Container restarts of one LiteLLM pod within an hour that raise LiteLLMPodRestarting. Default 3." minimum:"1"`
	HPAAtMaxMinutes            int32 `json:"hpaAtMaxMinutes,omitempty" doc:"Minutes the API autoscaler may stay at its maximum before LiteLLMAutoscalerAtMax. Default 30." minimum:"1"`
}

// Monitoring defaults.
const (
	DefaultScrapeInterval    = "30s"
	DefaultMonitoringRelease = "kube-prometheus-stack"
	DefaultScraperNamespace  = "monitoring"
)

func monitoringDefaults(m *Monitor) {
	if len(m.Labels) == 0 {
		m.Labels = map[string]string{"release": DefaultMonitoringRelease}
	}
	if len(m.ScraperNamespaceSelector) == 0 {
		m.ScraperNamespaceSelector = map[string]string{"kubernetes.io/metadata.name": DefaultScraperNamespace}
	}
	orString(&m.ScrapeInterval, DefaultScrapeInterval)
	a := &m.Alerts
	orInt(&a.ErrorRatioPercent, 5)
	orInt(&a.LatencyP95Seconds, 60)
	orInt(&a.TimeToFirstTokenP95Seconds, 10)
	orInt(&a.ProviderFailurePercent, 10)
	orInt(&a.DataStoreFailuresPerMinute, 1)
	orInt(&a.RestartsPerHour, 3)
	orInt(&a.HPAAtMaxMinutes, 30)
}

func (v *validator) monitoring(m *Monitor) {
	v.labels("spec.monitoring.labels", m.Labels)
	v.labels("spec.monitoring.scraperNamespaceSelector", m.ScraperNamespaceSelector)
	d, err := time.ParseDuration(m.ScrapeInterval)
	v.check(err == nil && d >= time.Second && d <= 5*time.Minute && rePromDuration.MatchString(m.ScrapeInterval),
		"spec.monitoring.scrapeInterval", "%q is not a Prometheus duration between 1s and 5m (for example 30s)", m.ScrapeInterval)
	a := m.Alerts
	for _, p := range []struct {
		path     string
		val, max int32
	}{
		{"errorRatioPercent", a.ErrorRatioPercent, 100},
		{"providerFailurePercent", a.ProviderFailurePercent, 100},
		{"latencyP95Seconds", a.LatencyP95Seconds, 3600},
		{"timeToFirstTokenP95Seconds", a.TimeToFirstTokenP95Seconds, 3600},
		{"dataStoreFailuresPerMinute", a.DataStoreFailuresPerMinute, 1000000},
		{"restartsPerHour", a.RestartsPerHour, 1000},
		{"hpaAtMaxMinutes", a.HPAAtMaxMinutes, 1440},
	} {
		v.check(p.val >= 1 && p.val <= p.max, "spec.monitoring.alerts."+p.path, "must be between 1 and %s, not %d", strconv.Itoa(int(p.max)), p.val)
	}
}

// labels validates a map of Kubernetes label keys and values.
func (v *validator) labels(path string, l map[string]string) {
	for k, val := range l {
		for _, m := range validation.IsQualifiedName(k) {
			v.at(path+"."+k, "label key: %s", m)
		}
		for _, m := range validation.IsValidLabelValue(val) {
			v.at(path+"."+k, "label value: %s", m)
		}
	}
}

// rePromDuration is the subset of Prometheus durations a scrape interval
// uses: one number and one unit.
var rePromDuration = newPattern(`^[1-9][0-9]*(s|m)$`, maxLen(8))
