package monitoring_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/promql/parser"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// catalogue maps a source of metrics (testdata/metrics.txt) to the series
// names it exposes.
type catalogue map[string]map[string]bool

func loadCatalogue(t testing.TB) catalogue {
	t.Helper()
	f, err := os.Open("testdata/metrics.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := catalogue{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 3 {
			t.Fatalf("metrics.txt: %q: want <source> <family> <type>", line)
		}
		src, fam, typ := fields[0], fields[1], fields[2]
		if c[src] == nil {
			c[src] = map[string]bool{}
		}
		var names []string
		switch typ {
		case "counter":
			fam = strings.TrimSuffix(fam, "_total")
			names = []string{fam + "_total", fam + "_created"}
		case "histogram":
			names = []string{fam + "_bucket", fam + "_sum", fam + "_count", fam + "_created"}
		case "gauge", "series":
			names = []string{fam}
		default:
			t.Fatalf("metrics.txt: %q: unknown type %s", line, typ)
		}
		for _, n := range names {
			c[src][n] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// enabled is the set of series the rendered settings make exist: LiteLLM's
// callbacks and service_callback from the rendered config.yaml (the
// prometheus callback emits its request metrics only with the licence that
// spec.monitoring.requestMetrics declares), plus kube-state-metrics and
// Prometheus' own up.
func (c catalogue) enabled(config map[string]any, requestMetrics bool) map[string]bool {
	sources := []string{"kube-state-metrics", "prometheus-server"}
	ls, _ := config["litellm_settings"].(map[string]any)
	has := func(key, v string) bool {
		l, _ := ls[key].([]any)
		return slices.Contains(l, any(v))
	}
	if has("callbacks", "prometheus") {
		if requestMetrics {
			sources = append(sources, "prometheus")
		} else {
			sources = append(sources, "prometheus-unlicensed")
		}
	}
	if has("service_callback", "prometheus_system") {
		sources = append(sources, "prometheus_system")
	}
	out := map[string]bool{}
	for _, s := range sources {
		for n := range c[s] {
			out[n] = true
		}
	}
	return out
}

// knownLabels are the labels an expression may match or group on: the
// target labels Prometheus and the Prometheus Operator attach (including the
// PodMonitor's podTargetLabels), kube-state-metrics' object labels, the
// histogram bucket label and LiteLLM's requested_model.
var knownLabels = []string{"namespace", "pod", "container", "job", "instance", "endpoint",
	"app_kubernetes_io_component", "app_kubernetes_io_instance", "horizontalpodautoscaler", "le", "requested_model"}

// checkExpr parses expr and reports every series name it selects that is
// not in enabled, and every label it uses that is not known.
func checkExpr(expr string, enabled map[string]bool) error {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return fmt.Errorf("%q does not parse: %w", expr, err)
	}
	var problems []string
	label := func(l string) {
		if !slices.Contains(knownLabels, l) {
			problems = append(problems, "unknown label "+l)
		}
	}
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		switch n := n.(type) {
		case *parser.VectorSelector:
			name := n.Name
			for _, m := range n.LabelMatchers {
				if m.Name == "__name__" {
					name = m.Value
					continue
				}
				label(m.Name)
			}
			if !enabled[name] {
				problems = append(problems, "series "+name+" is not emitted with these settings")
			}
		case *parser.AggregateExpr:
			for _, l := range n.Grouping {
				label(l)
			}
		case *parser.BinaryExpr:
			if n.VectorMatching != nil {
				for _, l := range n.VectorMatching.MatchingLabels {
					label(l)
				}
			}
		}
		return nil
	})
	if len(problems) > 0 {
		return fmt.Errorf("%q: %s", expr, strings.Join(problems, "; "))
	}
	return nil
}

// exprs returns every PromQL expression of the rendered objects: alert
// rules and dashboard targets.
func exprs(t *testing.T, objs []*unstructured.Unstructured) []string {
	t.Helper()
	var out []string
	for _, o := range objs {
		switch {
		case o.GetKind() == "PrometheusRule":
			groups, _, _ := unstructured.NestedFieldNoCopy(o.Object, "spec", "groups")
			for _, g := range groups.([]any) {
				for _, r := range g.(map[string]any)["rules"].([]any) {
					out = append(out, fmt.Sprint(r.(map[string]any)["expr"]))
				}
			}
		case o.GetKind() == "ConfigMap" && o.GetLabels()["grafana_dashboard"] == "1":
			data, _, _ := unstructured.NestedStringMap(o.Object, "data")
			for _, body := range data {
				var d struct {
					Panels []struct {
						Targets []struct{ Expr string }
					}
				}
				if err := json.Unmarshal([]byte(body), &d); err != nil {
					t.Fatal(err)
				}
				for _, p := range d.Panels {
					for _, tg := range p.Targets {
						out = append(out, tg.Expr)
					}
				}
			}
		}
	}
	return out
}

