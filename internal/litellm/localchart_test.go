package litellm_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// miniChart is a small chart with the upstream value names aigw uses, as a
// user would put in their application folder.
func miniChart(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"Chart.yaml":  {Data: []byte("apiVersion: v2\nname: mini\nversion: 1.2.3\n")},
		"values.yaml": {Data: []byte("replicaCount: 1\nenvVars: {}\npodLabels: {}\nmigrationJob:\n  enabled: false\n")},
		".helmignore": {Data: []byte("broken.yaml\n")},
		// Ignored by .helmignore, would not render.
		"templates/broken.yaml": {Data: []byte("{{ .Values.nope.nope }}")},
		"templates/deployment.yaml": {Data: []byte(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.fullnameOverride }}
  labels:
    app.kubernetes.io/name: litellm
    app.kubernetes.io/instance: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/name: litellm
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: litellm
        app.kubernetes.io/instance: {{ .Release.Name }}
        {{- toYaml .Values.podLabels | nindent 8 }}
    spec:
      containers:
        - name: mini
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            - name: DISABLE_SCHEMA_UPDATE
              value: "false"
            {{- range $k, $v := .Values.envVars }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
`)},
		"templates/service.yaml": {Data: []byte(`apiVersion: v1
kind: Service
metadata:
  name: {{ .Values.fullnameOverride }}
spec:
  ports: [{name: http, port: 4000, targetPort: http}]
  selector:
    app.kubernetes.io/name: litellm
    app.kubernetes.io/instance: {{ .Release.Name }}
`)},
		"templates/job.yaml": {Data: []byte(`{{- if .Values.migrationJob.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Values.fullnameOverride }}-migrations
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/name: litellm
        app.kubernetes.io/instance: {{ .Release.Name }}
        {{- toYaml .Values.podLabels | nindent 8 }}
    spec:
      restartPolicy: OnFailure
      containers:
        - name: m
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- end }}
`)},
		"templates/tests/test.yaml": {Data: []byte(`apiVersion: v1
kind: Pod
metadata:
  name: {{ .Values.fullnameOverride }}-test
  annotations:
    helm.sh/hook: test
spec:
  containers: [{name: t, image: busybox}]
