package spec

// DNS delegates the environment's hosted zone (spec.domain) from its parent.
type DNS struct {
	ParentZoneID      string `json:"parentZoneId,omitempty" doc:"Route 53 hosted zone ID of the parent domain, in the same AWS account: the HostedDomain composite writes the NS records of spec.domain into it, so the domain resolves without a manual step. Without parentZoneId or parentEnvironment the composite's status.delegationRecord says which NS records to create in the parent zone." pattern:"zoneId"`
	ParentEnvironment string `json:"parentEnvironment,omitempty" doc:"Another environment of this gateway whose domain is the parent of this one's (for example dev with domain dev.ai.example.com under prod with ai.example.com): the NS records go into that environment's hosted zone. Its namespace must be its spec.namespace or <name>-<environment>. Not together with parentZoneId."`
}

func (v *validator) dns(d *DNS) {
	if d.ParentZoneID != "" {
		v.check(d.ParentEnvironment == "", "spec.dns.parentEnvironment", "set parentZoneId or parentEnvironment, not both")
	}
}
