package litellm_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// podSpecs returns the pod specs of the workloads, by "Kind/name".
func podSpecs(t *testing.T, objs []*unstructured.Unstructured) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, o := range objs {
		if o.GetKind() != "Deployment" && o.GetKind() != "Job" {
			continue
		}
		spec, found, err := unstructured.NestedMap(o.Object, "spec", "template", "spec")
		if err != nil || !found {
			t.Fatalf("%s %s: no pod spec", o.GetKind(), o.GetName())
		}
		out[o.GetKind()+"/"+o.GetName()] = spec
	}
	return out
}

func containers(spec map[string]any) []map[string]any {
	var out []map[string]any
	for _, f := range []string{"initContainers", "containers"} {
		list, _ := spec[f].([]any)
		for _, c := range list {
			out = append(out, c.(map[string]any))
		}
	}
	return out
}

// env returns a container's environment: name → the entry.
func env(c map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := c["env"].([]any)
	for _, e := range list {
		m := e.(map[string]any)
		out[m["name"].(string)] = m
	}
	return out
}

func mainContainer(t *testing.T, o *unstructured.Unstructured) map[string]any {
	t.Helper()
	list, _, _ := unstructured.NestedSlice(o.Object, "spec", "template", "spec", "containers")
	if len(list) != 1 {
		t.Fatalf("%s %s: %d containers", o.GetKind(), o.GetName(), len(list))
	}
	return list[0].(map[string]any)
}

func kinds(objs []*unstructured.Unstructured, kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range objs {
		if o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}

type envCase struct {
	name string
	g    *resolve.Gateway
	objs []*unstructured.Unstructured
}

func examples(t *testing.T) []envCase {
	var out []envCase
	for _, env := range example.Environments() {
		g := example.Gateway(t, env)
		out = append(out, envCase{env, g, build(t, g)})
	}
	// A pull-request preview renders the same releases (one replica each).
	g := example.Preview(t, "42")
	return append(out, envCase{"dev-pr-42", g, build(t, g)})
}

// TestReleases: names, roles and what each release has and lacks.
func TestReleases(t *testing.T) {
	for _, tc := range examples(t) {
		t.Run(tc.name, func(t *testing.T) {
			g, objs := tc.g, tc.objs
			api, admin := g.Name("api"), g.Name("admin")
			for _, name := range []string{api, admin} {
				for _, kind := range []string{"Deployment", "Service", "ServiceAccount", "ConfigMap"} {
					n := name
					if kind == "ConfigMap" {
						n = name + "-config"
					}
					if find(objs, kind, n) == nil {
						t.Errorf("no %s %s", kind, n)
					}
				}
			}
			// Only the API release scales and migrates.
			hpas := kinds(objs, "HorizontalPodAutoscaler")
			if len(hpas) != 1 || hpas[0].GetName() != api {
				t.Fatalf("HPAs: %v, want only %s", names(hpas), api)
			}
			spec := hpas[0].Object["spec"].(map[string]any)
			if spec["minReplicas"] != int64(g.API.Replicas.Min) || spec["maxReplicas"] != int64(g.API.Replicas.Max) {
				t.Errorf("HPA range %v-%v, want %d-%d", spec["minReplicas"], spec["maxReplicas"], g.API.Replicas.Min, g.API.Replicas.Max)
			}
			util, _, _ := unstructured.NestedSlice(spec, "metrics")
			if u, _, _ := unstructured.NestedInt64(util[0].(map[string]any), "resource", "target", "averageUtilization"); len(util) != 1 || u != litellm.TargetCPUUtilization {
				t.Errorf("HPA metrics %v", util)
			}
			jobs := kinds(objs, "Job")
			if len(jobs) != 1 || jobs[0].GetLabels()[component.InstanceLabel] != api {
				t.Fatalf("Jobs: %v, want only the API release's migration", names(jobs))
			}
			if _, ok := find(objs, "Deployment", admin).Object["spec"].(map[string]any)["replicas"]; !ok {
				t.Error("admin Deployment has no fixed replica count")
			}
			if r, _, _ := unstructured.NestedInt64(find(objs, "Deployment", admin).Object, "spec", "replicas"); r != int64(g.Admin.Replicas) {
				t.Errorf("admin replicas %d, want %d", r, g.Admin.Replicas)
			}
			if find(objs, "PodDisruptionBudget", api) == nil {
				t.Error("no PodDisruptionBudget for the API release")
			}
		})
	}
}

func names(objs []*unstructured.Unstructured) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.GetName())
	}
	return out
}

