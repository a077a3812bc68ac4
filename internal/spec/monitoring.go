package spec

import (
	"k8s.io/apimachinery/pkg/util/validation"
)

// Monitor configures what the gateway tells its operators: Prometheus
// scraping of LiteLLM, alert rules, a Grafana dashboard and the CloudWatch
// alarms of the data stores and the edge. Every threshold has a default.
type Monitor struct {
	Labels                   map[string]string `json:"labels,omitempty" doc:"Labels on the PodMonitor and PrometheusRule so that the platform's Prometheus selects them (its podMonitorSelector and ruleSelector). Default {release: kube-prometheus-stack}, the selector of a kube-prometheus-stack release of that name."`
	ScraperNamespaceSelector map[string]string `json:"scraperNamespaceSelector,omitempty" doc:"Labels of the namespace Prometheus runs in: a network policy admits scrapes of the LiteLLM port from pods of that namespace, and nothing else. Default {kubernetes.io/metadata.name: monitoring}."`
	ScrapeInterval           string            `json:"scrapeInterval,omitempty" doc:"Scrape interval of the LiteLLM pods, a Prometheus duration. Default 30s." pattern:"scrapeInterval"`
	RequestMetrics           bool              `json:"requestMetrics,omitempty" doc:"The LiteLLM pods run with an Enterprise licence (LITELLM_LICENSE): at the pinned LiteLLM version its request, latency, time-to-first-token and per-model provider metrics exist only then (without a licence the prometheus callback emits litellm_not_a_premium_user_metric alone). When true, the alerts and dashboard panels on those metrics are rendered; database, Valkey, restart and autoscaler alerts are rendered either way. Always true when spec.sso.licenseSecret is set (the licence aigw syncs); set it yourself only for a licence supplied another way. Default false."`
	Alerts                   Alerts            `json:"alerts,omitempty" doc:"Thresholds of the Prometheus alert rules."`
	Alarms                   Alarms            `json:"alarms,omitempty" doc:"CloudWatch alarms of the database, the cache, the ALB and the WAF (not in previews)."`
}

// Alerts are the thresholds of the PrometheusRule.
type Alerts struct {
	ErrorRatioPercent          int32 `json:"errorRatioPercent,omitempty" doc:"Share of inference requests answered with an error, over 5 minutes, that raises LiteLLMHighErrorRatio. Default 5." minimum:"1" maximum:"100"`
	LatencyP95Seconds          int32 `json:"latencyP95Seconds,omitempty" doc:"95th percentile of the total request latency, over 10 minutes, that raises LiteLLMSlowRequests. Default 60." minimum:"1" maximum:"3600"`
	TimeToFirstTokenP95Seconds int32 `json:"timeToFirstTokenP95Seconds,omitempty" doc:"95th percentile of the time to the first streamed token, over 10 minutes, that raises LiteLLMSlowFirstToken. Default 10." minimum:"1" maximum:"3600"`
	ProviderFailurePercent     int32 `json:"providerFailurePercent,omitempty" doc:"Share of calls to a model's provider that fail, over 10 minutes, that raises LiteLLMProviderFailures for that model. Default 10." minimum:"1" maximum:"100"`
	DataStoreFailuresPerMinute int32 `json:"dataStoreFailuresPerMinute,omitempty" doc:"Failed database or Valkey operations per minute, sustained 5 minutes, that raise LiteLLMDatabaseFailures or LiteLLMRedisFailures. Default 1." minimum:"1" maximum:"1000000"`
	RestartsPerHour            int32 `json:"restartsPerHour,omitempty" doc:"Container restarts of one LiteLLM pod within an hour that raise LiteLLMPodRestarting. Default 3." minimum:"1" maximum:"1000"`
	HPAAtMaxMinutes            int32 `json:"hpaAtMaxMinutes,omitempty" doc:"Minutes the API autoscaler may stay at its maximum before LiteLLMAutoscalerAtMax. Default 30." minimum:"1" maximum:"1440"`
}

// Monitoring defaults.
const (
	DefaultScrapeInterval    = "30s"
	DefaultMonitoringRelease = "kube-prometheus-stack"
	DefaultScraperNamespace  = "monitoring"
)

