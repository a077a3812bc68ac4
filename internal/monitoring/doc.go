// Package monitoring builds what tells a gateway's operators that it is
// unwell: the PodMonitor that has the platform's Prometheus scrape LiteLLM's
// /metrics on the pod port (the ALB and the WAF keep answering /metrics with
// a 404), the network policy that admits that scraper and nothing else, the
// PrometheusRule with the on-call alerts, and the Grafana dashboard. Two
// builders: Builder (scraping) runs for an environment and a preview,
// AlertingBuilder (alerts and dashboard) for an environment only.
//
// It is a leaf builder: it reads the resolved Gateway (names from resolve,
// pod labels and ports from component) and never another builder. The
// metric names it uses are those LiteLLM emits at the pinned version for the
// settings the LiteLLM builder renders (callbacks prometheus and
// service_callback prometheus_system); metrics_test.go checks every
// expression against that list (testdata/litellm-metrics.txt, with its
// upstream source).
package monitoring
