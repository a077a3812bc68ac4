package data

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

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

// maxIdentifier is the longest AWS base name the XRDs accept (ElastiCache
// replication group IDs have at most 40 characters).
const maxIdentifier = 40

// identifierRE is the XRDs' identifier pattern: a letter, then letters,
// digits and single hyphens, not ending with a hyphen.
var identifierRE = regexp.MustCompile(`^[a-z](-?[a-z0-9])*$`)

// Identifier is the base name of the environment's AWS resources (cluster
// identifier, replication group ID, web ACL name...), unique per account and
// region: <gateway>-<environment>. Both parts are permanent, so the name never
// changes. When that does not fit the AWS rules (more than 40 characters, two
// hyphens in a row, a leading digit), it is shortened and suffixed with a hash
// of both parts, which is just as stable.
func Identifier(g *resolve.Gateway) string {
	id := g.Gateway + "-" + g.Environment.Name
	if len(id) <= maxIdentifier && identifierRE.MatchString(id) {
		return id
	}
	sum := sha256.Sum256([]byte(g.Gateway + "/" + g.Environment.Name))
	suffix := hex.EncodeToString(sum[:])[:8]
	base := id
	for strings.Contains(base, "--") {
		base = strings.ReplaceAll(base, "--", "-")
	}
	if base == "" || base[0] < 'a' || base[0] > 'z' {
		base = "g" + base
	}
	base = strings.TrimRight(base[:min(len(base), maxIdentifier-len(suffix)-1)], "-")
	return base + "-" + suffix
}