func monitoringDefaults(m *Monitor, prod bool) {
	alarmDefaults(&m.Alarms, prod)
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

// Alarms are the CloudWatch alarms the Crossplane compositions create for
// what only AWS sees. Defaults depend on the tier (production, then the
// others); production alarms page, the others notify.
type Alarms struct {
	TopicArn                   string `json:"topicArn,omitempty" doc:"SNS topic the alarms of this environment notify (alarm and OK), for example a paging topic for production and a chat topic elsewhere. Default: a topic <gateway>-<environment>-alarms created by the WebFirewall composite, to which you subscribe." pattern:"topicArn"`
	DatabaseCPUPercent         int32  `json:"databaseCpuPercent,omitempty" doc:"Aurora writer CPU (average over 5 minutes, 3 periods). Default 80 (production), 90." minimum:"1" maximum:"100"`
	DatabaseFreeMemoryPercent  int32  `json:"databaseFreeMemoryPercent,omitempty" doc:"Alarm when the writer's freeable memory falls below this share of the instance class's memory. Default 10 (production), 5." minimum:"1" maximum:"90"`
	DatabaseConnectionsPercent int32  `json:"databaseConnectionsPercent,omitempty" doc:"Alarm when the writer's connections exceed this share of the instance class's default max_connections. Default 80 (production), 90." minimum:"1" maximum:"100"`
	DatabaseReplicaLagMillis   int32  `json:"databaseReplicaLagMillis,omitempty" doc:"Maximum Aurora replica lag in milliseconds. Default 1000 (production), 5000." minimum:"1" maximum:"3600000"`
	CacheCPUPercent            int32  `json:"cacheCpuPercent,omitempty" doc:"Valkey engine CPU of the busiest node. Default 80 (production), 90." minimum:"1" maximum:"100"`
	CacheMemoryPercent         int32  `json:"cacheMemoryPercent,omitempty" doc:"Valkey memory use (DatabaseMemoryUsagePercentage) of the fullest node. Default 80 (production), 90." minimum:"1" maximum:"100"`
	CacheEvictions             int32  `json:"cacheEvictions,omitempty" doc:"Evicted keys per 5 minutes on any node (router state is being lost). Default 100 (production), 1000." minimum:"1" maximum:"1000000000"`
	CacheConnections           int32  `json:"cacheConnections,omitempty" doc:"Client connections of the busiest node. Default 5000 (production), 10000." minimum:"1" maximum:"65000"`
	ALBTarget5xx               int32  `json:"albTarget5xx,omitempty" doc:"5xx responses of the LiteLLM targets per 5 minutes. Default 25 (production), 100." minimum:"1" maximum:"1000000000"`
	ALBTargetResponseSeconds   int32  `json:"albTargetResponseSeconds,omitempty" doc:"Average response time of the LiteLLM targets over 5 minutes, seconds (streamed responses included). Default 120 (production), 300." minimum:"1" maximum:"4000"`
	ALBRejectedConnections     int32  `json:"albRejectedConnections,omitempty" doc:"Connections the ALB rejected (at its connection limit) per 5 minutes. Default 1." minimum:"1" maximum:"1000000000"`
	WAFBlockedBandWidth        int32  `json:"wafBlockedBandWidth,omitempty" doc:"Width, in standard deviations, of the CloudWatch anomaly-detection band of the web ACL's blocked requests: the alarm fires above it, so a managed rule that starts blocking prompts is noticed. Default 4 (production), 6." minimum:"1" maximum:"20"`
}

func alarmDefaults(a *Alarms, prod bool) {
	pick := func(p, o int32) int32 {
		if prod {
			return p
		}
		return o
	}
	orInt(&a.DatabaseCPUPercent, pick(80, 90))
	orInt(&a.DatabaseFreeMemoryPercent, pick(10, 5))
	orInt(&a.DatabaseConnectionsPercent, pick(80, 90))
	orInt(&a.DatabaseReplicaLagMillis, pick(1000, 5000))
	orInt(&a.CacheCPUPercent, pick(80, 90))
	orInt(&a.CacheMemoryPercent, pick(80, 90))
	orInt(&a.CacheEvictions, pick(100, 1000))
	orInt(&a.CacheConnections, pick(5000, 10000))
	orInt(&a.ALBTarget5xx, pick(25, 100))
	orInt(&a.ALBTargetResponseSeconds, pick(120, 300))
	orInt(&a.ALBRejectedConnections, 1)
	orInt(&a.WAFBlockedBandWidth, pick(4, 6))
}
