package netpol_test

import (
	"bytes"
	"context"
	"net/netip"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/netpol"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
)

func policies(t testing.TB, g *resolve.Gateway) []*networkingv1.NetworkPolicy {
	t.Helper()
	objs, err := netpol.New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*networkingv1.NetworkPolicy, len(objs))
	for i, o := range objs {
		out[i] = o.(*networkingv1.NetworkPolicy)
	}
	return out
}

// marshal returns the policies as the render pipeline serialises them.
func marshal(t testing.TB, ps []*networkingv1.NetworkPolicy) []byte {
	t.Helper()
	objs := make([]map[string]any, len(ps))
	for i, p := range ps {
		m, err := component.ToMap(p)
		if err != nil {
			t.Fatal(err)
		}
		objs[i] = m
	}
	return example.YAML(t, objs)
}

func TestDeterministic(t *testing.T) {
	g := example.Gateway(t, "prod")
	first := marshal(t, policies(t, g))
	for range 5 {
		if !bytes.Equal(first, marshal(t, policies(t, g))) {
			t.Fatal("two builds of the same gateway differ")
		}
	}
}

func TestDefaultDenyExists(t *testing.T) {
	for _, env := range example.Environments() {
		g := example.Gateway(t, env)
		ps := policies(t, g)
		i := slices.IndexFunc(ps, func(p *networkingv1.NetworkPolicy) bool { return p.Name == netpol.DefaultDenyName(g) })
		if i < 0 {
			t.Fatalf("%s: no default-deny policy", env)
		}
		p := ps[i]
		if p.Namespace != g.Namespace || len(p.Spec.PodSelector.MatchLabels)+len(p.Spec.PodSelector.MatchExpressions) != 0 {
			t.Errorf("%s: default deny selects %v in %s, want every pod of %s", env, p.Spec.PodSelector, p.Namespace, g.Namespace)
		}
		if !slices.Equal(p.Spec.PolicyTypes, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress}) {
			t.Errorf("%s: default deny policy types %v", env, p.Spec.PolicyTypes)
		}
		if len(p.Spec.Ingress)+len(p.Spec.Egress) != 0 {
			t.Errorf("%s: default deny allows something", env)
		}
	}
}

// TestNoServerDefaults: the API server defaults a port's protocol to TCP
// and derives policyTypes; both are spelled out so Argo CD shows no diff.
func TestNoServerDefaults(t *testing.T) {
	for _, p := range policies(t, example.Gateway(t, "prod")) {
		if len(p.Spec.PolicyTypes) == 0 {
			t.Errorf("%s: no policyTypes", p.Name)
		}
		for _, r := range p.Spec.Ingress {
			for _, pt := range r.Ports {
				if pt.Protocol == nil {
					t.Errorf("%s: ingress port without protocol", p.Name)
				}
			}
		}
		for _, r := range p.Spec.Egress {
			for _, pt := range r.Ports {
				if pt.Protocol == nil {
					t.Errorf("%s: egress port without protocol", p.Name)
				}
			}
		}
		if p.Annotations[component.WaveAnnotation] != "-5" {
			t.Errorf("%s: wave %q", p.Name, p.Annotations[component.WaveAnnotation])
		}
	}
}

// The flows below are evaluated with the NetworkPolicy semantics: a pod
// selected by a policy of a direction accepts only what one of those
// policies' rules allows.

type peer struct {
	ip        string
	podLabels map[string]string
	nsLabels  map[string]string
}

type flow struct {
	name    string
	pod     map[string]string // labels of the pod of our namespace
	ingress bool
	peer    peer
	proto   corev1.Protocol
	port    int
	allowed bool
}

var (
	apiPod   = map[string]string{component.NameLabel: "litellm", component.ComponentLabel: "api", component.InstanceLabel: "ai-gateway-api"}
	adminPod = map[string]string{component.NameLabel: "litellm", component.ComponentLabel: "admin", component.InstanceLabel: "ai-gateway-admin"}
	otherPod = map[string]string{"app": "something-else"}
	coreDNS  = peer{ip: "10.20.70.2", podLabels: map[string]string{"k8s-app": "kube-dns"}, nsLabels: map[string]string{corev1.LabelMetadataName: "kube-system"}}
)

