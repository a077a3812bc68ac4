package kubetest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/kubetest"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
)

// kube is started on first use with every upstream CRD installed.
var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

func object(t *testing.T, doc string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := yaml.Unmarshal([]byte(doc), &u.Object); err != nil {
		t.Fatalf("parsing test object: %v", err)
	}
	return u
}

func ensureNamespace(t *testing.T, srv *kubetest.Server, name string, labels map[string]string) {
	t.Helper()
	if err := srv.EnsureNamespace(t.Context(), name, labels); err != nil {
		t.Fatal(err)
	}
}

// wantRejected checks that err is the server's rejection of the object and
// that the message names the object and carries the server's explanation.
func wantRejected(t *testing.T, err error, kind, name string, msgs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s %s was accepted, want it rejected", kind, name)
	}
	if !kubetest.IsRejected(err) {
		t.Errorf("error is not an API rejection: %v", err)
	}
	for _, s := range append([]string{kind, name}, msgs...) {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error does not mention %q:\n%v", s, err)
		}
	}
}

func TestDryRunApplyConfigMap(t *testing.T) {
	srv := kube.Server(t)
	ensureNamespace(t, srv, "apply-ok", nil)
	cm := object(t, `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: apply-ok
data:
  key: value
`)
	if err := srv.DryRunApply(t.Context(), cm); err != nil {
		t.Fatalf("valid ConfigMap rejected: %v", err)
	}
	_, err := srv.Dynamic().Resource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}).
		Namespace("apply-ok").Get(t.Context(), "settings", metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Errorf("dry-run stored the ConfigMap: Get returned %v, want NotFound", err)
	}
}

