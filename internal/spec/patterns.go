package spec

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"
)

// patterns names the patterns that a field's `pattern` tag may refer to:
// the tag-driven validation (rules.go) checks the field with the pattern and
// reports "<value> is not <desc>", and the JSON Schema carries its
// expression, so that an editor flags a bad region, ID or GUID as it is
// typed. Length and range checks made outside the expression (see
// newPattern) are not in the schema's pattern.
var patterns = map[string]pattern{
	"region":        newPattern(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`, nil, "an AWS region (for example eu-west-1)"),
	"vpcId":         newPattern(`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`, nil, "a VPC ID (vpc-0123456789abcdef0)"),
	"subnetId":      newPattern(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`, nil, "a subnet ID (subnet-0123456789abcdef0)"),
	"imageTag":      newPattern(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`, maxLen(128), "an image tag"),
	"image":         newPattern(`^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._/-][a-z0-9]+)*)+$`, nil, "an image repository (registry/path, no tag)"),
	"guid":          newPattern(guidExpr, nil, "a GUID"),
	"objectId":      newPattern(guidExpr, nil, "an Entra ID object ID (a GUID): with Microsoft SSO LiteLLM's user ID is the user's object ID"),
	"engineVersion": newPattern(`^[0-9]+(\.[0-9]+){0,2}$`, nil, "a version"),
	"dbClass":       newPattern(`^db\.[a-z0-9-]+\.[a-z0-9]+$`, nil, "an RDS instance class (db.r7g.large)"),
	"cacheNode":     newPattern(`^cache\.[a-z0-9-]+\.[a-z0-9]+$`, nil, "an ElastiCache node type (cache.t4g.medium)"),
	"graviton":      newPattern(`^[a-z]+[0-9]+g[a-z]*$`, nil, "a Graviton (arm64) instance family such as m7g or c8g"),
	"iamRole":       newPattern(`^[A-Za-z0-9+=,.@_-]+$`, maxLen(64), "an IAM role name"),
	"roleArn":       newPattern(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$`, roleArnPathLen, "an IAM role ARN"),
	"bucket":        newPattern(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`, func(s string) bool { return len(s) >= 3 && len(s) <= 63 }, "an S3 bucket name"),
	"topicArn":      newPattern(`^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:[A-Za-z0-9_-]{1,256}$`, nil, "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"),
	"zoneId":        newPattern(`^Z[A-Z0-9]{1,31}$`, nil, "a Route 53 hosted zone ID (Z followed by upper-case letters and digits)"),
	// The subset of Prometheus durations a scrape interval uses: one
	// number and one unit, between 1s and 5m.
	"scrapeInterval": newPattern(`^[1-9][0-9]*(s|m)$`, scrapeIntervalRange, "a Prometheus duration between 1s and 5m (for example 30s)"),
	"quantity":       reQuantity,
	// Kubernetes names: the expressions are the API server's, the checks
	// its own functions (and so its length limits).
	"dnsLabel":    labelPattern(63, "%q must be a DNS label (lower case letters, digits, '-')"),
	"gatewayName": labelPattern(20, "%q must be a DNS label (lower case letters, digits, '-') of at most 20 characters"),
	// The keys of spec.environments: an environment's namespace and
	// object names end with its name.
	"environmentName": labelPattern(20, "environment name %q must be a DNS label of at most 20 characters"),
	"objectName":      newPattern(subdomainExpr, isSubdomain, "a valid object name"),
	"domain":          newPattern(domainExpr, isSubdomain, "a DNS domain with at least two labels"),
	// CIDRs: the expression is exact for IPv4 and a shape for IPv6; the
	// check parses them and wants no host bits (the message suggests the
	// masked prefix).
	"cidr":     withHint(newPattern(`^(`+ipv4Expr+`/(3[0-2]|[12]?[0-9])|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`, isCIDR(false), "a CIDR"), maskedHint),
	"ipv4Cidr": withHint(newPattern(`^`+ipv4Expr+`/(3[0-2]|[12]?[0-9])$`, isCIDR(true), "an IPv4 CIDR"), maskedHint),
	// Secrets Manager names and prefixes (secretnames.go): the expression
	// is their shape, the check also refuses "." and ".." segments.
	"secretName":   withHint(newPattern(secretExpr, isSecretPath, "a Secrets Manager secret name"), secretPathHint),
	"secretPrefix": withHint(newPattern(secretExpr, isSecretPath, "a Secrets Manager name prefix"), secretPathHint),
	// A branch follows git check-ref-format (gitref.go); an AMI alias is
	// al2023@latest or a release date (ami.go). Their checks say why not.
	"branch":   withHint(newPattern(`^[^\x00-\x20\x7f~^:?*\[\\]+$`, isBranch, "a git branch name"), branchHint),
	"amiAlias": withHint(newPatternFormat(`^al2023@(latest|v[0-9]{8})$`, isAMIAlias, "%q"), amiAliasProblem),
	// The chart: a folder inside the app folder, or a repository URL.
	"appPath":         newPatternFormat(`^[^/\\]`, isAppPath, "%q must be a relative path inside the application folder"),
	"chartRepository": newPatternFormat(`^(https|oci)://.`, nil, "%q must be an https:// or oci:// URL"),
	// A finite set: the JSON Schema offers its values as an enum.
	"tlsPolicy": newValueSet(ModernTLSPolicies,
		"%q is not a modern TLS policy (TLS 1.3 and 1.2 at most, nothing older); use one of: "+strings.Join(ModernTLSPolicies, ", ")),
}

const (
	ipv4Expr      = `((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`
	secretExpr    = `^[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*$`
	guidExpr      = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`
	dnsLabelExpr  = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	subdomainExpr = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// domainExpr is a subdomain with at least two labels.
	domainExpr = `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$`
)

func isDNSLabel(maxLen int) func(string) bool {
	return func(s string) bool { return len(s) <= maxLen && len(validation.IsDNS1123Label(s)) == 0 }
}

// labelPattern is a DNS label of at most maxLen characters: the JSON Schema
// states the bound (maxLength) beside the expression.
func labelPattern(maxLen int, format string) pattern {
	p := newPatternFormat(dnsLabelExpr, isDNSLabel(maxLen), format)
	p.maxLength = maxLen
	return p
}

// isAppPath checks a slash-separated path that stays inside its folder.
func isAppPath(s string) bool { return filepath.IsLocal(filepath.FromSlash(s)) }

// isCIDR checks a CIDR without host bits, an IPv4 one if only4.
func isCIDR(only4 bool) func(string) bool {
	return func(s string) bool {
		p, err := netip.ParsePrefix(s)
		return err == nil && p == p.Masked() && (!only4 || p.Addr().Is4())
	}
}

// maskedHint says what a CIDR with host bits set means.
func maskedHint(s string) string {
	if p, err := netip.ParsePrefix(s); err == nil && p != p.Masked() {
		return fmt.Sprintf(" (host bits are set; did you mean %s?)", p.Masked())
	}
	return ""
}

func isSubdomain(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }

// pattern is a regular expression compiled on first use, not at start-up
// (aigw version and completion validate nothing), with an optional check
// that runs before it. Length bounds are such checks, outside the
// automaton: a bounded repetition such as {1,512} compiles into a program
// of that many instructions.
type pattern struct {
	// expr is the expression, also written into the JSON Schema.
	expr  string
	re    func() *regexp.Regexp
	check func(string) bool
	// format is the error message, with the value as its one %q.
	format string
	// hint, when set, ends the message with what is wrong with s.
	hint func(s string) string
	// values, when set, are all the values expr matches: the JSON Schema
	// and the reference list them (an enum) instead of the expression.
	values []string
	// maxLength, when set, is a length bound of check that the JSON
	// Schema states (maxLength) beside the expression.
	maxLength int
}

// newPattern makes a pattern whose message is "<value> is not <desc>".
func newPattern(expr string, check func(string) bool, desc string) pattern {
	return newPatternFormat(expr, check, "%q is not "+desc)
}

func newPatternFormat(expr string, check func(string) bool, format string) pattern {
	return pattern{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) }), check: check, format: format}
}

// message is the error message of s, which does not match.
func (p pattern) message(s string) string {
	msg := fmt.Sprintf(p.format, s)
	if p.hint != nil {
		msg += p.hint(s)
	}
	return msg
}

// newValueSet makes a pattern that matches exactly values, with a message
// of its own (an enum tag's is "must be a, b or c").
func newValueSet(values []string, format string) pattern {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = regexp.QuoteMeta(v)
	}
	p := newPatternFormat(`^(`+strings.Join(quoted, "|")+`)$`, nil, format)
	p.values = values
	return p
}

func withHint(p pattern, hint func(string) string) pattern {
	p.hint = hint
	return p
}

// MatchString reports whether s passes the check and matches.
func (p pattern) MatchString(s string) bool {
	return (p.check == nil || p.check(s)) && p.re().MatchString(s)
}

func maxLen(n int) func(string) bool { return func(s string) bool { return len(s) <= n } }

// roleArnPathLen bounds the role path of an IAM role ARN to 512 characters.
// The partition and account of a matching ARN contain no ':', so the path
// is what follows the first ":role/".
func roleArnPathLen(s string) bool {
	_, path, ok := strings.Cut(s, ":role/")
	return ok && len(path) <= 512
}

// scrapeIntervalRange bounds a scrape interval to 1s..5m.
func scrapeIntervalRange(s string) bool {
	d, err := time.ParseDuration(s)
	return len(s) <= 8 && err == nil && d >= time.Second && d <= 5*time.Minute
}