// TestMigrations: the API's Job is the only migrator and runs before the pods.
func TestMigrations(t *testing.T) {
	for _, tc := range examples(t) {
		t.Run(tc.name, func(t *testing.T) {
			g, objs := tc.g, tc.objs
			job := kinds(objs, "Job")[0]
			a := job.GetAnnotations()
			want := map[string]string{
				"argocd.argoproj.io/hook":               litellm.MigrationHook,
				"argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
				"helm.sh/hook":                          "pre-install,pre-upgrade",
				"helm.sh/hook-delete-policy":            "before-hook-creation",
			}
			for k, v := range want {
				if a[k] != v {
					t.Errorf("Job annotation %s = %q, want %q", k, a[k], v)
				}
			}
			var jobWave, deployWave int
			fmt.Sscan(a[component.WaveAnnotation], &jobWave)
			fmt.Sscan(find(objs, "Deployment", g.Name("api")).GetAnnotations()[component.WaveAnnotation], &deployWave)
			if jobWave >= deployWave || jobWave <= component.WaveInfra {
				t.Errorf("migration wave %d must be after the data stores (%d) and before the pods (%d)", jobWave, component.WaveInfra, deployWave)
			}
			if v := env(mainContainer(t, job))["DISABLE_SCHEMA_UPDATE"]["value"]; v != "false" {
				t.Errorf("Job DISABLE_SCHEMA_UPDATE = %v", v)
			}
			for _, role := range []string{"api", "admin"} {
				d := find(objs, "Deployment", g.Name(role))
				if v := env(mainContainer(t, d))["DISABLE_SCHEMA_UPDATE"]["value"]; v != "true" {
					t.Errorf("%s pods: DISABLE_SCHEMA_UPDATE = %v, want true", role, v)
				}
			}
			// The Job's pod is not behind the Service nor in the PDB.
			podLabels, _, _ := unstructured.NestedStringMap(job.Object, "spec", "template", "metadata", "labels")
			for _, kind := range []string{"Service", "PodDisruptionBudget"} {
				for _, o := range kinds(objs, kind) {
					path := []string{"spec", "selector"}
					if kind == "PodDisruptionBudget" {
						path = append(path, "matchLabels")
					}
					sel, _, _ := unstructured.NestedStringMap(o.Object, path...)
					if labels.SelectorFromSet(sel).Matches(labels.Set(podLabels)) {
						t.Errorf("%s %s selects the migration pod", kind, o.GetName())
					}
				}
			}
		})
	}
}

// TestSharedKeys: one master key and one salt key for both releases, never
// generated by the chart.
func TestSharedKeys(t *testing.T) {
	for _, tc := range examples(t) {
		g, objs := tc.g, tc.objs
		refs := map[string]map[string]string{}
		for _, role := range []string{"api", "admin"} {
			e := env(mainContainer(t, find(objs, "Deployment", g.Name(role))))
			for _, name := range []string{"PROXY_MASTER_KEY", "LITELLM_SALT_KEY"} {
				ref, _, _ := unstructured.NestedStringMap(e[name], "valueFrom", "secretKeyRef")
				if ref == nil {
					t.Fatalf("%s %s: %s not from a Secret", tc.name, role, name)
				}
				key := name + " " + ref["name"] + "/" + ref["key"]
				if refs[name] == nil {
					refs[name] = ref
				} else if refs[name]["name"] != ref["name"] || refs[name]["key"] != ref["key"] {
					t.Errorf("%s: %s differs between releases: %s", tc.name, name, key)
				}
			}
		}
		if refs["PROXY_MASTER_KEY"]["name"] != g.Name("litellm-keys") || refs["LITELLM_SALT_KEY"]["key"] != "saltKey" {
			t.Errorf("%s: keys %v", tc.name, refs)
		}
	}
}

var secretish = regexp.MustCompile(`(?i)(KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL)`)