`)},
	}
	for k, v := range extra {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

// appWithChart is an application folder with the chart under charts/mini
// and the spec pointing at it.
func appWithChart(t *testing.T, chart fstest.MapFS) (*resolve.Gateway, fstest.MapFS) {
	t.Helper()
	src := strings.Replace(string(example.Data(t)), "    version: v1.77.7-stable\n", "    version: v1.77.7-stable\n    chart:\n      path: ./charts/mini\n", 1)
	app := fstest.MapFS{"aigateway.yaml": {Data: []byte(src)}}
	for name, f := range chart {
		app["charts/mini/"+name] = f
	}
	return example.GatewayFrom(t, []byte(src), "dev"), app
}

// TestLocalChart renders a chart from the application folder instead of the
// embedded one, and checks aigw's normalisation applies to it.
func TestLocalChart(t *testing.T) {
	g, app := appWithChart(t, miniChart(nil))
	objs := buildWith(t, newBuilder(t), &component.Input{Gateway: g, AppFS: app})
	var got []string
	for _, o := range objs {
		got = append(got, o.GetKind()+"/"+o.GetName())
	}
	want := []string{"Deployment/ai-gateway-admin", "Deployment/ai-gateway-api", "Job/ai-gateway-api-migrations", "Service/ai-gateway-admin", "Service/ai-gateway-api"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("objects %v, want %v (test hooks and ignored files dropped)", got, want)
	}
	d := find(objs, "Deployment", "ai-gateway-api")
	if d.GetNamespace() != g.Namespace || d.GetLabels()["aigw.dev/gateway"] != "ai-gateway" {
		t.Errorf("namespace %q labels %v", d.GetNamespace(), d.GetLabels())
	}
	c := mainContainer(t, d)
	if c["image"] != "ghcr.io/berriai/litellm-database:v1.77.7-stable" {
		t.Errorf("image %v", c["image"])
	}
	var schema []string
	for _, e := range c["env"].([]any) {
		if m := e.(map[string]any); m["name"] == "DISABLE_SCHEMA_UPDATE" {
			schema = append(schema, m["value"].(string))
		}
	}
	if len(schema) != 1 || schema[0] != "true" {
		t.Errorf("DISABLE_SCHEMA_UPDATE entries %v, want the last one only (true)", schema)
	}
	job := find(objs, "Job", "ai-gateway-api-migrations")
	if a := job.GetAnnotations(); a["argocd.argoproj.io/hook"] != litellm.MigrationHook || a["helm.sh/hook"] != "pre-install,pre-upgrade" {
		t.Errorf("Job annotations %v", a)
	}
	sel, _, _ := unstructured.NestedStringMap(find(objs, "Service", "ai-gateway-api").Object, "spec", "selector")
	if sel[component.ComponentLabel] != "api" {
		t.Errorf("Service selector %v does not exclude the migration pod", sel)
	}
}

// TestLocalChartDependency: a chart with a subchart renders it in both
// releases (installing prunes dependencies in place, so each release gets
// its own copy of the chart), and its condition follows the values.
func TestLocalChartDependency(t *testing.T) {
	chart := miniChart(map[string]string{
		"Chart.yaml":                   "apiVersion: v2\nname: mini\nversion: 1.2.3\ndependencies:\n  - name: sub\n    version: 0.1.0\n    condition: sub.enabled\n  - name: off\n    version: 0.1.0\n    condition: redis.enabled\n",
		"charts/sub/Chart.yaml":        "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
		"charts/sub/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-sub\n",
		"charts/off/Chart.yaml":        "apiVersion: v2\nname: off\nversion: 0.1.0\n",
		"charts/off/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-off\n",
	})
	g, app := appWithChart(t, chart)
	objs := buildWith(t, newBuilder(t), &component.Input{Gateway: g, AppFS: app})
	for _, name := range []string{"ai-gateway-api-sub", "ai-gateway-admin-sub"} {
		if find(objs, "ConfigMap", name) == nil {
			t.Errorf("no ConfigMap %s from the subchart", name)
		}
	}
	for _, o := range objs {
		if strings.HasSuffix(o.GetName(), "-off") {
			t.Errorf("%s rendered although redis.enabled is false", o.GetName())
		}
	}
}

func TestLocalChartErrors(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]string
		drop  string
		want  string
	}{
		{"secret with data", map[string]string{"templates/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\nstringData:\n  k: v\n"}, "", "Secret with data"},
		{"admin migrates", map[string]string{"templates/job2.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-x\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: x, image: x}]\n"}, "", "must not run a Job"},
		{"foreign namespace", map[string]string{"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-x\n  namespace: kube-system\n"}, "", `namespace "kube-system"`},
		{"template error", map[string]string{"templates/bad.yaml": "{{ .Values.nope.nope }}"}, "", "nil pointer"},
		{"not a chart", nil, "Chart.yaml", "no Chart.yaml"},
		{"kube version", map[string]string{"Chart.yaml": "apiVersion: v2\nname: mini\nversion: 1.2.3\nkubeVersion: '<1.20.0'\n"}, "", "requires Kubernetes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chart := miniChart(tt.extra)
			delete(chart, tt.drop)
			g, app := appWithChart(t, chart)
			_, err := newBuilder(t).Build(context.Background(), &component.Input{Gateway: g, AppFS: app})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "spec.litellm.chart.path") {
				t.Errorf("error %q does not name the chart", err)
			}
		})
	}
	// A folder that is not there.
	g, _ := appWithChart(t, miniChart(nil))
	if _, err := newBuilder(t).Build(context.Background(), &component.Input{Gateway: g, AppFS: fstest.MapFS{}}); err == nil {
		t.Error("missing chart folder accepted")
	}
}

// TestEmbeddedChartOption: WithEmbeddedChart replaces the default chart.
func TestEmbeddedChartOption(t *testing.T) {
	b := newBuilder(t, withEmbeddedChart(miniChart(nil)))
	objs := buildWith(t, b, &component.Input{Gateway: example.Gateway(t, "dev"), AppFS: fstest.MapFS{}})
	if len(objs) != 5 || find(objs, "HorizontalPodAutoscaler", "ai-gateway-api") != nil {
		t.Errorf("objects %v, want the mini chart's", names(objs))
	}
}
