package data

import (
	"fmt"
	"maps"
	"net/netip"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// maxClientCidrs is the number of ingress rule slots the database and cache
// Compositions hold (spec.network.clientCidrs maxItems in the XRDs).
const maxClientCidrs = 8

// WAFLogRetentionDays is how long production environments keep WAF logs.
const WAFLogRetentionDays = 90

func network(g *resolve.Gateway) map[string]any {
	return map[string]any{
		"vpcId":       g.Network.VpcID,
		"subnetIds":   stringList(g.Network.SubnetIDs),
		"clientCidrs": stringList(g.Network.ClientCidrs),
	}
}

// database is the AuroraPostgreSQL composite. Development environments skip
// the final snapshot: previews come and go, and a snapshot name can be used
// only once.
func database(g *resolve.Gateway) (*unstructured.Unstructured, error) {
	d, c := g.Database, g.Contract()
	al, err := databaseAlarms(g)
	if err != nil {
		return nil, err
	}
	s := common(g)
	maps.Copy(s, map[string]any{
		"retain":              retain(g),
		"network":             network(g),
		"engineVersion":       d.EngineVersion,
		"instanceClass":       d.InstanceClass,
		"instances":           int64(d.Instances),
		"backupRetentionDays": int64(d.BackupRetentionDays),
		"deletionProtection":  d.DeletionProtection != nil && *d.DeletionProtection,
		"finalSnapshot":       g.Tier != spec.TierDevelopment,
		"databaseName":        c.Database.Name,
		"masterUsername":      c.Database.Username,
		"masterPasswordSecretRef": map[string]any{
			"name": c.Secrets.Database.Name,
			"key":  c.Secrets.Database.PasswordKey,
		},
		"alarms": al,
	})
	return composite(g, KindDatabase, c.Database.Composite, "database", s), nil
}

// cache is the ValkeyCache composite.
func cache(g *resolve.Gateway) *unstructured.Unstructured {
	v, c := g.Cache, g.Contract()
	s := common(g)
	maps.Copy(s, map[string]any{
		"retain":        retain(g),
		"network":       network(g),
		"engineVersion": v.EngineVersion,
		"nodeType":      v.NodeType,
		"replicas":      int64(v.Replicas),
		"authTokenSecretRef": map[string]any{
			"name": c.Secrets.Valkey.Name,
			"key":  c.Secrets.Valkey.TokenKey,
		},
		"alarms": cacheAlarms(g),
	})
	return composite(g, KindCache, c.Cache.Composite, "cache", s)
}

// firewall is the WebFirewall composite; it carries the edge's
// LoadBalancerConfiguration, which its Composition writes once the web ACL
// exists. WAF logs are kept in production only.
func firewall(g *resolve.Gateway) (*unstructured.Unstructured, error) {
	admin, err := allowlist(g.Access.AdminAllowlist)
	if err != nil {
		return nil, fmt.Errorf("spec.access.adminAllowlist: %w", err)
	}
	api, err := allowlist(g.Access.APIAllowlist)
	if err != nil {
		return nil, fmt.Errorf("spec.access.apiAllowlist: %w", err)
	}
	s := common(g)
	maps.Copy(s, map[string]any{
		"hosts": map[string]any{
			"api":   g.APIHost,
			"admin": g.AdminHost,
			// The hosts of the previews this load balancer may serve
			// (resolve.PreviewHost); the allowlist rules cover them too.
			// Set for every environment: a pattern that matches no
			// request costs nothing, and a missing one would leave the
			// preview hosts to the ALB's source-IP rules alone.
			"previews": map[string]any{
				"api":   resolve.HostPattern(g.Hostnames.API, g.Domain),
				"admin": resolve.HostPattern(g.Hostnames.Admin, g.Domain),
			},
		},
		"allowlists": map[string]any{
			"admin": admin,
			"api":   api,
		},
		"logging": map[string]any{
			"enabled":       g.Tier == spec.TierProduction,
			"retentionDays": int64(WAFLogRetentionDays),
		},
		"loadBalancerConfiguration": map[string]any{
			"name": g.Contract().LoadBalancer.Name,
			"spec": LoadBalancerConfigurationSpec(g),
		},
		"alarms": firewallAlarms(g),
	})
	return composite(g, KindFirewall, FirewallName(g), "waf", s), nil
}

// allowlist splits CIDRs by address family, one WAF IP set each, in their
// canonical form and in the order given.
func allowlist(cidrs []string) (map[string]any, error) {
	v4, v6 := []any{}, []any{}
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR: %w", c, err)
		}
		p = p.Masked()
		if p.Addr().Is4() {
			v4 = append(v4, p.String())
		} else {
			v6 = append(v6, p.String())
		}
	}
	return map[string]any{"ipv4": v4, "ipv6": v6}, nil
}

// domain is the HostedDomain composite.
func domain(g *resolve.Gateway) *unstructured.Unstructured {
	s := common(g)
	maps.Copy(s, map[string]any{
		"retain":     retain(g),
		"domain":     g.Domain,
		"delegation": delegation(g),
	})
	return composite(g, KindDomain, DomainName(g), "domain", s)
}

// delegation is the HostedDomain's spec.delegation: where it writes the NS
// records of the domain (resolve.ParentZone), or nothing.
func delegation(g *resolve.Gateway) map[string]any {
	p := g.ParentZone
	switch {
	case p == nil:
		return map[string]any{"enabled": false}
	case p.ZoneID != "":
		return map[string]any{"enabled": true, "parentZoneId": p.ZoneID}
	}
	return map[string]any{"enabled": true, "parentZoneRef": map[string]any{"name": p.Name, "namespace": p.Namespace}}
}
