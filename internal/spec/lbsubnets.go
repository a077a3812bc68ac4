package spec

import (
	"fmt"
	"net/netip"
)

// loadBalancerSubnets validates spec.network.loadBalancerSubnets: at least
// two subnets (an ALB spans two zones), each an ID and an IPv4 CIDR inside
// the VPC, none overlapping the pod subnets (clientCidrs): the LiteLLM
// pods admit these CIDRs, so a pod subnet among them would let every pod
// there skip the ALB and its WAF.
func (v *validator) loadBalancerSubnets(n *Network, vpc netip.Prefix, vpcOK bool) {
	const path = "spec.network.loadBalancerSubnets"
	v.check(len(n.LoadBalancerSubnets) >= 2, path, "at least two subnets in different availability zones are required (an ALB spans at least two)")
	ids, cidrs := map[string]bool{}, map[netip.Prefix]bool{}
	for i, s := range n.LoadBalancerSubnets {
		p := fmt.Sprintf("%s[%d]", path, i)
		v.check(!ids[s.ID], p+".id", "subnet %q is listed twice", s.ID)
		ids[s.ID] = true
		c, err := netip.ParsePrefix(s.CIDR)
		if err != nil || c != c.Masked() || !c.Addr().Is4() {
			continue // reported by the field's tag
		}
		v.check(!cidrs[c], p+".cidr", "%s is listed twice", c)
		cidrs[c] = true
		if vpcOK && (!vpc.Contains(c.Addr()) || c.Bits() < vpc.Bits()) {
			v.at(p+".cidr", "%s is not inside the VPC CIDR %s", c, vpc)
		}
		for j, pod := range n.ClientCidrs {
			// A bad pod CIDR is reported once, by its tag.
			if pc, err := netip.ParsePrefix(pod); err == nil && isCIDR(false)(pod) && pc.Overlaps(c) {
				v.at(p+".cidr", "%s overlaps spec.network.clientCidrs[%d] %s (the pod subnets): the LiteLLM pods would admit those pods directly, past the ALB and its WAF", c, j, pod)
			}
		}
	}
}
