package edge

import "fmt"

// ALB and Gateway API limits the routes must fit in. The ALB ones are AWS
// quotas (the rule quota is adjustable; the others are not).
const (
	// albValuesPerRule: an ALB rule holds at most five condition values in
	// all (host-header, path-pattern and source-ip values together).
	albValuesPerRule = 5
	// albValuesPerCondition: one condition holds at most three values.
	albValuesPerCondition = 3
	// albRulesPerLoadBalancer: default quota of listener rules per ALB,
	// default rules excluded.
	albRulesPerLoadBalancer = 100
	// albSecurityGroupRules: default quota of inbound rules per security
	// group; the controller writes one per source range and listener port.
	albSecurityGroupRules = 60
	// Gateway API: rules per HTTPRoute, matches per rule and per route.
	maxRouteRules      = 16
	maxMatchesPerRule  = 64
	maxMatchesPerRoute = 127
	hostValuesPerRule  = 1
	httpListenerPorts  = 2 // 80 and 443 in the ALB security group
)

// pathValues is the number of ALB path-pattern values the controller makes
// of one path match: an exact path or "/" is one ("/*"), another prefix two
// ("/v1" and "/v1/*").
func pathValues(p Path) int {
	if p.Exact || p.Value == "/" {
		return 1
	}
	return 2
}

// cidrsPerRule is how many source CIDRs fit in one ALB rule next to the host
// header, the widest of the given path matches and other condition values
// (a header match).
func cidrsPerRule(paths []Path, otherValues int) int {
	widest := 0
	for _, p := range paths {
		widest = max(widest, pathValues(p))
	}
	return min(albValuesPerCondition, albValuesPerRule-hostValuesPerRule-widest-otherValues)
}

// chunk splits cidrs into groups of at most n, keeping their order. An empty
// list gives one empty group: a rule without a source-ip condition.
func chunk(cidrs []string, n int) [][]string {
	if len(cidrs) == 0 {
		return [][]string{nil}
	}
	var out [][]string
	for len(cidrs) > n {
		out = append(out, cidrs[:n:n])
		cidrs = cidrs[n:]
	}
	return append(out, cidrs)
}

// routeShape is what the budget checks need to know of one HTTPRoute.
type routeShape struct {
	name      string
	hostnames int
	matches   []int // matches per rule
}

func (r routeShape) albRules() int {
	n := 0
	for _, m := range r.matches {
		n += m * max(r.hostnames, 1)
	}
	return n
}

// checkBudget verifies that the routes fit the Gateway API limits and the
// ALB quotas, so that a spec which would half-apply on AWS fails at render
// time with a remedy instead.
func checkBudget(routes []routeShape, sourceRanges int) error {
	total := 0
	for _, r := range routes {
		if len(r.matches) > maxRouteRules {
			return fmt.Errorf("HTTPRoute %s needs %d rules, more than the %d Gateway API allows: list fewer, wider CIDRs in spec.access", r.name, len(r.matches), maxRouteRules)
		}
		sum := 0
		for _, m := range r.matches {
			if m > maxMatchesPerRule {
				return fmt.Errorf("HTTPRoute %s has a rule with %d matches, more than the %d Gateway API allows", r.name, m, maxMatchesPerRule)
			}
			sum += m
		}
		if sum > maxMatchesPerRoute {
			return fmt.Errorf("HTTPRoute %s needs %d path matches, more than the %d Gateway API allows in one route: list fewer, wider CIDRs in spec.access", r.name, sum, maxMatchesPerRoute)
		}
		total += r.albRules()
	}
	if total > albRulesPerLoadBalancer {
		return fmt.Errorf("the routes need %d ALB listener rules, more than the default quota of %d per load balancer: "+
			"each source-ip condition holds at most %d CIDRs, so list fewer, wider CIDRs in spec.access (the WAF enforces the allowlists too)",
			total, albRulesPerLoadBalancer, albValuesPerCondition)
	}
	if n := sourceRanges * httpListenerPorts; n > albSecurityGroupRules {
		return fmt.Errorf("the ALB security group would need %d inbound rules (%d source ranges on ports 80 and 443), more than the default quota of %d: list fewer, wider CIDRs in spec.access",
			n, sourceRanges, albSecurityGroupRules)
	}
	return nil
}
