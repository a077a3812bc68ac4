package monitoring_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/edge"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// rendered runs the whole pipeline for the example and returns its objects.
func rendered(t *testing.T, opts resolve.Options) []*unstructured.Unstructured {
	t.Helper()
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: filepath.Dir(example.File(t)), Resolve: opts})
	if err != nil {
		t.Fatal(err)
	}
	return example.Unstructured(res.Objects)
}

// TestPodMonitorScrapesLiteLLM checks the PodMonitor against the rendered
// LiteLLM pods: it selects the pods of both releases and only them, in its
// own namespace, on a container port of that name at the LiteLLM port; the
// rendered LiteLLM config turns on the metrics; and the path stays answered
// with a 404 at the ALB.
func TestPodMonitorScrapesLiteLLM(t *testing.T) {
	for _, opts := range []resolve.Options{{Environment: "prod"}, {Environment: "dev"}, {Preview: "42"}} {
		objs := rendered(t, opts)
		var pm *unstructured.Unstructured
		var deployments []*unstructured.Unstructured
		var config map[string]any
		for _, o := range objs {
			switch o.GetKind() {
			case "PodMonitor":
				pm = o
			case "Deployment":
				deployments = append(deployments, o)
			case "ConfigMap":
				if c, ok, _ := unstructured.NestedString(o.Object, "data", "config.yaml"); ok && config == nil {
					if err := yaml.Unmarshal([]byte(c), &config); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if pm == nil {
			t.Fatalf("%+v: no PodMonitor", opts)
		}
		sel, _, _ := unstructured.NestedStringMap(pm.Object, "spec", "selector", "matchLabels")
		if ns, _, _ := unstructured.NestedStringSlice(pm.Object, "spec", "namespaceSelector", "matchNames"); !reflect.DeepEqual(ns, []string{pm.GetNamespace()}) {
			t.Errorf("%+v: namespaceSelector %v, want only %s", opts, ns, pm.GetNamespace())
		}
		eps, _, _ := unstructured.NestedFieldNoCopy(pm.Object, "spec", "podMetricsEndpoints")
		if eps, _ := eps.([]any); len(eps) != 1 {
			t.Fatalf("%+v: endpoints %v", opts, eps)
		}
		ep := eps.([]any)[0].(map[string]any)
		roles := map[string]bool{}
		for _, d := range deployments {
			podLabels, _, _ := unstructured.NestedStringMap(d.Object, "spec", "template", "metadata", "labels")
			if !labels.SelectorFromSet(sel).Matches(labels.Set(podLabels)) {
				continue
			}
			roles[podLabels["app.kubernetes.io/component"]] = true
			containers, _, _ := unstructured.NestedFieldNoCopy(d.Object, "spec", "template", "spec", "containers")
			found := false
			for _, c := range containers.([]any) {
				ports, _ := c.(map[string]any)["ports"].([]any)
				for _, p := range ports {
					p := p.(map[string]any)
					if p["name"] == ep["port"] && fmt.Sprint(p["containerPort"]) == "4000" {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%+v: Deployment %s has no container port %v at 4000", opts, d.GetName(), ep["port"])
			}
		}
		if !roles["api"] || !roles["admin"] || len(roles) != 2 {
			t.Errorf("%+v: the PodMonitor selects the pods of %v, want api and admin", opts, roles)
		}
		ls, _ := config["litellm_settings"].(map[string]any)
		if !slices.Contains(ls["callbacks"].([]any), any("prometheus")) || !slices.Contains(ls["service_callback"].([]any), any("prometheus_system")) {
			t.Errorf("%+v: litellm_settings %v lacks the prometheus callbacks", opts, ls)
		}
		path := example.Gateway(t, "dev").Contract().Monitoring.MetricsPath
		blocked := false
		for _, p := range edge.OperationalPaths() {
			if !p.Exact && strings.HasPrefix(path, p.Value) {
				blocked = true
			}
		}
		if !blocked || ep["path"] != path {
			t.Errorf("%+v: path %v: the scraped path must be one the ALB answers with a 404", opts, ep["path"])
		}
	}
}

// TestMetricsIngress checks that the scraper policy admits exactly the
// spec's namespace selector, on the LiteLLM port, to the LiteLLM pods.
func TestMetricsIngress(t *testing.T) {
	data := strings.Replace(string(example.Data(t)), "  previews:\n", "  monitoring:\n    scraperNamespaceSelector: {team: observability}\n  previews:\n", 1)
	for name, g := range map[string]*resolve.Gateway{"default": example.Gateway(t, "prod"), "custom": example.GatewayFrom(t, []byte(data), "prod")} {
		nps := byKind(build(t, g), "NetworkPolicy")
		if len(nps) != 1 {
			t.Fatalf("%s: %d network policies", name, len(nps))
		}
		want := map[string]any{"kubernetes.io/metadata.name": "monitoring"}
		if name == "custom" {
			want = map[string]any{"team": "observability"}
		}
		ingress, _, _ := unstructured.NestedSlice(nps[0], "spec", "ingress")
		got := []any{map[string]any{
			"from":  []any{map[string]any{"namespaceSelector": map[string]any{"matchLabels": want}}},
			"ports": []any{map[string]any{"protocol": "TCP", "port": int64(4000)}},
		}}
		if !reflect.DeepEqual(ingress, got) {
			t.Errorf("%s: ingress %v, want %v", name, ingress, got)
		}
		if types, _, _ := unstructured.NestedStringSlice(nps[0], "spec", "policyTypes"); !reflect.DeepEqual(types, []string{"Ingress"}) {
			t.Errorf("%s: policyTypes %v", name, types)
		}
	}
}

// TestSelectorLabels checks that spec.monitoring.labels reach the objects
// Prometheus selects, with the kube-prometheus-stack default.
func TestSelectorLabels(t *testing.T) {
	data := strings.Replace(string(example.Data(t)), "  previews:\n", "  monitoring:\n    labels: {prometheus: platform}\n  previews:\n", 1)
	for name, tt := range map[string]struct {
		g    *resolve.Gateway
		want map[string]string
	}{
		"default": {example.Gateway(t, "prod"), map[string]string{"release": "kube-prometheus-stack"}},
		"custom":  {example.GatewayFrom(t, []byte(data), "prod"), map[string]string{"prometheus": "platform"}},
	} {
		for _, o := range build(t, tt.g) {
			u := unstructured.Unstructured{Object: o}
			if u.GetKind() != "PodMonitor" && u.GetKind() != "PrometheusRule" {
				continue
			}
			for k, v := range tt.want {
				if u.GetLabels()[k] != v {
					t.Errorf("%s: %s lacks label %s=%s: %v", name, u.GetKind(), k, v, u.GetLabels())
				}
			}
			if name == "custom" && u.GetLabels()["release"] != "" {
				t.Errorf("%s: the default label stays although labels are set: %v", name, u.GetLabels())
			}
		}
	}
}

// withMonitoring returns the example with a spec.monitoring block (one
// line of flow-style fields) in its base settings.
func withMonitoring(t *testing.T, fields string) []byte {
	t.Helper()
	data := strings.Replace(string(example.Data(t)), "  previews:\n", "  monitoring: {"+fields+"}\n  previews:\n", 1)
	if !strings.Contains(data, fields) {
		t.Fatal("example has no previews: section to insert before")
	}
	return []byte(data)
}

// renderedFrom runs the whole pipeline for data, a gateway file.
func renderedFrom(t *testing.T, data []byte, opts resolve.Options) []*unstructured.Unstructured {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "aigateway.yaml"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: dir, Resolve: opts})
	if err != nil {
		t.Fatal(err)
	}
	return example.Unstructured(res.Objects)
}
