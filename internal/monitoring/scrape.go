package monitoring

import (
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// SampleLimit bounds one scrape of one pod. LiteLLM labels its request
// metrics by key, team, user and model, so a tenant with many keys can
// grow the series without bound; past the limit Prometheus fails the scrape
// (up == 0, LiteLLMMetricsDown) rather than the monitoring stack.
const SampleLimit = 50000

// PodTargetLabels are copied from the pod to every series: api or admin,
// and the release.
var PodTargetLabels = []string{component.ComponentLabel, component.InstanceLabel}

// podMonitor scrapes both LiteLLM releases on the pod port, in the gateway's
// own namespace only.
func podMonitor(g *resolve.Gateway) *monitoringv1.PodMonitor {
	c := g.Contract()
	pm := &monitoringv1.PodMonitor{
		TypeMeta: metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PodMonitorsKind},
		ObjectMeta: metav1.ObjectMeta{
			Name: c.Monitoring.PodMonitor, Namespace: g.Namespace, Labels: selectorLabels(g),
		},
		Spec: monitoringv1.PodMonitorSpec{
			Selector:          metav1.LabelSelector{MatchLabels: litellmPods(c)},
			NamespaceSelector: monitoringv1.NamespaceSelector{MatchNames: []string{g.Namespace}},
			PodTargetLabels:   PodTargetLabels,
			SampleLimit:       ptr.To[int64](SampleLimit),
			PodMetricsEndpoints: []monitoringv1.PodMetricsEndpoint{{
				Port:     ptr.To(c.Monitoring.PortName),
				Path:     c.Monitoring.MetricsPath,
				Interval: monitoringv1.Duration(g.Monitor.ScrapeInterval),
			}},
		},
	}
	component.SetWave(pm, component.WaveWorkloads)
	return pm
}

// metricsIngress admits the scraper: pods of the namespaces that
// spec.monitoring.scraperNamespaceSelector selects, to the LiteLLM port of
// the LiteLLM pods. It opens nothing else; the port already admits the ALB's
// subnets, and /metrics is answered with a 404 there.
func metricsIngress(g *resolve.Gateway) *networkingv1.NetworkPolicy {
	c := g.Contract()
	tcp := corev1.ProtocolTCP
	p := intstr.FromInt(c.LiteLLM.Port)
	np := &networkingv1.NetworkPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: networkingv1.SchemeGroupVersion.String(), Kind: "NetworkPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: c.Monitoring.MetricsIngress, Namespace: g.Namespace, Labels: g.Labels()},
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{MatchLabels: litellmPods(c)},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
			Ingress: []networkingv1.NetworkPolicyIngressRule{{
				From:  []networkingv1.NetworkPolicyPeer{{NamespaceSelector: &metav1.LabelSelector{MatchLabels: g.Monitor.ScraperNamespaceSelector}}},
				Ports: []networkingv1.NetworkPolicyPort{{Protocol: &tcp, Port: &p}},
			}},
		},
	}
	component.SetWave(np, component.WaveSecrets)
	return np
}
