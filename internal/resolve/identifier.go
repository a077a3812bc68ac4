package resolve

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// maxIdentifier is the longest AWS base name the XRDs accept (ElastiCache
// replication group IDs have at most 40 characters).
const maxIdentifier = 40

// identifierRE is the XRDs' identifier pattern: a letter, then letters,
// digits and single hyphens, not ending with a hyphen.
var identifierRE = regexp.MustCompile(`^[a-z](-?[a-z0-9])*$`)

// AWSIdentifier is the base name of the environment's AWS resources (cluster
// identifier, replication group ID, web ACL name...), unique per account and
// region: <gateway>-<environment>. Both parts are permanent, so the name never
// changes. When that does not fit the AWS rules (more than 40 characters, two
// hyphens in a row, a leading digit), it is shortened and suffixed with a hash
// of both parts, which is just as stable.
func AWSIdentifier(gateway, environment string) string {
	id := gateway + "-" + environment
	if len(id) <= maxIdentifier && identifierRE.MatchString(id) {
		return id
	}
	sum := sha256.Sum256([]byte(gateway + "/" + environment))
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
