package monitoring_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/monitoring"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// rules returns alert name → rule of the PrometheusRule of g (nil when
// there is none).
func rules(t *testing.T, g *resolve.Gateway) map[string]map[string]any {
	t.Helper()
	prs := byKind(build(t, g), "PrometheusRule")
	if len(prs) == 0 {
		return nil
	}
	out := map[string]map[string]any{}
	groups, _, _ := unstructured.NestedFieldNoCopy(prs[0], "spec", "groups")
	for _, gr := range groups.([]any) {
		for _, r := range gr.(map[string]any)["rules"].([]any) {
			r := r.(map[string]any)
			out[r["alert"].(string)] = r
		}
	}
	return out
}

var (
	alwaysAlerts  = []string{"LiteLLMMetricsAbsent", "LiteLLMMetricsDown", "LiteLLMDatabaseFailures", "LiteLLMRedisFailures", "LiteLLMPodRestarting", "LiteLLMAutoscalerAtMax"}
	requestAlerts = []string{"LiteLLMHighErrorRatio", "LiteLLMSlowRequests", "LiteLLMSlowFirstToken", "LiteLLMProviderFailures"}
)

func names(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestAlertSets checks which alerts each variant gets: every environment
// the availability alerts; the request alerts only where LiteLLM emits the
// request metrics, that is with the licence aigw syncs (sso.licenseSecret, as
// in the example) or an explicit requestMetrics; a preview none at all (and
// no dashboard), although it is scraped.
func TestAlertSets(t *testing.T) {
	always := slices.Sorted(slices.Values(alwaysAlerts))
	all := slices.Sorted(slices.Values(slices.Concat(alwaysAlerts, requestAlerts)))
	unlicensed := strings.Replace(string(example.Data(t)), "    licenseSecret: litellm-license\n", "", 1)
	if unlicensed == string(example.Data(t)) {
		t.Fatal("example has no sso.licenseSecret to remove")
	}
	for _, env := range example.Environments() {
		if got := names(rules(t, example.Gateway(t, env))); !slices.Equal(got, all) {
			t.Errorf("%s (licensed): %v, want %v", env, got, all)
		}
		if got := names(rules(t, example.GatewayFrom(t, []byte(unlicensed), env))); !slices.Equal(got, always) {
			t.Errorf("%s without a licence: %v, want %v", env, got, always)
		}
	}
	explicit := strings.Replace(unlicensed, "  previews:\n", "  monitoring: {requestMetrics: true}\n  previews:\n", 1)
	if got := names(rules(t, example.GatewayFrom(t, []byte(explicit), "prod"))); !slices.Equal(got, all) {
		t.Errorf("unlicensed prod with requestMetrics: %v, want %v", got, all)
	}
	// A preview runs the scraping builder only (render.TestBuildersFor):
	// it makes neither alerts nor a dashboard.
	objs := example.Objects(t, monitoring.New(), example.Preview(t, "42"))
	if len(byKind(objs, "PrometheusRule")) != 0 || len(byKind(objs, "ConfigMap")) != 0 || len(byKind(objs, "PodMonitor")) != 1 {
		t.Errorf("preview: %d objects, want the PodMonitor and its policy only", len(objs))
	}
}

// TestSeverityByTier: only production pages (critical); the same alert is a
// warning elsewhere, and a production warning is info elsewhere.
func TestSeverityByTier(t *testing.T) {
	for _, tt := range []struct {
		env               string
		database, restart string
	}{
		{"prod", "critical", "warning"},
		{"staging", "warning", "info"},
		{"dev", "warning", "info"},
	} {
		r := rules(t, example.Gateway(t, tt.env))
		sev := func(a string) any { return r[a]["labels"].(map[string]any)["severity"] }
		if sev("LiteLLMDatabaseFailures") != tt.database || sev("LiteLLMPodRestarting") != tt.restart {
			t.Errorf("%s: database %v, restarts %v; want %s, %s", tt.env, sev("LiteLLMDatabaseFailures"), sev("LiteLLMPodRestarting"), tt.database, tt.restart)
		}
	}
}

// TestThresholdsFromSpec: every threshold field reaches its expression or
// duration.
func TestThresholdsFromSpec(t *testing.T) {
	g := example.GatewayFrom(t, withMonitoring(t, "requestMetrics: true, alerts: {errorRatioPercent: 7, latencyP95Seconds: 45, timeToFirstTokenP95Seconds: 4, providerFailurePercent: 25, dataStoreFailuresPerMinute: 9, restartsPerHour: 6, hpaAtMaxMinutes: 50}"), "prod")
	r := rules(t, g)
	for alert, want := range map[string]string{
		"LiteLLMHighErrorRatio":   "> 0.07",
		"LiteLLMSlowRequests":     "> 45",
		"LiteLLMSlowFirstToken":   "> 4",
		"LiteLLMProviderFailures": "> 0.25",
		"LiteLLMDatabaseFailures": "> 9",
		"LiteLLMRedisFailures":    "> 9",
		"LiteLLMPodRestarting":    ">= 6",
	} {
		if e := fmt.Sprint(r[alert]["expr"]); !strings.HasSuffix(e, want) {
			t.Errorf("%s: %s, want it to end in %q", alert, e, want)
		}
	}
	if d := r["LiteLLMAutoscalerAtMax"]["for"]; d != "50m" {
		t.Errorf("LiteLLMAutoscalerAtMax for %v, want 50m", d)
	}
}
