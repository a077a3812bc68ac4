package data

import (
	"github.com/aigw-dev/aigw/internal/resolve"
)

// The platform API of crossplane/.
const (
	Group      = "platform.aigw.dev"
	Version    = "v1alpha1"
	APIVersion = Group + "/" + Version

	KindDatabase = "AuroraPostgreSQL"
	KindCache    = "ValkeyCache"
	KindFirewall = "WebFirewall"
	KindDomain   = "HostedDomain"
)

// FirewallName is the WebFirewall composite: <gateway>-waf.
func FirewallName(g *resolve.Gateway) string { return g.Name("waf") }

// DomainName is the HostedDomain composite: <gateway>-domain.
func DomainName(g *resolve.Gateway) string { return g.Name("domain") }

// Identifier is the base name of the environment's AWS resources
// (resolve.AWSIdentifier).
func Identifier(g *resolve.Gateway) string {
	return resolve.AWSIdentifier(g.Gateway, g.Environment.Name)
}
