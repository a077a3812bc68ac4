package preview_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/preview"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	"github.com/aigw-dev/aigw/internal/testutil/scheduling"
)

// forbiddenKinds are what a preview must never create: cloud resources
// (Crossplane composites, AWS managed resources), a load balancer of its own,
// node pools, writes to Secrets Manager, stores with their own credentials,
// and volumes that could outlive it.
var forbiddenKinds = []string{
	"Gateway", "GatewayClass", "LoadBalancerConfiguration",
	"NodePool", "EC2NodeClass",
	"PushSecret", "SecretStore", "ClusterSecretStore",
	"PersistentVolumeClaim", "PersistentVolume", "StatefulSet",
}

func forbidden(o *unstructured.Unstructured) string {
	group := o.GroupVersionKind().Group
	switch {
	case group == "platform.aigw.dev":
		return "a Crossplane composite (cloud resources)"
	case strings.HasSuffix(group, ".upbound.io"):
		return "an AWS managed resource"
	case slices.Contains(forbiddenKinds, o.GetKind()):
		return "forbidden in a preview"
	}
	return ""
}

// environmentPrefixes are the Secrets Manager prefixes of the example's
// environments.
func environmentPrefixes(t *testing.T) []string {
	doc := example.Document(t)
	var out []string
	for _, name := range doc.Environments() {
		env, err := doc.Environment(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, env.Secrets.Prefix+"/")
	}
	return out
}

// TestInvariants checks the whole rendered preview, for a few pull request
// numbers: isolation (no cloud resource, no node pool, no Gateway, no
// Secrets Manager name outside the previews' prefix, no PushSecret),
// deletability, host names, Pod Security and placement, and that every
// Secret and ConfigMap the pods read is produced by the preview itself.
func TestInvariants(t *testing.T) {
	envPrefixes := environmentPrefixes(t)
	source := example.Gateway(t, "dev")
	sourceObjs := renderAll(t, resolve.Options{Environment: "dev"})
	var sourceKeys []string
	for _, es := range byKind(sourceObjs, "ExternalSecret") {
		sourceKeys = append(sourceKeys, remoteKeys(es)...)
	}
	for _, number := range []string{"42", "1", "123456789"} {
		t.Run(number, func(t *testing.T) {
			g := example.Preview(t, number)
			objs := renderAll(t, resolve.Options{Preview: number})
			if g.Namespace != "ai-gateway-pr-"+number || g.Preview.SourceNamespace != "ai-gateway-dev" {
				t.Fatalf("namespace %s, source %s", g.Namespace, g.Preview.SourceNamespace)
			}
			checkObjects(t, g, objs)
			checkSecrets(t, g, objs, envPrefixes, sourceKeys)
			checkNamespace(t, g, objs)
			checkRoutes(t, g, source, objs, sourceObjs)
			checkPods(t, g, objs)
			checkWiring(t, objs)
		})
	}
}

func checkObjects(t testing.TB, g *resolve.Gateway, objs []*unstructured.Unstructured) {
	t.Helper()
	for _, o := range objs {
		id := o.GetKind() + " " + o.GetName()
		if why := forbidden(o); why != "" {
			t.Errorf("%s: %s", id, why)
		}
		if o.GetLabels()[resolve.PreviewLabel] != g.Preview.Number {
			t.Errorf("%s: label %s=%q", id, resolve.PreviewLabel, o.GetLabels()[resolve.PreviewLabel])
		}
		if o.GetKind() == "Namespace" {
			if o.GetName() != g.Namespace {
				t.Errorf("Namespace %s, want %s", o.GetName(), g.Namespace)
			}
		} else if o.GetNamespace() != g.Namespace {
			// Cluster-scoped objects would outlive the namespace.
			t.Errorf("%s: namespace %q, want %s", id, o.GetNamespace(), g.Namespace)
		}
		// Nothing may survive the Application's deletion.
		if opts := o.GetAnnotations()["argocd.argoproj.io/sync-options"]; strings.Contains(opts, "Delete=false") || strings.Contains(opts, "Prune=false") {
			t.Errorf("%s: sync options %q keep it after the preview", id, opts)
		}
		if len(o.GetFinalizers()) > 0 || len(o.GetOwnerReferences()) > 0 {
			t.Errorf("%s: finalizers %v, owners %v", id, o.GetFinalizers(), o.GetOwnerReferences())
		}
		if strings.Contains(o.GetAnnotations()["helm.sh/resource-policy"], "keep") {
			t.Errorf("%s: kept by Helm", id)
		}
	}
}