// TestNoSecrets: no Secret object, no secret-looking literal, config.yaml
// references every credential through the environment and caches nothing.
func TestNoSecrets(t *testing.T) {
	for _, tc := range examples(t) {
		for _, o := range tc.objs {
			if o.GetKind() == "Secret" {
				t.Errorf("%s: Secret %s", tc.name, o.GetName())
			}
		}
		for id, spec := range podSpecs(t, tc.objs) {
			for _, c := range containers(spec) {
				for name, e := range env(c) {
					if v, ok := e["value"].(string); ok && v != "" && secretish.MatchString(name) {
						t.Errorf("%s: %s: %s has a literal value %q", tc.name, id, name, v)
					}
				}
			}
		}
		for _, cm := range kinds(tc.objs, "ConfigMap") {
			var cfg map[string]any
			data, _, _ := unstructured.NestedString(cm.Object, "data", "config.yaml")
			if err := yaml.Unmarshal([]byte(data), &cfg); err != nil {
				t.Fatal(err)
			}
			if _, ok := cfg["cache"]; ok {
				t.Errorf("%s: config.yaml has a cache section", tc.name)
			}
			if ls, _ := cfg["litellm_settings"].(map[string]any); ls["cache"] != nil {
				t.Errorf("%s: litellm_settings.cache is set", tc.name)
			}
			walk(cfg, "", func(path string, v any) {
				s, ok := v.(string)
				if !ok {
					return
				}
				if leaf := path[strings.LastIndex(path, ".")+1:]; secretish.MatchString(leaf) && !strings.HasPrefix(s, "os.environ/") {
					t.Errorf("%s: config.yaml %s = %q is not an os.environ/ reference", tc.name, path, s)
				}
			})
			gs := cfg["general_settings"].(map[string]any)
			if gs["store_model_in_db"] != false || gs["master_key"] != "os.environ/PROXY_MASTER_KEY" || gs["proxy_batch_write_at"] == nil {
				t.Errorf("%s: general_settings %v", tc.name, gs)
			}
			rs := cfg["router_settings"].(map[string]any)
			for _, k := range []string{"redis_host", "redis_port", "redis_password"} {
				if s, _ := rs[k].(string); !strings.HasPrefix(s, "os.environ/REDIS_") {
					t.Errorf("%s: router_settings.%s = %v", tc.name, k, rs[k])
				}
			}
		}
	}
}

func walk(v any, path string, f func(string, any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			walk(c, path+"."+k, f)
		}
	case []any:
		for i, c := range x {
			walk(c, fmt.Sprintf("%s[%d]", path, i), f)
		}
	default:
		f(path, v)
	}
}

// TestPodSecurity checks the restricted profile's fields on every pod spec
// (TestPodSecurityAdmission has the real admission plugin judge them).
func TestPodSecurity(t *testing.T) {
	for _, tc := range examples(t) {
		for id, spec := range podSpecs(t, tc.objs) {
			psc, _ := spec["securityContext"].(map[string]any)
			if psc["runAsNonRoot"] != true {
				t.Errorf("%s %s: pod runAsNonRoot", tc.name, id)
			}
			if st, _, _ := unstructured.NestedString(psc, "seccompProfile", "type"); st != "RuntimeDefault" {
				t.Errorf("%s %s: pod seccomp %q", tc.name, id, st)
			}
			for _, k := range []string{"hostNetwork", "hostPID", "hostIPC"} {
				if spec[k] == true {
					t.Errorf("%s %s: %s", tc.name, id, k)
				}
			}
			vols, _ := spec["volumes"].([]any)
			for _, v := range vols {
				for k := range v.(map[string]any) {
					if k != "name" && k != "emptyDir" && k != "configMap" && k != "secret" && k != "projected" {
						t.Errorf("%s %s: volume type %s", tc.name, id, k)
					}
				}
			}
			for _, c := range containers(spec) {
				sc, _ := c["securityContext"].(map[string]any)
				if sc["allowPrivilegeEscalation"] != false || sc["readOnlyRootFilesystem"] != true || sc["privileged"] == true {
					t.Errorf("%s %s: container securityContext %v", tc.name, id, sc)
				}
				drop, _, _ := unstructured.NestedStringSlice(sc, "capabilities", "drop")
				add, _, _ := unstructured.NestedStringSlice(sc, "capabilities", "add")
				if len(drop) != 1 || drop[0] != "ALL" || len(add) > 0 {
					t.Errorf("%s %s: capabilities drop %v add %v", tc.name, id, drop, add)
				}
				if u, _ := sc["runAsUser"].(int64); u == 0 {
					t.Errorf("%s %s: runs as root", tc.name, id)
				}
				req, _, _ := unstructured.NestedStringMap(c, "resources", "requests")
				lim, _, _ := unstructured.NestedStringMap(c, "resources", "limits")
				if len(req) != 2 || req["cpu"] != lim["cpu"] || req["memory"] != lim["memory"] {
					t.Errorf("%s %s: requests %v != limits %v", tc.name, id, req, lim)
				}
			}
		}
	}
}

