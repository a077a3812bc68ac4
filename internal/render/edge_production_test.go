package render_test

import (
	"fmt"
	"net/netip"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/data"
	"github.com/aigw-dev/aigw/internal/namespace"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Invariants of the traffic path and the nodes over every environment of
// the example and its preview: what the ALB, the AWS Load Balancer
// Controller, LiteLLM and Karpenter do with the rendered objects
// (docs/production.md).

// lbcSpec returns the spec of the LoadBalancerConfiguration the variant's
// WebFirewall composite carries (the Crossplane composition composes it once
// the web ACL exists); nil for a preview, which has no load balancer.
func (v variant) lbcSpec() map[string]any {
	for _, fw := range v.byKind(data.KindFirewall) {
		m, _ := get(fw.Object, "spec", "loadBalancerConfiguration", "spec").(map[string]any)
		return m
	}
	return nil
}

// TestHTTPSListenersModernTLSOnly: every HTTPS listener of every load
// balancer uses a policy that allows TLS 1.3 and nothing older than 1.2,
// and carries no setting the controller ignores on HTTPS (alpnPolicy).
func TestHTTPSListenersModernTLSOnly(t *testing.T) {
	listeners := 0
	for _, v := range renderVariants(t, exampleDir) {
		for _, l := range list(v.lbcSpec(), "listenerConfigurations") {
			l := l.(map[string]any)
			if l["protocolPort"] != "HTTPS:443" {
				t.Errorf("%s: unexpected listener %v", v.name, l["protocolPort"])
				continue
			}
			listeners++
			if p, _ := l["sslPolicy"].(string); !slices.Contains(spec.ModernTLSPolicies, p) {
				t.Errorf("%s: sslPolicy %q is not a modern TLS policy", v.name, p)
			}
			if _, ok := l["alpnPolicy"]; ok {
				t.Errorf("%s: alpnPolicy is set on an HTTPS listener; the controller applies it to TLS listeners only", v.name)
			}
		}
	}
	if listeners != 3 {
		t.Errorf("%d HTTPS listener configurations, want one per environment (3)", listeners)
	}
}

var reAMIRelease = regexp.MustCompile(`^v20[0-9]{6}$`)

// TestProductionNodesPinTheAMI: a production environment's node class pins
// an AL2023 release (al2023@vYYYYMMDD); other tiers follow al2023@latest.
// Karpenter treats a new "latest" AMI as drift and replaces every node.
func TestProductionNodesPinTheAMI(t *testing.T) {
	classes := 0
	for _, v := range renderVariants(t, exampleDir) {
		for _, c := range v.byKind("EC2NodeClass") {
			classes++
			terms := list(c.Object, "spec", "amiSelectorTerms")
			if len(terms) != 1 {
				t.Fatalf("%s: amiSelectorTerms %v, want one alias", v.name, terms)
			}
			alias, _ := get(terms[0], "alias").(string)
			family, version, _ := strings.Cut(alias, "@")
			prod := v.g.Tier == spec.TierProduction
			switch {
			case family != "al2023":
				t.Errorf("%s: alias %q is not AL2023", v.name, alias)
			case prod && !reAMIRelease.MatchString(version):
				t.Errorf("%s (production): alias %q does not pin an AMI release", v.name, alias)
			case !prod && version != "latest":
				t.Errorf("%s (%s): alias %q, want al2023@latest outside production", v.name, v.g.Tier, alias)
			}
		}
	}
	if classes != 3 {
		t.Errorf("%d node classes, want one per environment (3)", classes)
	}
}

// TestReadinessGateInjected: every namespace whose pods are load balancer
// targets (a Service named by a TargetGroupConfiguration) carries the label
// the AWS Load Balancer Controller's pod webhook selects, so that its pods
// get the target-health readiness gate.
func TestReadinessGateInjected(t *testing.T) {
	for _, v := range renderVariants(t, exampleDir) {
		labelled := map[string]bool{}
		for _, ns := range v.byKind("Namespace") {
			labelled[ns.GetName()] = ns.GetLabels()[namespace.ReadinessGateLabel] == "enabled"
		}
		targets := 0
		for _, tgc := range v.byKind("TargetGroupConfiguration") {
			targets++
			if !labelled[tgc.GetNamespace()] {
				t.Errorf("%s: the pods behind TargetGroupConfiguration %s live in namespace %q without %s=enabled", v.name, tgc.GetName(), tgc.GetNamespace(), namespace.ReadinessGateLabel)
			}
		}
		if targets < 2 {
			t.Errorf("%s: %d target group configurations, want the API and admin releases'", v.name, targets)
		}
	}
}

// idleTimeout is the ALB idle timeout of a variant's load balancer, from
// its LoadBalancerConfiguration attributes.
func (v variant) idleTimeout(t *testing.T) (int, bool) {
	t.Helper()
	for _, a := range list(v.lbcSpec(), "loadBalancerAttributes") {
		if get(a, "key") == "idle_timeout.timeout_seconds" {
			n, err := strconv.Atoi(fmt.Sprint(get(a, "value")))
			if err != nil {
				t.Fatal(err)
			}
			return n, true
		}
	}
	return 0, false
}

// TestKeepAliveOutlastsIdleTimeout: every LiteLLM container keeps idle
// connections open longer than the ALB that sends to it (a preview's is its
// source environment's), so the ALB never reuses a connection uvicorn has
// just closed (a 502).
func TestKeepAliveOutlastsIdleTimeout(t *testing.T) {
	all := renderVariants(t, exampleDir)
	idle := map[string]int{}
	for _, v := range all {
		if n, ok := v.idleTimeout(t); ok {
			idle[v.g.Environment.Name] = n
		}
	}
	for _, v := range all {
		alb, ok := idle[v.g.Environment.Name]
		if !ok {
			t.Fatalf("%s: no load balancer idle timeout for environment %s", v.name, v.g.Environment.Name)
		}
		deployments := 0
		for _, d := range v.byKind("Deployment") {
			if d.GetLabels()["app.kubernetes.io/name"] != "litellm" {
				continue
			}
			deployments++
			for _, c := range list(d.Object, "spec", "template", "spec", "containers") {
				keepAlive := 5 // uvicorn's default timeout_keep_alive
				for _, e := range list(c, "env") {
					if get(e, "name") == "KEEPALIVE_TIMEOUT" {
						keepAlive, _ = strconv.Atoi(fmt.Sprint(get(e, "value")))
					}
				}
				if keepAlive <= alb {
					t.Errorf("%s: Deployment %s keeps idle connections %d s, not longer than the ALB idle timeout %d s", v.name, d.GetName(), keepAlive, alb)
				}
			}
		}
		if deployments != 2 {
			t.Errorf("%s: %d LiteLLM Deployments, want 2 (API and admin)", v.name, deployments)
		}
	}
}

// matches reports whether a NetworkPolicy pod selector (matchLabels only,
// as aigw writes them) selects a pod with these labels.
func matches(selector any, labels map[string]string) bool {
	if len(list(selector, "matchExpressions")) > 0 {
		return false
	}
	ml, _ := get(selector, "matchLabels").(map[string]any)
	for k, v := range ml {
		if labels[k] != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

// TestLiteLLMAdmitsOnlyTheLoadBalancer: the pods of each LiteLLM release
// admit their port from the load balancer's subnets only: every peer of
// every ingress rule that selects them is an ipBlock inside
// spec.network.loadBalancerSubnets (where the LoadBalancerConfiguration
// places the ALB), none overlaps the pod subnets (clientCidrs) and no
// selector peer admits pods; the API and admin releases have policies of
// their own. The kubelet's probes come from the node itself, which the AWS
// network policy agent always admits.
func TestLiteLLMAdmitsOnlyTheLoadBalancer(t *testing.T) {
	all := renderVariants(t, exampleDir)
	albSubnets := map[string][]any{}
	for _, v := range all {
		if s := v.lbcSpec(); s != nil {
			albSubnets[v.g.Environment.Name] = list(s, "loadBalancerSubnets")
		}
	}
	for _, v := range all {
		var lbCidrs []netip.Prefix
		var wantIDs []any
		for _, sn := range v.g.Network.LoadBalancerSubnets {
			lbCidrs = append(lbCidrs, netip.MustParsePrefix(sn.CIDR))
			wantIDs = append(wantIDs, map[string]any{"identifier": sn.ID})
		}
		if len(lbCidrs) < 2 {
			t.Fatalf("%s: %d load balancer subnets", v.name, len(lbCidrs))
		}
		if got := albSubnets[v.g.Environment.Name]; !reflect.DeepEqual(got, wantIDs) {
			t.Errorf("%s: the ALB's loadBalancerSubnets are %v, want exactly %v (the subnets the pods admit)", v.name, got, wantIDs)
		}
		// The one other source: the metrics scraper's namespaces, to the
		// same port (the monitoring builder's policy).
		scraper := v.g.Contract().Monitoring.MetricsIngress
		scraperNamespaces := map[string]any{}
		for k, val := range v.g.Monitor.ScraperNamespaceSelector {
			scraperNamespaces[k] = val
		}
		selectedBy := map[string]map[string]bool{} // ingress policy -> roles it selects
		for _, d := range v.byKind("Deployment") {
			labels := d.GetLabels()
			podLabels := map[string]string{}
			for k, val := range get(d.Object, "spec", "template", "metadata", "labels").(map[string]any) {
				podLabels[k] = fmt.Sprint(val)
			}
			if labels["app.kubernetes.io/name"] != "litellm" {
				continue
			}
			role := podLabels["app.kubernetes.io/component"]
			admitted := 0
			for _, np := range v.byKind("NetworkPolicy") {
				if !matches(get(np.Object, "spec", "podSelector"), podLabels) || len(list(np.Object, "spec", "ingress")) == 0 {
					continue
				}
				if np.GetName() != scraper {
					if selectedBy[np.GetName()] == nil {
						selectedBy[np.GetName()] = map[string]bool{}
					}
					selectedBy[np.GetName()][role] = true
				}
				for _, rule := range list(np.Object, "spec", "ingress") {
					for _, peer := range list(rule, "from") {
						if np.GetName() == scraper && get(peer, "ipBlock") == nil && get(peer, "podSelector") == nil &&
							reflect.DeepEqual(get(peer, "namespaceSelector", "matchLabels"), scraperNamespaces) {
							continue // Prometheus, from spec.monitoring.scraperNamespaceSelector only
						}
						c, err := netip.ParsePrefix(fmt.Sprint(get(peer, "ipBlock", "cidr")))
						if err != nil || get(peer, "podSelector") != nil || get(peer, "namespaceSelector") != nil {
							t.Errorf("%s: NetworkPolicy %s admits %s pods from %v, not an ipBlock", v.name, np.GetName(), role, peer)
							continue
						}
						admitted++
						if !slices.ContainsFunc(lbCidrs, func(lb netip.Prefix) bool { return lb.Contains(c.Addr()) && c.Bits() >= lb.Bits() }) {
							t.Errorf("%s: NetworkPolicy %s admits %s pods from %s, outside the load balancer subnets %v", v.name, np.GetName(), role, c, lbCidrs)
						}
						for _, pod := range v.g.Network.ClientCidrs {
							if netip.MustParsePrefix(pod).Overlaps(c) {
								t.Errorf("%s: NetworkPolicy %s admits %s pods from %s, which overlaps the pod subnet %s", v.name, np.GetName(), role, c, pod)
							}
						}
					}
				}
			}
			if admitted == 0 {
				t.Errorf("%s: nothing admits the %s pods: the ALB could not reach them", v.name, role)
			}
		}
		for name, roles := range selectedBy {
			if roles["api"] && roles["admin"] {
				t.Errorf("%s: NetworkPolicy %s selects the pods of both releases; each release gets its own", v.name, name)
			}
		}
	}
}
