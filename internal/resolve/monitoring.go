package resolve

// Monitoring names the monitoring objects and what the LiteLLM builder, the
// edge and the monitoring builder must agree on about metrics.
type Monitoring struct {
	// PodMonitor is <gateway>-litellm.
	PodMonitor string
	// AlertRules is the PrometheusRule, <gateway>-litellm-alerts.
	AlertRules string
	// Dashboard is the Grafana dashboard ConfigMap, <gateway>-dashboard.
	Dashboard string
	// MetricsIngress is the network policy admitting the scraper,
	// <gateway>-litellm-metrics-ingress.
	MetricsIngress string
	// MetricsPath is where LiteLLM serves Prometheus metrics on its pod
	// port at the pinned version: PrometheusLogger._mount_metrics_endpoint
	// mounts prometheus_client's ASGI app with app.mount("/metrics", ...),
	// and Starlette redirects the bare /metrics to /metrics/. The ALB
	// answers every path under /metrics with a 404.
	MetricsPath string
	// PortName is the name of the LiteLLM container port (the chart's).
	PortName string
}

func monitoringContract(g *Gateway) Monitoring {
	return Monitoring{
		PodMonitor:     g.Name("litellm"),
		AlertRules:     g.Name("litellm-alerts"),
		Dashboard:      g.Name("dashboard"),
		MetricsIngress: g.Name("litellm-metrics-ingress"),
		MetricsPath:    "/metrics/",
		PortName:       "http",
	}
}