// TestPlacement: every pod runs on the dedicated arm64 pool.
func TestPlacement(t *testing.T) {
	for _, tc := range examples(t) {
		pool := tc.g.ClusterName("litellm")
		for id, spec := range podSpecs(t, tc.objs) {
			sel, _, _ := unstructured.NestedStringMap(spec, "nodeSelector")
			if sel["kubernetes.io/arch"] != "arm64" || sel[resolve.NodePoolLabel] != pool {
				t.Errorf("%s %s: nodeSelector %v", tc.name, id, sel)
			}
			tols, _, _ := unstructured.NestedSlice(spec, "tolerations")
			ok := false
			for _, x := range tols {
				m := x.(map[string]any)
				ok = ok || (m["key"] == resolve.NodeTaintKey && m["value"] == pool && m["effect"] == "NoSchedule" && m["operator"] == "Equal")
			}
			if !ok {
				t.Errorf("%s %s: does not tolerate the pool taint: %v", tc.name, id, tols)
			}
		}
	}
}

// TestServing: the API and Admin specifics and the serving behaviour.
func TestServing(t *testing.T) {
	for _, tc := range examples(t) {
		g, objs := tc.g, tc.objs
		for _, role := range []string{"api", "admin"} {
			d := find(objs, "Deployment", g.Name(role))
			c := mainContainer(t, d)
			e := env(c)
			if s, _, _ := unstructured.NestedString(d.Object, "spec", "strategy", "rollingUpdate", "maxUnavailable"); s != "" {
				t.Errorf("%s %s: maxUnavailable %q", tc.name, role, s)
			}
			if mu, _, _ := unstructured.NestedInt64(d.Object, "spec", "strategy", "rollingUpdate", "maxUnavailable"); mu != 0 {
				t.Errorf("%s %s: maxUnavailable %d", tc.name, role, mu)
			}
			grace, _, _ := unstructured.NestedInt64(d.Object, "spec", "template", "spec", "terminationGracePeriodSeconds")
			if grace <= int64(g.LiteLLM.RequestTimeoutSeconds) {
				t.Errorf("%s %s: grace %d <= request timeout %d", tc.name, role, grace, g.LiteLLM.RequestTimeoutSeconds)
			}
			for probe, path := range map[string]string{"livenessProbe": "/health/liveliness", "readinessProbe": "/health/readiness"} {
				if p, _, _ := unstructured.NestedString(c, probe, "httpGet", "path"); p != path {
					t.Errorf("%s %s: %s path %q", tc.name, role, probe, p)
				}
			}
			tsc, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "topologySpreadConstraints")
			zone := false
			for _, x := range tsc {
				zone = zone || x.(map[string]any)["topologyKey"] == "topology.kubernetes.io/zone"
			}
			if !zone {
				t.Errorf("%s %s: no zone spread", tc.name, role)
			}
			svc := find(objs, "Service", g.Name(role))
			ports, _, _ := unstructured.NestedSlice(svc.Object, "spec", "ports")
			if p := ports[0].(map[string]any); len(ports) != 1 || p["port"] != int64(g.Contract().LiteLLM.Port) || p["name"] != "http" {
				t.Errorf("%s %s: Service ports %v", tc.name, role, ports)
			}
			podLabels, _, _ := unstructured.NestedStringMap(d.Object, "spec", "template", "metadata", "labels")
			want := map[string]string{component.NameLabel: "litellm", component.InstanceLabel: g.Name(role), component.ComponentLabel: role}
			for k, v := range want {
				if podLabels[k] != v {
					t.Errorf("%s %s: pod label %s=%q, want %q", tc.name, role, k, podLabels[k], v)
				}
			}
			sa := find(objs, "ServiceAccount", g.Name(role))
			if sa.GetAnnotations()["eks.amazonaws.com/role-arn"] != g.LiteLLM.RoleArn {
				t.Errorf("%s %s: ServiceAccount role annotation %v", tc.name, role, sa.GetAnnotations())
			}
			if name, _, _ := unstructured.NestedString(d.Object, "spec", "template", "spec", "serviceAccountName"); name != g.Name(role) {
				t.Errorf("%s %s: serviceAccountName %q", tc.name, role, name)
			}
			if d.GetAnnotations()["secret.reloader.stakater.com/reload"] == "" {
				t.Errorf("%s %s: no reloader annotation", tc.name, role)
			}
			switch role {
			case "api":
				for _, k := range []string{"DISABLE_ADMIN_UI", "NO_DOCS"} {
					if e[k]["value"] != "true" {
						t.Errorf("%s api: %s = %v", tc.name, k, e[k]["value"])
					}
				}
				if _, ok := e["MICROSOFT_CLIENT_SECRET"]; ok {
					t.Errorf("%s api: has the SSO secret", tc.name)
				}
			case "admin":
				if _, ok := e["DISABLE_ADMIN_UI"]; ok {
					t.Errorf("%s admin: admin UI disabled", tc.name)
				}
				if e["MICROSOFT_CLIENT_ID"]["value"] != g.SSO.ClientID || e["MICROSOFT_TENANT"]["value"] != g.SSO.TenantID ||
					e["PROXY_BASE_URL"]["value"] != "https://"+g.AdminHost || e["MICROSOFT_CLIENT_SECRET"]["valueFrom"] == nil {
					t.Errorf("%s admin: SSO environment %v %v %v", tc.name, e["MICROSOFT_CLIENT_ID"], e["MICROSOFT_TENANT"], e["PROXY_BASE_URL"])
				}
			}
		}
	}
}