// remoteKeys are the Secrets Manager names an ExternalSecret reads.
func remoteKeys(es *unstructured.Unstructured) []string {
	var out []string
	data, _, _ := unstructured.NestedSlice(es.Object, "spec", "data")
	for _, d := range data {
		key, _, _ := unstructured.NestedString(d.(map[string]any), "remoteRef", "key")
		out = append(out, key)
	}
	return out
}

func checkSecrets(t testing.TB, g *resolve.Gateway, objs []*unstructured.Unstructured, envPrefixes, sourceKeys []string) {
	t.Helper()
	prefix := g.Preview.SecretsPrefix + "/"
	if prefix != "aigw/ai-gateway/previews/" {
		t.Errorf("previews prefix %q", prefix)
	}
	for _, es := range byKind(objs, "ExternalSecret") {
		for _, key := range remoteKeys(es) {
			if !strings.HasPrefix(key, prefix) {
				t.Errorf("ExternalSecret %s reads %s, outside the previews' prefix %s", es.GetName(), key, prefix)
			}
			for _, p := range envPrefixes {
				if strings.HasPrefix(key, p) {
					t.Errorf("ExternalSecret %s reads %s, under an environment's prefix %s", es.GetName(), key, p)
				}
			}
			if slices.Contains(sourceKeys, key) {
				t.Errorf("ExternalSecret %s reads %s, which the source environment reads too", es.GetName(), key)
			}
		}
		from, _, _ := unstructured.NestedSlice(es.Object, "spec", "dataFrom")
		for _, f := range from {
			if _, ok, _ := unstructured.NestedMap(f.(map[string]any), "sourceRef", "generatorRef"); !ok {
				t.Errorf("ExternalSecret %s dataFrom %v: only generators may fill a preview's Secrets in bulk", es.GetName(), f)
			}
		}
		store, hasStore, _ := unstructured.NestedStringMap(es.Object, "spec", "secretStoreRef")
		if hasStore != (len(remoteKeys(es)) > 0) {
			t.Errorf("ExternalSecret %s: a store without reading from it, or reading without one", es.GetName())
		}
		if hasStore && (store["kind"] != "ClusterSecretStore" || store["name"] != g.Preview.Store || store["name"] == "aws-secrets-manager") {
			t.Errorf("ExternalSecret %s reads through %v, not the previews' own store", es.GetName(), store)
		}
	}
	for _, kind := range []string{"Secret", "SealedSecret"} {
		if n := len(byKind(objs, kind)); n > 0 {
			t.Errorf("%d %s objects: never a secret value in the output", n, kind)
		}
	}
}

func checkNamespace(t testing.TB, g *resolve.Gateway, objs []*unstructured.Unstructured) {
	t.Helper()
	ns := byKind(objs, "Namespace")
	if len(ns) != 1 {
		t.Fatalf("%d Namespaces", len(ns))
	}
	l := ns[0].GetLabels()
	if l[resolve.PreviewOfLabel] != "ai-gateway-dev" || l["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("Namespace labels %v", l)
	}
}

