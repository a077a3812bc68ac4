package netpol

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Ports the policies open (the data stores' and LiteLLM's are the
// contract's).
const (
	DNSPort         = 53
	HTTPSPort       = 443
	PodIdentityPort = 80
)

// Addresses the policies name.
const (
	// AnyIPv4 is every IPv4 address.
	AnyIPv4 = "0.0.0.0/0"
	// InstanceMetadata is IMDS, excluded from the HTTPS egress: pods use
	// their own IAM role, never the node's.
	InstanceMetadata = "169.254.169.254/32"
	// PodIdentityAgent is the EKS Pod Identity agent on every node.
	PodIdentityAgent = "169.254.170.23/32"
)

// DefaultDenyName is the policy that denies everything: <gateway>-default-deny.
func DefaultDenyName(g *resolve.Gateway) string { return g.Name("default-deny") }

// AllowDNSName is the DNS policy: <gateway>-allow-dns.
func AllowDNSName(g *resolve.Gateway) string { return g.Name("allow-dns") }

// LiteLLMIngressName is the ingress policy of one LiteLLM release:
// <gateway>-litellm-<role>-ingress.
func LiteLLMIngressName(g *resolve.Gateway, role string) string {
	return g.Name("litellm-" + role + "-ingress")
}

// LiteLLMEgressDataName is the data stores policy: <gateway>-litellm-egress-data.
func LiteLLMEgressDataName(g *resolve.Gateway) string { return g.Name("litellm-egress-data") }

// LiteLLMEgressHTTPSName is the HTTPS policy: <gateway>-litellm-egress-https.
func LiteLLMEgressHTTPSName(g *resolve.Gateway) string { return g.Name("litellm-egress-https") }

// LiteLLMEgressPodIdentityName is the Pod Identity agent policy:
// <gateway>-litellm-egress-pod-identity.
func LiteLLMEgressPodIdentityName(g *resolve.Gateway) string {
	return g.Name("litellm-egress-pod-identity")
}

// PostgresIngressName is, in a preview, the policy admitting LiteLLM to
// PostgreSQL: <gateway>-postgres-ingress.
func PostgresIngressName(g *resolve.Gateway) string { return g.Name("postgres-ingress") }

// ValkeyIngressName is, in a preview, the policy admitting LiteLLM to
// Valkey: <gateway>-valkey-ingress.
func ValkeyIngressName(g *resolve.Gateway) string { return g.Name("valkey-ingress") }

func policy(g *resolve.Gateway, name string, pods metav1.LabelSelector, types ...networkingv1.PolicyType) *networkingv1.NetworkPolicy {
	return &networkingv1.NetworkPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: networkingv1.SchemeGroupVersion.String(), Kind: "NetworkPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: g.Namespace, Labels: g.Labels()},
		Spec:       networkingv1.NetworkPolicySpec{PodSelector: pods, PolicyTypes: types},
	}
}

// litellmPods selects the pods of both LiteLLM releases: every pod that
// serves traffic or needs the data stores must carry this label (the naming
// contract's app.kubernetes.io/name).
func litellmPods(g *resolve.Gateway) metav1.LabelSelector {
	return metav1.LabelSelector{MatchLabels: map[string]string{component.NameLabel: g.Contract().LiteLLM.AppName}}
}

func port(proto corev1.Protocol, n int) networkingv1.NetworkPolicyPort {
	p := intstr.FromInt32(int32(n))
	return networkingv1.NetworkPolicyPort{Protocol: &proto, Port: &p}
}

func cidr(c string, except ...string) networkingv1.NetworkPolicyPeer {
	return networkingv1.NetworkPolicyPeer{IPBlock: &networkingv1.IPBlock{CIDR: c, Except: except}}
}

// defaultDeny selects every pod of the namespace for ingress and egress and
// allows nothing: a flow is open only if a policy below opens it.
func defaultDeny(g *resolve.Gateway) *networkingv1.NetworkPolicy {
	return policy(g, DefaultDenyName(g), metav1.LabelSelector{},
		networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress)
}

// allowDNS lets every pod of the namespace resolve names with the cluster
// DNS (CoreDNS in kube-system), over UDP and TCP.
func allowDNS(g *resolve.Gateway) *networkingv1.NetworkPolicy {
	p := policy(g, AllowDNSName(g), metav1.LabelSelector{}, networkingv1.PolicyTypeEgress)
	p.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{{
		To: []networkingv1.NetworkPolicyPeer{{
			NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{corev1.LabelMetadataName: metav1.NamespaceSystem}},
			PodSelector:       &metav1.LabelSelector{MatchLabels: map[string]string{"k8s-app": "kube-dns"}},
		}},
		Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolUDP, DNSPort), port(corev1.ProtocolTCP, DNSPort)},
	}}
	return p
}

