package netpol_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestPreviewFlows: in a preview the LiteLLM pods reach the preview's own
// PostgreSQL and Valkey pods and nothing of the VPC's data subnets; the data
// store pods admit the LiteLLM pods only, and reach nothing but DNS.
func TestPreviewFlows(t *testing.T) {
	g := example.Preview(t, "42")
	ps := policies(t, g)

	pgPod, vkPod := g.Contract().Database.Pod.Labels(), g.Contract().Cache.Pod.Labels()
	pg, vk := peer{ip: "10.20.70.30", podLabels: pgPod}, peer{ip: "10.20.70.31", podLabels: vkPod}
	api, admin, other := peer{ip: "10.20.70.40", podLabels: apiPod}, peer{ip: "10.20.70.41", podLabels: adminPod}, peer{ip: "10.20.70.42", podLabels: otherPod}
	aurora, vpc, internet := peer{ip: "10.20.200.10"}, peer{ip: "10.20.1.15"}, peer{ip: "203.0.113.50"}
	for _, f := range []flow{
		{"API to the preview's PostgreSQL", apiPod, false, pg, corev1.ProtocolTCP, 5432, true},
		{"admin to the preview's PostgreSQL", adminPod, false, pg, corev1.ProtocolTCP, 5432, true},
		{"API to the preview's Valkey", apiPod, false, vk, corev1.ProtocolTCP, 6379, true},
		{"API to Valkey on the PostgreSQL port", apiPod, false, vk, corev1.ProtocolTCP, 5432, false},
		{"API to an environment's Aurora", apiPod, false, aurora, corev1.ProtocolTCP, 5432, false},
		{"admin to an environment's ElastiCache", adminPod, false, aurora, corev1.ProtocolTCP, 6379, false},
		{"PostgreSQL from the API pod", pgPod, true, api, corev1.ProtocolTCP, 5432, true},
		{"PostgreSQL from the admin pod", pgPod, true, admin, corev1.ProtocolTCP, 5432, true},
		{"PostgreSQL from another pod", pgPod, true, other, corev1.ProtocolTCP, 5432, false},
		{"PostgreSQL from the VPC", pgPod, true, vpc, corev1.ProtocolTCP, 5432, false},
		{"Valkey from the API pod", vkPod, true, api, corev1.ProtocolTCP, 6379, true},
		{"Valkey from another pod", vkPod, true, other, corev1.ProtocolTCP, 6379, false},
		{"Valkey from the VPC", vkPod, true, vpc, corev1.ProtocolTCP, 6379, false},
		{"PostgreSQL to the internet", pgPod, false, internet, corev1.ProtocolTCP, 443, false},
		{"Valkey to the VPC", vkPod, false, vpc, corev1.ProtocolTCP, 6379, false},
		{"PostgreSQL resolves names", pgPod, false, coreDNS, corev1.ProtocolUDP, 53, true},
		{"ALB to the API pod", apiPod, true, vpc, corev1.ProtocolTCP, 4000, true},
		{"HTTPS to a model provider", apiPod, false, internet, corev1.ProtocolTCP, 443, true},
	} {
		if got := allowed(t, ps, f); got != f.allowed {
			t.Errorf("%s: allowed=%v, want %v", f.name, got, f.allowed)
		}
	}
}

// TestPreviewAPIServerAccepts creates the preview's policies on a real
// kube-apiserver.
func TestPreviewAPIServerAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kube-apiserver")
	}
	srv := kube.Server(t)
	g := example.Preview(t, "42")
	if err := srv.EnsureNamespace(t.Context(), g.Namespace, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range policies(t, g) {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.DryRunCreate(t.Context(), &unstructured.Unstructured{Object: m}); err != nil {
			t.Error(err)
		}
	}
}