// checkRoutes: the hosts are one label under the source environment's
// domain (so its wildcard certificate covers them), differ from the
// environment's, and the routes attach to a listener of the source
// environment's Gateway that admits the preview's namespace.
func checkRoutes(t testing.TB, g, source *resolve.Gateway, objs, sourceObjs []*unstructured.Unstructured) {
	t.Helper()
	routes := byKind(objs, "HTTPRoute")
	if len(routes) != 2 {
		t.Fatalf("%d HTTPRoutes, want the API and admin routes", len(routes))
	}
	gw := find(sourceObjs, "Gateway", source.Contract().Edge.Gateway)
	if gw == nil || gw.GetNamespace() != g.Preview.SourceNamespace {
		t.Fatalf("the source environment's Gateway is not in %s", g.Preview.SourceNamespace)
	}
	listeners, _, _ := unstructured.NestedSlice(gw.Object, "spec", "listeners")
	var listener map[string]any
	for _, l := range listeners {
		if l.(map[string]any)["name"] == resolve.ListenerHTTPSPreviews {
			listener = l.(map[string]any)
		}
	}
	if listener == nil {
		t.Fatal("the source environment's Gateway has no previews listener")
	}
	sel, _, _ := unstructured.NestedStringMap(listener, "allowedRoutes", "namespaces", "selector", "matchLabels")
	nsLabels := byKind(objs, "Namespace")[0].GetLabels()
	if len(sel) == 0 || !labels.SelectorFromSet(sel).Matches(labels.Set(nsLabels)) {
		t.Errorf("the previews listener selects %v, the preview namespace has %v", sel, nsLabels)
	}
	wildcard, _ := listener["hostname"].(string)
	for _, rt := range routes {
		hosts, _, _ := unstructured.NestedStringSlice(rt.Object, "spec", "hostnames")
		for _, h := range hosts {
			label, domain, _ := strings.Cut(h, ".")
			if domain != source.Domain || label == "" || "*."+domain != wildcard {
				t.Errorf("route %s host %s is not one label under %s (listener %s)", rt.GetName(), h, source.Domain, wildcard)
			}
			if h == source.APIHost || h == source.AdminHost || !strings.HasSuffix(label, "-pr-"+g.Preview.Number) {
				t.Errorf("route %s host %s", rt.GetName(), h)
			}
		}
		refs, _, _ := unstructured.NestedSlice(rt.Object, "spec", "parentRefs")
		for _, r := range refs {
			m := r.(map[string]any)
			if m["namespace"] != g.Preview.SourceNamespace || m["name"] != gw.GetName() || m["sectionName"] != resolve.ListenerHTTPSPreviews {
				t.Errorf("route %s parentRef %v", rt.GetName(), m)
			}
		}
	}
}

// checkPods: every pod meets Pod Security "restricted" (the real admission
// runs in admission_test.go and internal/e2e) with a read-only root
// filesystem, and runs on the source environment's node pool.
func checkPods(t testing.TB, g *resolve.Gateway, objs []*unstructured.Unstructured) {
	t.Helper()
	pods := 0
	for _, o := range objs {
		tmpl, ok := podTemplate(o)
		if !ok {
			continue
		}
		pods++
		var pt corev1.PodTemplateSpec
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(tmpl, &pt); err != nil {
			t.Fatal(err)
		}
		id := o.GetKind() + " " + o.GetName()
		if err := scheduling.CheckPodSpec(g, &pt.Spec); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		p := pt.Spec
		if p.HostNetwork || p.HostPID || p.HostIPC {
			t.Errorf("%s: host namespaces", id)
		}
		for _, v := range p.Volumes {
			if v.HostPath != nil || v.PersistentVolumeClaim != nil || v.Ephemeral != nil {
				t.Errorf("%s: volume %s is not an emptyDir, Secret or ConfigMap", id, v.Name)
			}
		}
		psc := p.SecurityContext
		for _, c := range slices.Concat(p.InitContainers, p.Containers) {
			sc := c.SecurityContext
			if sc == nil {
				t.Errorf("%s/%s: no security context", id, c.Name)
				continue
			}
			nonRoot := (sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) || (psc != nil && psc.RunAsNonRoot != nil && *psc.RunAsNonRoot)
			seccomp := sc.SeccompProfile != nil || (psc != nil && psc.SeccompProfile != nil)
			if !nonRoot || !seccomp || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
				sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 ||
				sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || (sc.Privileged != nil && *sc.Privileged) {
				t.Errorf("%s/%s: security context %+v (pod %+v) is not restricted with a read-only root", id, c.Name, sc, psc)
			}
		}
	}
	if pods < 5 {
		t.Errorf("%d pod templates, want the two releases, the migration Job, PostgreSQL and Valkey", pods)
	}
}