func flows(g *resolve.Gateway) []flow {
	alb := peer{ip: "10.20.1.15"} // an ALB node in a public subnet of the VPC
	db := peer{ip: "10.20.200.10"}
	internet := peer{ip: "203.0.113.50"}
	return []flow{
		{"ALB to the API pod", apiPod, true, alb, corev1.ProtocolTCP, 4000, true},
		{"ALB to the admin pod", adminPod, true, alb, corev1.ProtocolTCP, 4000, true},
		{"internet straight to a pod", apiPod, true, internet, corev1.ProtocolTCP, 4000, false},
		{"VPC to another port of the pod", apiPod, true, alb, corev1.ProtocolTCP, 8080, false},
		{"VPC to another pod", otherPod, true, alb, corev1.ProtocolTCP, 4000, false},
		{"DNS over UDP", apiPod, false, coreDNS, corev1.ProtocolUDP, 53, true},
		{"DNS over TCP", adminPod, false, coreDNS, corev1.ProtocolTCP, 53, true},
		{"DNS from any pod", otherPod, false, coreDNS, corev1.ProtocolUDP, 53, true},
		{"DNS to an outside resolver", apiPod, false, peer{ip: "8.8.8.8"}, corev1.ProtocolUDP, 53, false},
		{"PostgreSQL", apiPod, false, db, corev1.ProtocolTCP, 5432, true},
		{"Valkey", adminPod, false, db, corev1.ProtocolTCP, 6379, true},
		{"PostgreSQL outside the VPC", apiPod, false, internet, corev1.ProtocolTCP, 5432, false},
		{"PostgreSQL from another pod", otherPod, false, db, corev1.ProtocolTCP, 5432, false},
		{"HTTPS to a model provider", apiPod, false, internet, corev1.ProtocolTCP, 443, true},
		{"HTTPS to a VPC endpoint", apiPod, false, peer{ip: "10.20.3.4"}, corev1.ProtocolTCP, 443, true},
		{"HTTP to the internet", apiPod, false, internet, corev1.ProtocolTCP, 80, false},
		{"instance metadata", apiPod, false, peer{ip: "169.254.169.254"}, corev1.ProtocolTCP, 443, false},
		{"instance metadata over HTTP", apiPod, false, peer{ip: "169.254.169.254"}, corev1.ProtocolTCP, 80, false},
		{"Pod Identity agent", apiPod, false, peer{ip: "169.254.170.23"}, corev1.ProtocolTCP, 80, g.LiteLLM.AWSIdentity == spec.AWSIdentityPodIdentity},
		{"Pod Identity agent over HTTPS", apiPod, false, peer{ip: "169.254.170.23"}, corev1.ProtocolTCP, 443, true},
		{"Pod Identity agent, another port", apiPod, false, peer{ip: "169.254.170.23"}, corev1.ProtocolTCP, 2703, false},
		{"STS (IRSA) over HTTPS", apiPod, false, peer{ip: "52.94.0.10"}, corev1.ProtocolTCP, 443, true},
		{"HTTPS from another pod", otherPod, false, internet, corev1.ProtocolTCP, 443, false},
	}
}

func TestFlows(t *testing.T) {
	for _, env := range example.Environments() {
		g := example.Gateway(t, env)
		ps := policies(t, g)
		for _, f := range flows(g) {
			if got := allowed(t, ps, f); got != f.allowed {
				t.Errorf("%s: %s allowed=%v, want %v", env, f.name, got, f.allowed)
			}
		}
	}
	// The Pod Identity agent is reachable exactly when the credential path
	// is pod-identity; IRSA (the example) needs STS over HTTPS only.
	for _, identity := range []string{spec.AWSIdentityIRSA, spec.AWSIdentityPodIdentity} {
		g := example.Gateway(t, "dev")
		g.LiteLLM.AWSIdentity = identity
		if identity == spec.AWSIdentityPodIdentity {
			g.LiteLLM.RoleArn = ""
		}
		ps := policies(t, g)
		has := slices.ContainsFunc(ps, func(p *networkingv1.NetworkPolicy) bool { return p.Name == netpol.LiteLLMEgressPodIdentityName(g) })
		if has != (identity == spec.AWSIdentityPodIdentity) {
			t.Errorf("%s: Pod Identity egress policy present=%v", identity, has)
		}
		for _, f := range flows(g) {
			if got := allowed(t, ps, f); got != f.allowed {
				t.Errorf("%s: %s allowed=%v, want %v", identity, f.name, got, f.allowed)
			}
		}
	}
}

func allowed(t *testing.T, ps []*networkingv1.NetworkPolicy, f flow) bool {
	t.Helper()
	dir := networkingv1.PolicyTypeEgress
	if f.ingress {
		dir = networkingv1.PolicyTypeIngress
	}
	selected := false
	for _, p := range ps {
		if !slices.Contains(p.Spec.PolicyTypes, dir) || !matches(t, &p.Spec.PodSelector, f.pod) {
			continue
		}
		selected = true
		if f.ingress {
			for _, r := range p.Spec.Ingress {
				if peersMatch(t, r.From, f.peer) && portsMatch(r.Ports, f.proto, f.port) {
					return true
				}
			}
		} else {
			for _, r := range p.Spec.Egress {
				if peersMatch(t, r.To, f.peer) && portsMatch(r.Ports, f.proto, f.port) {
					return true
				}
			}
		}
	}
	return !selected
}

func matches(t *testing.T, s *metav1.LabelSelector, l map[string]string) bool {
	t.Helper()
	sel, err := metav1.LabelSelectorAsSelector(s)
	if err != nil {
		t.Fatal(err)
	}
	return sel.Matches(labels.Set(l))
}

func peersMatch(t *testing.T, peers []networkingv1.NetworkPolicyPeer, p peer) bool {
	if len(peers) == 0 {
		return true
	}
	for _, pr := range peers {
		switch {
		case pr.IPBlock != nil:
			addr := netip.MustParseAddr(p.ip)
			if !netip.MustParsePrefix(pr.IPBlock.CIDR).Contains(addr) {
				continue
			}
			if slices.ContainsFunc(pr.IPBlock.Except, func(e string) bool { return netip.MustParsePrefix(e).Contains(addr) }) {
				continue
			}
			return true
		case pr.NamespaceSelector != nil || pr.PodSelector != nil:
			if p.podLabels == nil {
				continue // not a pod
			}
			if pr.NamespaceSelector != nil && !matches(t, pr.NamespaceSelector, p.nsLabels) {
				continue
			}
			if pr.PodSelector != nil && !matches(t, pr.PodSelector, p.podLabels) {
				continue
			}
			return true
		}
	}
	return false
}

func portsMatch(ports []networkingv1.NetworkPolicyPort, proto corev1.Protocol, port int) bool {
	if len(ports) == 0 {
		return true
	}
	for _, p := range ports {
		if p.Protocol != nil && *p.Protocol != proto {
			continue
		}
		if p.Port == nil || p.Port.IntValue() == port {
			return true
		}
	}
	return false
}

func BenchmarkBuild(b *testing.B) {
	in := &component.Input{Gateway: example.Gateway(b, "prod")}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := netpol.New().Build(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