// TestConnectionBudget: both releases at full size, mid-rollout, stay under
// the instance's connection limit.
func TestConnectionBudget(t *testing.T) {
	for _, tc := range examples(t) {
		var cfg struct {
			General struct {
				Pool int `json:"database_connection_pool_limit"`
			} `json:"general_settings"`
		}
		data, _, _ := unstructured.NestedString(find(tc.objs, "ConfigMap", tc.g.Name("api")+"-config").Object, "data", "config.yaml")
		if err := yaml.Unmarshal([]byte(data), &cfg); err != nil {
			t.Fatal(err)
		}
		maxConn, err := litellm.MaxConnections(tc.g.Database.InstanceClass)
		if err != nil {
			t.Fatal(err)
		}
		pods := int(tc.g.API.Replicas.Max) + int(tc.g.Admin.Replicas) + 2
		if cfg.General.Pool < litellm.MinPoolLimit || cfg.General.Pool*pods > maxConn*litellm.ConnectionBudget/100 {
			t.Errorf("%s: pool %d × %d pods exceeds %d%% of %d", tc.name, cfg.General.Pool, pods, litellm.ConnectionBudget, maxConn)
		}
	}
}

// TestPreview: a preview's releases run one pod each, talk to the
// preview's in-namespace Valkey without TLS, and send the admin UI's SSO
// back to the preview's admin host.
func TestPreview(t *testing.T) {
	g := example.Preview(t, "42")
	objs := build(t, g)
	hpa := find(objs, "HorizontalPodAutoscaler", g.Name("api"))
	if hpa == nil {
		t.Fatal("no API autoscaler")
	}
	lo, _, _ := unstructured.NestedInt64(hpa.Object, "spec", "minReplicas")
	hi, _, _ := unstructured.NestedInt64(hpa.Object, "spec", "maxReplicas")
	if lo != 1 || hi != 1 {
		t.Errorf("API replicas %d-%d, want 1-1", lo, hi)
	}
	for _, role := range []string{"api", "admin"} {
		d := find(objs, "Deployment", g.Name(role))
		// The API Deployment leaves replicas to its autoscaler.
		if n, found, _ := unstructured.NestedInt64(d.Object, "spec", "replicas"); role == "admin" && (!found || n != 1) {
			t.Errorf("%s replicas %d, want 1", role, n)
		}
		e := env(mainContainer(t, d))
		if e["REDIS_SSL"]["value"] != "false" {
			t.Errorf("%s REDIS_SSL %v, want false (the preview's Valkey has no TLS)", role, e["REDIS_SSL"]["value"])
		}
	}
	e := env(mainContainer(t, find(objs, "Deployment", g.Name("admin"))))
	if e["PROXY_BASE_URL"]["value"] != "https://admin-pr-42.dev.ai.example.com" {
		t.Errorf("PROXY_BASE_URL %v", e["PROXY_BASE_URL"]["value"])
	}
	for _, o := range objs {
		if o.GetNamespace() != "ai-gateway-pr-42" {
			t.Errorf("%s %s in namespace %q", o.GetKind(), o.GetName(), o.GetNamespace())
		}
	}
}