// litellmIngress admits one release's pods (role resolve.RoleAPI or
// resolve.RoleAdmin) on the LiteLLM port from the load balancer's subnets
// only (spec.network.loadBalancerSubnets): the ALB reaches the pod IPs from
// there (IP targets) and health-checks them from there. Not from the rest of
// the VPC: with the VPC CNI every pod of the cluster has a VPC address, and
// would otherwise reach the admin release past the ALB allowlist and the
// WAF. The kubelet's probes come from the pod's own node, which the AWS
// network policy agent always admits ("Traffic from the local node should
// always be allowed", fw_rule_processor.go). One policy per release, so
// that each release's sources can be read and changed on their own.
func litellmIngress(g *resolve.Gateway, role string) *networkingv1.NetworkPolicy {
	c := g.Contract().LiteLLM
	pods := metav1.LabelSelector{MatchLabels: map[string]string{component.NameLabel: c.AppName, resolve.ComponentLabel: role}}
	p := policy(g, LiteLLMIngressName(g, role), pods, networkingv1.PolicyTypeIngress)
	var from []networkingv1.NetworkPolicyPeer
	for _, sn := range g.Network.LoadBalancerSubnets {
		from = append(from, cidr(sn.CIDR))
	}
	p.Spec.Ingress = []networkingv1.NetworkPolicyIngressRule{{
		From:  from,
		Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, c.Port)},
	}}
	return p
}

// litellmEgressData lets the LiteLLM pods reach Aurora PostgreSQL and
// ElastiCache Valkey, which live in the VPC's data subnets. A preview's
// LiteLLM pods reach only the preview's own PostgreSQL and Valkey pods, so
// that not even a connection to the environments' data stores is possible.
func litellmEgressData(g *resolve.Gateway) *networkingv1.NetworkPolicy {
	p := policy(g, LiteLLMEgressDataName(g), litellmPods(g), networkingv1.PolicyTypeEgress)
	c := g.Contract()
	if db, cache := c.Database, c.Cache; db.Pod != nil && cache.Pod != nil {
		p.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{
			{
				To:    []networkingv1.NetworkPolicyPeer{{PodSelector: &metav1.LabelSelector{MatchLabels: db.Pod.Labels()}}},
				Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, db.Port)},
			},
			{
				To:    []networkingv1.NetworkPolicyPeer{{PodSelector: &metav1.LabelSelector{MatchLabels: cache.Pod.Labels()}}},
				Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, cache.Port)},
			},
		}
		return p
	}
	p.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{{
		To:    []networkingv1.NetworkPolicyPeer{cidr(g.Network.VpcCidr)},
		Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, c.Database.Port), port(corev1.ProtocolTCP, c.Cache.Port)},
	}}
	return p
}

// previewStoreIngress admits a preview's LiteLLM pods, and nothing else,
// to one of its data stores. The data store pods have no egress but DNS.
func previewStoreIngress(g *resolve.Gateway, name string, pods map[string]string, n int) *networkingv1.NetworkPolicy {
	p := policy(g, name, metav1.LabelSelector{MatchLabels: pods}, networkingv1.PolicyTypeIngress)
	lp := litellmPods(g)
	p.Spec.Ingress = []networkingv1.NetworkPolicyIngressRule{{
		From:  []networkingv1.NetworkPolicyPeer{{PodSelector: &lp}},
		Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, n)},
	}}
	return p
}

// litellmEgressHTTPS lets the LiteLLM pods call model providers (Bedrock,
// Azure OpenAI, ...), Entra ID for SSO and the AWS APIs (STS, Secrets
// Manager through VPC endpoints or not) over HTTPS, anywhere but the
// instance metadata service.
func litellmEgressHTTPS(g *resolve.Gateway) *networkingv1.NetworkPolicy {
	p := policy(g, LiteLLMEgressHTTPSName(g), litellmPods(g), networkingv1.PolicyTypeEgress)
	p.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{{
		To:    []networkingv1.NetworkPolicyPeer{cidr(AnyIPv4, InstanceMetadata)},
		Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, HTTPSPort)},
	}}
	return p
}

// litellmEgressPodIdentity lets the LiteLLM pods fetch the credentials of
// their EKS Pod Identity association from the agent on their node (a
// link-local address, port 80; botocore's container credential provider,
// AWS_CONTAINER_CREDENTIALS_FULL_URI). Rendered only for awsIdentity
// pod-identity: with IRSA, STS is reached over HTTPS.
func litellmEgressPodIdentity(g *resolve.Gateway) *networkingv1.NetworkPolicy {
	p := policy(g, LiteLLMEgressPodIdentityName(g), litellmPods(g), networkingv1.PolicyTypeEgress)
	p.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{{
		To:    []networkingv1.NetworkPolicyPeer{cidr(PodIdentityAgent)},
		Ports: []networkingv1.NetworkPolicyPort{port(corev1.ProtocolTCP, PodIdentityPort)},
	}}
	return p
}