// checkWiring: every Secret, ConfigMap and ServiceAccount a pod uses is
// produced by the preview (an ExternalSecret target, a ConfigMap, a
// ServiceAccount), so nothing reaches for an environment's objects.
func checkWiring(t testing.TB, objs []*unstructured.Unstructured) {
	t.Helper()
	secrets, configMaps, accounts := map[string]bool{}, map[string]map[string]string{}, map[string]bool{}
	for _, es := range byKind(objs, "ExternalSecret") {
		name, _, _ := unstructured.NestedString(es.Object, "spec", "target", "name")
		secrets[name] = true
	}
	for _, cm := range byKind(objs, "ConfigMap") {
		data, _, _ := unstructured.NestedStringMap(cm.Object, "data")
		configMaps[cm.GetName()] = data
	}
	for _, sa := range byKind(objs, "ServiceAccount") {
		accounts[sa.GetName()] = true
	}
	for _, o := range objs {
		tmpl, ok := podTemplate(o)
		if !ok {
			continue
		}
		var pt corev1.PodTemplateSpec
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(tmpl, &pt); err != nil {
			t.Fatal(err)
		}
		id := o.GetKind() + " " + o.GetName()
		if !accounts[pt.Spec.ServiceAccountName] {
			t.Errorf("%s: service account %q is not rendered", id, pt.Spec.ServiceAccountName)
		}
		for _, c := range slices.Concat(pt.Spec.InitContainers, pt.Spec.Containers) {
			for _, e := range c.Env {
				switch {
				case e.ValueFrom == nil:
				case e.ValueFrom.SecretKeyRef != nil && !secrets[e.ValueFrom.SecretKeyRef.Name]:
					t.Errorf("%s: %s reads Secret %s, which no ExternalSecret of the preview writes", id, e.Name, e.ValueFrom.SecretKeyRef.Name)
				case e.ValueFrom.ConfigMapKeyRef != nil:
					ref := e.ValueFrom.ConfigMapKeyRef
					if data, ok := configMaps[ref.Name]; !ok || data[ref.Key] == "" {
						t.Errorf("%s: %s reads ConfigMap %s key %s, which the preview does not render", id, e.Name, ref.Name, ref.Key)
					}
				}
			}
			for _, from := range c.EnvFrom {
				if from.SecretRef != nil && !secrets[from.SecretRef.Name] {
					t.Errorf("%s: envFrom Secret %s is not written by the preview", id, from.SecretRef.Name)
				}
			}
		}
		for _, v := range pt.Spec.Volumes {
			if v.Secret != nil && !secrets[v.Secret.SecretName] {
				t.Errorf("%s: volume Secret %s is not written by the preview", id, v.Secret.SecretName)
			}
			if v.ConfigMap != nil && configMaps[v.ConfigMap.Name] == nil {
				t.Errorf("%s: volume ConfigMap %s is not rendered", id, v.ConfigMap.Name)
			}
		}
	}
}

// TestEnvironmentsUnchanged: the preview builder is not among an
// environment's builders (and refuses one), the environment's Namespace
// Argo CD still never deletes, and no environment object carries the
// preview label.
func TestEnvironmentsUnchanged(t *testing.T) {
	for _, env := range example.Document(t).Environments() {
		t.Run(env, func(t *testing.T) {
			g := example.Gateway(t, env)
			for _, b := range render.BuildersFor(g) {
				if b.Name() == preview.New().Name() {
					t.Errorf("an environment's builders include %s", b.Name())
				}
			}
			if _, err := preview.New().Build(t.Context(), &component.Input{Gateway: g}); err == nil {
				t.Error("the preview builder builds an environment")
			}
			for _, o := range renderAll(t, resolve.Options{Environment: env}) {
				if _, ok := o.GetLabels()[resolve.PreviewLabel]; ok {
					t.Errorf("%s %s has the preview label", o.GetKind(), o.GetName())
				}
				if o.GetKind() == "Namespace" && o.GetAnnotations()["argocd.argoproj.io/sync-options"] != "Prune=false,Delete=false" {
					t.Errorf("environment Namespace sync options %v", o.GetAnnotations())
				}
			}
		})
	}
}

// TestDeterministic: two renders of a preview are byte-identical.
func TestDeterministic(t *testing.T) {
	first := marshal(t, renderAll(t, resolve.Options{Preview: "42"}))
	if again := marshal(t, renderAll(t, resolve.Options{Preview: "42"})); !bytes.Equal(first, again) {
		t.Error("two renders of preview 42 differ")
	}
}

func marshal(t *testing.T, objs []*unstructured.Unstructured) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, o := range objs {
		y, err := yaml.Marshal(o.Object)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "---\n%s", y)
	}
	return b.Bytes()
}

