package litellm

import (
	"fmt"
	"maps"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// The migration Job's Argo CD hook.
//
// It is a Sync hook in wave MigrationWave rather than a PreSync hook: Argo CD
// runs PreSync hooks before anything of the Sync phase, so on the first sync
// the Job would wait forever for the database Secret (an ExternalSecret,
// wave -5), the endpoint ConfigMap and the database itself (Crossplane, wave
// -3), none of which exist yet, and the sync would never reach them. As a
// Sync hook in wave -1 it still runs before every pod of the new version
// (workloads are wave 0), on every sync, recreated each time
// (BeforeHookCreation), and only once the secrets and data stores are in
// place. The helm.sh/hook annotations (pre-install, pre-upgrade,
// before-hook-creation) stay for plain Helm use; Argo CD ignores them when
// an Argo CD hook annotation is present.
const (
	MigrationHook             = "Sync"
	MigrationHookDeletePolicy = "BeforeHookCreation"
	MigrationWave             = component.WaveInfra + 2

	argoHookAnnotation       = "argocd.argoproj.io/hook"
	argoHookDeleteAnnotation = "argocd.argoproj.io/hook-delete-policy"
	// MigrationComponent labels the migration Job's pod.
	MigrationComponent = "migrations"
)

// clusterScoped reports the kinds a chart might render that take no
// namespace.
func clusterScoped(kind string) bool {
	switch kind {
	case "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
		"StorageClass", "IngressClass", "PersistentVolume", "ValidatingWebhookConfiguration",
		"MutatingWebhookConfiguration", "APIService":
		return true
	}
	return false
}

// podTemplatePath locates the pod template of the workload kinds.
func podTemplatePath(kind string) []string {
	switch kind {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
		return []string{"spec", "template"}
	case "CronJob":
		return []string{"spec", "jobTemplate", "spec", "template"}
	}
	return nil
}

// normalize applies aigw's rules to the objects of one release (see the
// package documentation).
func normalize(g *resolve.Gateway, role string, objs []*unstructured.Unstructured) ([]component.Object, error) {
	out := make([]component.Object, 0, len(objs))
	for _, o := range objs {
		kind := o.GetKind()
		id := fmt.Sprintf("%s %s", kind, o.GetName())
		if kind == "Secret" && o.GetAPIVersion() == "v1" && (len(mapAt(o.Object, "data")) > 0 || len(mapAt(o.Object, "stringData")) > 0) {
			return nil, fmt.Errorf("%s: the chart renders a Secret with data; secrets must come from External Secrets (set the chart's values so it renders none)", id)
		}
		if !clusterScoped(kind) {
			switch ns := o.GetNamespace(); ns {
			case "":
				o.SetNamespace(g.Namespace)
			case g.Namespace:
			default:
				return nil, fmt.Errorf("%s: rendered into namespace %q, not %q", id, ns, g.Namespace)
			}
		}
		o.SetLabels(overlay(o.GetLabels(), g.Labels()))
		if p := podTemplatePath(kind); p != nil {
			if err := normalizePodTemplate(g, o, p); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
		}
		switch kind {
		case "Job":
			if role != RoleAPI {
				return nil, fmt.Errorf("%s: the %s release must not run a Job (only the API release migrates)", id, role)
			}
			if err := markMigration(o); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			if err := setMigrationCommand(o); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
		case "Service":
			if err := selectComponent(o, role, "spec", "selector"); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
		case "PodDisruptionBudget":
			if err := selectComponent(o, role, "spec", "selector", "matchLabels"); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
		}
		if _, ok := o.GetAnnotations()[component.WaveAnnotation]; !ok {
			switch kind {
			case "ServiceAccount":
				component.SetWave(o, component.WaveSecrets)
			case "Job":
				component.SetWave(o, MigrationWave)
			default:
				component.SetWave(o, component.WaveWorkloads)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// normalizePodTemplate labels the pods like every object and drops shadowed
// duplicate environment variables.
func normalizePodTemplate(g *resolve.Gateway, o *unstructured.Unstructured, path []string) error {
	tmpl := mapAt(o.Object, path...)
	if tmpl == nil {
		return fmt.Errorf("no pod template at %v", path)
	}
	meta := mapAt(tmpl, "metadata")
	if meta == nil {
		meta = map[string]any{}
		tmpl["metadata"] = meta
	}
	labels, _, err := unstructured.NestedStringMap(meta, "labels")
	if err != nil {
		return fmt.Errorf("pod labels: %w", err)
	}
	if err := unstructured.SetNestedStringMap(meta, overlay(labels, g.Labels()), "labels"); err != nil {
		return err
	}
	spec := mapAt(tmpl, "spec")
	for _, field := range []string{"initContainers", "containers"} {
		containers, _ := spec[field].([]any)
		for _, c := range containers {
			if cm, ok := c.(map[string]any); ok {
				dedupeEnv(cm)
			}
		}
	}
	return nil
}

// dedupeEnv keeps the last of several env entries with one name, which is
// the one the kubelet uses; duplicates make apply and diff unreliable.
func dedupeEnv(container map[string]any) {
	env, _ := container["env"].([]any)
	if len(env) == 0 {
		return
	}
	last := map[string]int{}
	for i, e := range env {
		if m, ok := e.(map[string]any); ok {
			if n, ok := m["name"].(string); ok {
				last[n] = i
			}
		}
	}
	kept := make([]any, 0, len(env))
	for i, e := range env {
		m, ok := e.(map[string]any)
		if !ok {
			kept = append(kept, e)
			continue
		}
		if n, ok := m["name"].(string); ok && last[n] != i {
			continue
		}
		kept = append(kept, e)
	}
	container["env"] = kept
}

// markMigration makes the Job an Argo CD hook (see MigrationHook) and keeps
// its pod out of the release's Service and PodDisruptionBudget.
func markMigration(o *unstructured.Unstructured) error {
	a := o.GetAnnotations()
	if a == nil {
		a = map[string]string{}
	}
	a[argoHookAnnotation] = MigrationHook
	a[argoHookDeleteAnnotation] = MigrationHookDeletePolicy
	a[component.WaveAnnotation] = fmt.Sprint(MigrationWave)
	o.SetAnnotations(a)
	l := o.GetLabels()
	l[component.ComponentLabel] = MigrationComponent
	o.SetLabels(l)
	meta := mapAt(o.Object, "spec", "template", "metadata")
	if meta == nil {
		return fmt.Errorf("no pod template")
	}
	labels, _, err := unstructured.NestedStringMap(meta, "labels")
	if err != nil {
		return err
	}
	if labels == nil {
		labels = map[string]string{}
	}
	labels[component.ComponentLabel] = MigrationComponent
	return unstructured.SetNestedStringMap(meta, labels, "labels")
}

// selectComponent adds the role's component label to a selector that picks
// LiteLLM pods, so that it never picks the migration Job's pod.
func selectComponent(o *unstructured.Unstructured, role string, path ...string) error {
	sel, found, err := unstructured.NestedStringMap(o.Object, path...)
	if err != nil || !found || sel[component.NameLabel] == "" {
		return err
	}
	sel[component.ComponentLabel] = role
	return unstructured.SetNestedStringMap(o.Object, sel, path...)
}

// overlay returns base with over's entries on top.
func overlay(base, over map[string]string) map[string]string {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, over)
	return out
}

func mapAt(m map[string]any, path ...string) map[string]any {
	for _, p := range path {
		next, ok := m[p].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}
