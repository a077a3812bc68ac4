package spec

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestMonitoringDefaults checks the defaults of spec.monitoring and that an
// environment overrides one threshold without losing the others.
func TestMonitoringDefaults(t *testing.T) {
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(b), "    staging:\n", "    staging:\n      monitoring:\n        alerts: {errorRatioPercent: 2}\n", 1)
	doc, err := Parse("aigateway.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	prod, err := doc.Environment("prod")
	if err != nil {
		t.Fatal(err)
	}
	m := prod.Monitor
	if !reflect.DeepEqual(m.Labels, map[string]string{"release": "kube-prometheus-stack"}) ||
		!reflect.DeepEqual(m.ScraperNamespaceSelector, map[string]string{"kubernetes.io/metadata.name": "monitoring"}) ||
		m.ScrapeInterval != "30s" || m.Alerts.ErrorRatioPercent != 5 || m.Alerts.HPAAtMaxMinutes != 30 {
		t.Errorf("prod monitoring defaults = %+v", m)
	}
	staging, err := doc.Environment("staging")
	if err != nil {
		t.Fatal(err)
	}
	if a := staging.Monitor.Alerts; a.ErrorRatioPercent != 2 || a.LatencyP95Seconds != 60 {
		t.Errorf("staging alerts = %+v", a)
	}
	// Alarm thresholds depend on the tier: production is stricter.
	if p, s := prod.Monitor.Alarms, staging.Monitor.Alarms; p.DatabaseCPUPercent != 80 || s.DatabaseCPUPercent != 90 ||
		p.ALBTarget5xx != 25 || s.ALBTarget5xx != 100 || p.WAFBlockedBandWidth != 4 || s.WAFBlockedBandWidth != 6 || p.TopicArn != "" {
		t.Errorf("alarm defaults: prod %+v, staging %+v", p, s)
	}
}

// TestMonitoringInvalid lists bad monitoring settings: each is one error at
// its field path.
func TestMonitoringInvalid(t *testing.T) {
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ yaml, path string }{
		{"monitoring: {labels: {\"bad key!\": x}}", "spec.monitoring.labels.bad key!"},
		{"monitoring: {labels: {release: \"not a value!\"}}", "spec.monitoring.labels.release"},
		{"monitoring: {scraperNamespaceSelector: {team: \"a b\"}}", "spec.monitoring.scraperNamespaceSelector.team"},
		{"monitoring: {scrapeInterval: 30}", "spec.monitoring.scrapeInterval"},
		{"monitoring: {scrapeInterval: 1h}", "spec.monitoring.scrapeInterval"},
		{"monitoring: {scrapeInterval: 1m30s}", "spec.monitoring.scrapeInterval"},
		{"monitoring: {alerts: {errorRatioPercent: 101}}", "spec.monitoring.alerts.errorRatioPercent"},
		{"monitoring: {alerts: {providerFailurePercent: 0}}", "spec.monitoring.alerts.providerFailurePercent"},
		{"monitoring: {alerts: {hpaAtMaxMinutes: -5}}", "spec.monitoring.alerts.hpaAtMaxMinutes"},
		{"monitoring: {alarms: {topicArn: \"arn:aws:sqs:eu-west-1:123456789012:q\"}}", "spec.monitoring.alarms.topicArn"},
		{"monitoring: {alarms: {databaseCpuPercent: 150}}", "spec.monitoring.alarms.databaseCpuPercent"},
		{"monitoring: {alarms: {cacheConnections: 70000}}", "spec.monitoring.alarms.cacheConnections"},
	} {
		src := strings.Replace(string(b), "  previews:\n", "  "+tt.yaml+"\n  previews:\n", 1)
		doc, err := Parse("aigateway.yaml", []byte(src))
		if err == nil {
			_, err = doc.Environment("dev")
		}
		errs := Errors(err)
		found := false
		for _, e := range errs {
			if e.Path == tt.path {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want an error at %s, got %v", tt.yaml, tt.path, err)
		}
	}
}