// recorder collects the errors a check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestChecksCatchMistakes makes sure the invariants are not vacuous: each
// mistake below is reported.
func TestChecksCatchMistakes(t *testing.T) {
	g := example.Preview(t, "42")
	source := example.Gateway(t, "dev")
	sourceObjs := renderAll(t, resolve.Options{Environment: "dev"})
	tests := []struct {
		name   string
		mutate func(objs []*unstructured.Unstructured) []*unstructured.Unstructured
		check  func(t testing.TB, objs []*unstructured.Unstructured)
		want   string
	}{
		{
			name: "a composite",
			mutate: func(objs []*unstructured.Unstructured) []*unstructured.Unstructured {
				x := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "platform.aigw.dev/v1alpha1", "kind": "AuroraPostgreSQL",
					"metadata": map[string]any{"name": "db", "namespace": g.Namespace, "labels": map[string]any{resolve.PreviewLabel: "42"}}}}
				return append(objs, x)
			},
			check: func(t testing.TB, objs []*unstructured.Unstructured) { checkObjects(t, g, objs) },
			want:  "Crossplane composite",
		},
		{
			name: "a kept namespace",
			mutate: func(objs []*unstructured.Unstructured) []*unstructured.Unstructured {
				byKind(objs, "Namespace")[0].SetAnnotations(map[string]string{"argocd.argoproj.io/sync-options": "Prune=false,Delete=false"})
				return objs
			},
			check: func(t testing.TB, objs []*unstructured.Unstructured) { checkObjects(t, g, objs) },
			want:  "keep it after the preview",
		},
		{
			name: "an environment's secret",
			mutate: func(objs []*unstructured.Unstructured) []*unstructured.Unstructured {
				es := find(objs, "ExternalSecret", "ai-gateway-sso")
				data, _, _ := unstructured.NestedSlice(es.Object, "spec", "data")
				_ = unstructured.SetNestedField(data[0].(map[string]any), "aigw/ai-gateway/dev/entra-client-secret", "remoteRef", "key")
				_ = unstructured.SetNestedSlice(es.Object, data, "spec", "data")
				return objs
			},
			check: func(t testing.TB, objs []*unstructured.Unstructured) {
				checkSecrets(t, g, objs, []string{"aigw/ai-gateway/dev/"}, nil)
			},
			want: "under an environment's prefix",
		},
		{
			name: "the environment's host",
			mutate: func(objs []*unstructured.Unstructured) []*unstructured.Unstructured {
				_ = unstructured.SetNestedStringSlice(find(objs, "HTTPRoute", "ai-gateway-api").Object, []string{source.APIHost}, "spec", "hostnames")
				return objs
			},
			check: func(t testing.TB, objs []*unstructured.Unstructured) { checkRoutes(t, g, source, objs, sourceObjs) },
			want:  "host " + source.APIHost,
		},
		{
			name: "a Secret nobody writes",
			mutate: func(objs []*unstructured.Unstructured) []*unstructured.Unstructured {
				d := find(objs, "Deployment", "ai-gateway-postgres")
				containers, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
				env, _, _ := unstructured.NestedSlice(containers[0].(map[string]any), "env")
				_ = unstructured.SetNestedField(env[2].(map[string]any), "other-secret", "valueFrom", "secretKeyRef", "name")
				_ = unstructured.SetNestedSlice(containers[0].(map[string]any), env, "env")
				_ = unstructured.SetNestedSlice(d.Object, containers, "spec", "template", "spec", "containers")
				return objs
			},
			check: func(t testing.TB, objs []*unstructured.Unstructured) { checkWiring(t, objs) },
			want:  "reads Secret other-secret",
		},
		{
			name: "a writable root filesystem",
			mutate: func(objs []*unstructured.Unstructured) []*unstructured.Unstructured {
				d := find(objs, "Deployment", "ai-gateway-valkey")
				containers, _, _ := unstructured.NestedSlice(d.Object, "spec", "template", "spec", "containers")
				_ = unstructured.SetNestedField(containers[0].(map[string]any), false, "securityContext", "readOnlyRootFilesystem")
				_ = unstructured.SetNestedSlice(d.Object, containers, "spec", "template", "spec", "containers")
				return objs
			},
			check: func(t testing.TB, objs []*unstructured.Unstructured) { checkPods(t, g, objs) },
			want:  "not restricted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := tt.mutate(renderAll(t, resolve.Options{Preview: "42"}))
			r := &recorder{TB: t}
			tt.check(r, objs)
			if !slices.ContainsFunc(r.errs, func(e string) bool { return strings.Contains(e, tt.want) }) {
				t.Errorf("errors %q, want one with %q", r.errs, tt.want)
			}
		})
	}
}