func TestDryRunApplyCustomResources(t *testing.T) {
	srv := kube.Server(t)
	ensureNamespace(t, srv, "gateways", nil)

	const nodePool = `
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
  namespace: ignored-for-cluster-scoped-kinds
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
      requirements:
      - key: %s
        operator: In
        values: [amd64]
`
	const gateway = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: gateways
spec:
  gatewayClassName: aws-alb
  listeners:
  - name: http
    protocol: HTTP
    port: %s
`
	for _, tc := range []struct {
		name, doc, kind, obj string
		want                 []string // nil: accepted
	}{
		{
			name: "valid NodePool",
			doc:  strings.Replace(nodePool, "%s", "kubernetes.io/arch", 1),
		},
		{
			name: "NodePool violating a CEL rule",
			doc:  strings.Replace(nodePool, "%s", "kubernetes.io/hostname", 1),
			kind: "NodePool", obj: "general",
			want: []string{`label "kubernetes.io/hostname" is restricted`},
		},
		{
			name: "valid Gateway",
			doc:  strings.Replace(gateway, "%s", "80", 1),
		},
		{
			name: "Gateway violating the schema",
			doc:  strings.Replace(gateway, "%s", "70000", 1),
			kind: "Gateway", obj: "gateways/edge",
			want: []string{"spec.listeners[0].port", "less than or equal to 65535"},
		},
		{
			name: "unknown field",
			doc:  strings.Replace(gateway, "%s", "80\n    colour: blue", 1),
			kind: "Gateway", obj: "gateways/edge",
			want: []string{`.spec.listeners[name="http"].colour: field not declared in schema`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := srv.DryRunApply(t.Context(), object(t, tc.doc))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantRejected(t, err, tc.kind, tc.obj, tc.want...)
		})
	}
}

func TestDryRunApplyNeedsNamespace(t *testing.T) {
	srv := kube.Server(t)
	err := srv.DryRunApply(t.Context(), object(t, `
apiVersion: v1
kind: ConfigMap
metadata:
  name: homeless
`))
	if err == nil || !strings.Contains(err.Error(), "metadata.namespace is empty") {
		t.Fatalf("got %v, want a missing-namespace error", err)
	}
	err = srv.DryRunApply(t.Context(), object(t, `
apiVersion: v1
kind: ConfigMap
metadata:
  name: lost
  namespace: does-not-exist
`))
	if !apierrors.IsNotFound(err) || !strings.Contains(err.Error(), `ConfigMap does-not-exist/lost: namespaces "does-not-exist" not found`) {
		t.Fatalf("got %v, want a namespace-not-found error", err)
	}
}

func TestPodSecurityRestricted(t *testing.T) {
	srv := kube.Server(t)
	ensureNamespace(t, srv, "restricted", map[string]string{"pod-security.kubernetes.io/enforce": "restricted"})

	privileged := object(t, `
apiVersion: v1
kind: Pod
metadata:
  name: privileged
  namespace: restricted
spec:
  containers:
  - name: main
    image: registry.k8s.io/pause:3.10
    securityContext:
      privileged: true
`)
	err := srv.DryRunCreate(t.Context(), privileged)
	wantRejected(t, err, "Pod", "restricted/privileged", `violates PodSecurity "restricted:latest"`, "privileged")
	if !apierrors.IsForbidden(err) {
		t.Errorf("want a Forbidden error, got %v", err)
	}

	compliant := object(t, `
apiVersion: v1
kind: Pod
metadata:
  name: compliant
  namespace: restricted
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: main
    image: registry.k8s.io/pause:3.10
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
`)
	if err := srv.DryRunCreate(t.Context(), compliant); err != nil {
		t.Fatalf("restricted-compliant Pod rejected: %v", err)
	}
}

func TestEnsureNamespaceIdempotent(t *testing.T) {
	srv := kube.Server(t)
	ensureNamespace(t, srv, "twice", map[string]string{"a": "1"})
	ensureNamespace(t, srv, "twice", map[string]string{"b": "2"})
	ns, err := srv.Dynamic().Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).
		Get(t.Context(), "twice", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	labels := ns.GetLabels()
	if labels["b"] != "2" || labels["a"] != "" {
		t.Errorf("labels = %v, want b=2 and no a", labels)
	}
}

func TestInstallCRDsIdempotent(t *testing.T) {
	srv := kube.Server(t)
	dir, err := kubetest.CRDsDir()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.InstallCRDs(t.Context(), dir); err != nil {
		t.Fatalf("second install: %v", err)
	}
	for gk, scope := range map[schema.GroupKind]meta.RESTScopeName{
		{Group: "karpenter.sh", Kind: "NodePool"}:                           meta.RESTScopeNameRoot,
		{Group: "gateway.networking.k8s.io", Kind: "HTTPRoute"}:             meta.RESTScopeNameNamespace,
		{Group: "apiextensions.crossplane.io", Kind: "Composition"}:         meta.RESTScopeNameRoot,
		{Group: "rds.aws.m.upbound.io", Kind: "Cluster"}:                    meta.RESTScopeNameNamespace,
		{Group: "external-secrets.io", Kind: "ClusterSecretStore"}:          meta.RESTScopeNameRoot,
		{Group: "argoproj.io", Kind: "Application"}:                         meta.RESTScopeNameNamespace,
		{Group: "gateway.k8s.aws", Kind: "LoadBalancerConfiguration"}:       meta.RESTScopeNameNamespace,
		{Group: "generators.external-secrets.io", Kind: "ClusterGenerator"}: meta.RESTScopeNameRoot,
	} {
		m, err := srv.RESTMapper().RESTMapping(gk)
		if err != nil {
			t.Errorf("%v: %v", gk, err)
			continue
		}
		if m.Scope.Name() != scope {
			t.Errorf("%v: scope %s, want %s", gk, m.Scope.Name(), scope)
		}
	}
}

func TestStartWithoutBinaries(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv, err := kubetest.Start(ctx, kubetest.Options{AssetsDir: t.TempDir()})
	if err == nil {
		srv.Stop()
		t.Fatal("Start succeeded without binaries")
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want a not-exist error", err)
	}
}

// TestConnect reaches the server through a kubeconfig, as every package does
// under .ci/test (AIGW_KUBECONFIG), and Stop of such a Server leaves the
// server running.
func TestConnect(t *testing.T) {
	srv := kube.Server(t)
	path := os.Getenv(kubetest.EnvKubeconfig)
	if path == "" {
		data, err := srv.KubeConfig()
		if err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(t.TempDir(), "kubeconfig")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other, err := kubetest.Connect(path)
	if err != nil {
		t.Fatal(err)
	}
	ensureNamespace(t, other, "kubetest-connect", nil)
	other.Stop()
	cm := object(t, `
apiVersion: v1
kind: ConfigMap
metadata: {name: connected, namespace: kubetest-connect}
data: {a: b}
`)
	if err := srv.DryRunApply(t.Context(), cm); err != nil {
		t.Fatalf("after Stop of a connected Server: %v", err)
	}
	if _, err := kubetest.Connect(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Connect to a missing kubeconfig succeeded")
	}
}