// litellmConfig is the rendered LiteLLM config.yaml.
func litellmConfig(t *testing.T, objs []*unstructured.Unstructured) map[string]any {
	t.Helper()
	for _, o := range objs {
		if c, ok, _ := unstructured.NestedString(o.Object, "data", "config.yaml"); ok && o.GetKind() == "ConfigMap" {
			var cfg map[string]any
			if err := yaml.Unmarshal([]byte(c), &cfg); err != nil {
				t.Fatal(err)
			}
			return cfg
		}
	}
	t.Fatal("no LiteLLM config.yaml rendered")
	return nil
}

// TestExpressionsUseEmittedMetrics is the guard of the alerts: every alert
// expression and dashboard query of every environment parses, and selects
// only series that LiteLLM (at the pinned version, for the rendered
// callbacks and licence), kube-state-metrics or Prometheus emit. Whether the
// pods run licensed is read from the rendered Deployments (LITELLM_LICENSE):
// the example syncs a licence and must use the request metrics; without one
// they must be absent.
func TestExpressionsUseEmittedMetrics(t *testing.T) {
	cat := loadCatalogue(t)
	licensed := example.Data(t)
	unlicensed := []byte(strings.Replace(string(licensed), "    licenseSecret: litellm-license\n", "", 1))
	if string(unlicensed) == string(licensed) {
		t.Fatal("example has no sso.licenseSecret to remove")
	}
	for _, env := range example.Environments() {
		for _, want := range []bool{false, true} {
			data := unlicensed
			if want {
				data = licensed
			}
			objs := renderedFrom(t, data, resolve.Options{Environment: env})
			lic := runsLicensed(objs)
			if lic != want {
				t.Fatalf("%s: pods licensed %v, want %v", env, lic, want)
			}
			enabled := cat.enabled(litellmConfig(t, objs), lic)
			es := exprs(t, objs)
			if len(es) < 10 {
				t.Errorf("%s licensed=%v: only %d expressions", env, lic, len(es))
			}
			requestAlerts := false
			for _, e := range es {
				if err := checkExpr(e, enabled); err != nil {
					t.Errorf("%s licensed=%v: %v", env, lic, err)
				}
				if strings.Contains(e, "litellm_proxy_total_requests_metric") {
					requestAlerts = true
				}
			}
			if requestAlerts != lic {
				t.Errorf("%s licensed=%v: request metrics used: %v", env, lic, requestAlerts)
			}
		}
	}
}

// runsLicensed reports whether every LiteLLM Deployment's containers get
// LITELLM_LICENSE.
func runsLicensed(objs []*unstructured.Unstructured) bool {
	n := 0
	for _, o := range objs {
		if o.GetKind() != "Deployment" {
			continue
		}
		cs, _, _ := unstructured.NestedFieldNoCopy(o.Object, "spec", "template", "spec", "containers")
		for _, c := range cs.([]any) {
			env, _ := c.(map[string]any)["env"].([]any)
			for _, e := range env {
				if e.(map[string]any)["name"] == "LITELLM_LICENSE" {
					n++
				}
			}
		}
	}
	return n > 0
}

// TestCheckExprFails shows the guard can fail: an invented series, a
// licensed series without the licence, a label LiteLLM does not set and a
// syntax error are each rejected.
func TestCheckExprFails(t *testing.T) {
	cat := loadCatalogue(t)
	unlicensed := cat.enabled(map[string]any{"litellm_settings": map[string]any{
		"callbacks": []any{"prometheus"}, "service_callback": []any{"prometheus_system"}}}, false)
	for _, e := range []string{
		`rate(litellm_made_up_total[5m])`,
		`rate(litellm_proxy_total_requests_metric_total[5m])`,
		`sum by (model_group) (rate(litellm_postgres_failed_requests_total[5m]))`,
		`rate(litellm_postgres_failed_requests_total[5m]`,
		`rate(litellm_postgres_failed_requests[5m])`,
	} {
		if err := checkExpr(e, unlicensed); err == nil {
			t.Errorf("%s: accepted", e)
		}
	}
	if err := checkExpr(`sum by (le) (rate(litellm_postgres_latency_bucket{namespace="x"}[5m]))`, unlicensed); err != nil {
		t.Error(err)
	}
}
