package monitoring

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Grafana sidecar conventions (kube-prometheus-stack's grafana.sidecar):
// ConfigMaps labelled grafana_dashboard: "1" are loaded, into the folder
// named by the grafana_folder annotation when the sidecar's
// folderAnnotation is set to it.
const (
	DashboardLabel         = "grafana_dashboard"
	DashboardFolderKey     = "grafana_folder"
	DashboardFolder        = "aigw"
	dashboardSchemaVersion = 39
)

// panel is one Grafana time-series panel.
type panel struct {
	ID          int            `json:"id"`
	Type        string         `json:"type"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	GridPos     gridPos        `json:"gridPos"`
	Datasource  *datasource    `json:"datasource,omitempty"`
	Targets     []target       `json:"targets,omitempty"`
	FieldConfig *fieldConfig   `json:"fieldConfig,omitempty"`
	Options     map[string]any `json:"options,omitempty"`
}

type gridPos struct {
	H int `json:"h"`
	W int `json:"w"`
	X int `json:"x"`
	Y int `json:"y"`
}

type datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type target struct {
	RefID        string `json:"refId"`
	Expr         string `json:"expr"`
	LegendFormat string `json:"legendFormat,omitempty"`
}

type fieldConfig struct {
	Defaults fieldDefaults `json:"defaults"`
}

type fieldDefaults struct {
	Unit       string         `json:"unit,omitempty"`
	Thresholds *thresholds    `json:"thresholds,omitempty"`
	Custom     map[string]any `json:"custom,omitempty"`
}

type thresholds struct {
	Mode  string `json:"mode"`
	Steps []step `json:"steps"`
}

type step struct {
	Color string   `json:"color"`
	Value *float64 `json:"value"`
}

// series is what one panel shows: queries, a unit and the alert threshold
// drawn as a line (nil for none).
type series struct {
	title, desc, unit string
	targets           []target
	threshold         *float64
}

// panels lists the dashboard's signals, the same as the alerts'.
func panels(g *resolve.Gateway) []series {
	s := selectors(g)
	a := g.Monitor.Alerts
	f := func(v float64) *float64 { return &v }
	var out []series
	if g.Monitor.RequestMetrics {
		out = append(out,
			series{title: "Inference requests per second", unit: "reqps", targets: []target{{Expr: s.requestRate("5m"), LegendFormat: "requests"}}},
			series{title: "Error ratio", desc: "LiteLLMHighErrorRatio", unit: "percentunit", threshold: f(float64(a.ErrorRatioPercent) / 100),
				targets: []target{{Expr: s.errorRatio("5m"), LegendFormat: "errors"}}},
			series{title: "Request latency p95", desc: "LiteLLMSlowRequests", unit: "s", threshold: f(float64(a.LatencyP95Seconds)),
				targets: []target{{Expr: s.p95(requestLatency, s.api, "5m"), LegendFormat: "p95"}}},
			series{title: "Time to first token p95", desc: "LiteLLMSlowFirstToken", unit: "s", threshold: f(float64(a.TimeToFirstTokenP95Seconds)),
				targets: []target{{Expr: s.p95(timeToFirstToken, s.api, "5m"), LegendFormat: "p95"}}},
			series{title: "Provider failure ratio by model", desc: "LiteLLMProviderFailures", unit: "percentunit", threshold: f(float64(a.ProviderFailurePercent) / 100),
				targets: []target{{Expr: s.providerFailureRatio("10m"), LegendFormat: "{{requested_model}}"}}},
		)
	}
	out = append(out,
		series{title: "Database and Valkey failures per minute", desc: "LiteLLMDatabaseFailures, LiteLLMRedisFailures", unit: "short", threshold: f(float64(a.DataStoreFailuresPerMinute)),
			targets: []target{{Expr: s.perMinute(postgresFailures, "5m"), LegendFormat: "postgres"}, {Expr: s.perMinute(redisFailures, "5m"), LegendFormat: "valkey"}}},
		series{title: "Database and Valkey latency p95", unit: "s",
			targets: []target{{Expr: s.p95(postgresLatency, s.pods, "5m"), LegendFormat: "postgres"}, {Expr: s.p95(redisLatency, s.pods, "5m"), LegendFormat: "valkey"}}},
		series{title: "Container restarts in the last hour", desc: "LiteLLMPodRestarting", unit: "short", threshold: f(float64(a.RestartsPerHour)),
			targets: []target{{Expr: s.restartsIn("1h"), LegendFormat: "{{pod}}"}}},
		series{title: "API replicas and autoscaler maximum", desc: "LiteLLMAutoscalerAtMax", unit: "short",
			targets: []target{{Expr: fmt.Sprintf(`%s{%s}`, hpaCurrent, s.hpa), LegendFormat: "current"}, {Expr: fmt.Sprintf(`%s{%s}`, hpaMax, s.hpa), LegendFormat: "maximum"}}},
		series{title: "Scraped LiteLLM pods", desc: "LiteLLMMetricsAbsent, LiteLLMMetricsDown", unit: "short",
			targets: []target{{Expr: fmt.Sprintf(`sum(%s{%s})`, scrapeUp, s.job), LegendFormat: "up"}}},
	)
	return out
}

// dashboardJSON is the Grafana dashboard of g.
func dashboardJSON(g *resolve.Gateway) ([]byte, error) {
	ds := &datasource{Type: "prometheus", UID: "${datasource}"}
	var ps []panel
	for i, sr := range panels(g) {
		p := panel{ID: i + 1, Type: "timeseries", Title: sr.title, Datasource: ds,
			GridPos: gridPos{H: 8, W: 12, X: (i % 2) * 12, Y: (i / 2) * 8}}
		if sr.desc != "" {
			p.Description = "Alert: " + sr.desc + " (docs/operations.md)"
		}
		for j, t := range sr.targets {
			t.RefID = string(rune('A' + j))
			p.Targets = append(p.Targets, t)
		}
		p.FieldConfig = &fieldConfig{Defaults: fieldDefaults{Unit: sr.unit}}
		if sr.threshold != nil {
			p.FieldConfig.Defaults.Thresholds = &thresholds{Mode: "absolute", Steps: []step{{Color: "green"}, {Color: "red", Value: sr.threshold}}}
			p.FieldConfig.Defaults.Custom = map[string]any{"thresholdsStyle": map[string]any{"mode": "line"}}
		}
		ps = append(ps, p)
	}
	if !g.Monitor.RequestMetrics {
		ps = append(ps, panel{ID: len(ps) + 1, Type: "text", Title: "Request metrics",
			GridPos: gridPos{H: 4, W: 24, X: 0, Y: (len(ps) + 1) / 2 * 8},
			Options: map[string]any{"mode": "markdown", "content": "LiteLLM emits its request, latency and per-model provider metrics only with an Enterprise licence at the pinned version. Set `spec.sso.licenseSecret` (or, for a licence supplied another way, `spec.monitoring.requestMetrics: true`) to add their panels and alerts (docs/operations.md)."}})
	}
	sum := sha256.Sum256([]byte(g.Namespace))
	d := map[string]any{
		"uid":           "aigw-" + hex.EncodeToString(sum[:])[:16],
		"title":         fmt.Sprintf("aigw %s / %s (%s)", g.Gateway, g.Environment.Name, g.Namespace),
		"tags":          []string{"aigw", "litellm", g.Gateway},
		"schemaVersion": dashboardSchemaVersion,
		"editable":      false,
		"time":          map[string]string{"from": "now-6h", "to": "now"},
		"refresh":       "1m",
		"templating": map[string]any{"list": []any{map[string]any{
			"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
		}}},
		"panels": ps,
	}
	return json.MarshalIndent(d, "", "  ")
}

// dashboard is the ConfigMap the Grafana sidecar loads.
func dashboard(g *resolve.Gateway) (*corev1.ConfigMap, error) {
	c := g.Contract()
	body, err := dashboardJSON(g)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	l := g.Labels()
	l[DashboardLabel] = "1"
	cm := &corev1.ConfigMap{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: c.Monitoring.Dashboard, Namespace: g.Namespace, Labels: l,
			Annotations: map[string]string{DashboardFolderKey: DashboardFolder}},
		Data: map[string]string{c.Monitoring.Dashboard + ".json": string(body)},
	}
	component.SetWave(cm, component.WaveWorkloads)
	return cm, nil
}
