package spec

import (
	"strings"
	"time"
)

// AMI aliases of the node class (Karpenter EC2NodeClass amiSelectorTerms
// alias, "family@version").
const (
	// DefaultAMIAlias follows every AL2023 release: non-production tiers.
	DefaultAMIAlias = "al2023@latest"
	// DefaultProductionAMIAlias pins production to one EKS-optimized AL2023
	// release, so that nodes roll only when the spec (or this default, with
	// an aigw upgrade) changes: Karpenter treats a new "latest" AMI as drift
	// and replaces every node. v20260520 is a published release (Karpenter
	// v1.14.1's AMI e2e suite resolves its SSM parameter).
	DefaultProductionAMIAlias = "al2023@v20260520"
)

// amiAliasProblem completes the message of an alias that is not of the
// al2023 family (the node class's root volume is AL2023's) with version
// latest or a release vYYYYMMDD, or returns "".
func amiAliasProblem(alias string) string {
	family, version, ok := strings.Cut(alias, "@")
	if !ok || family != "al2023" {
		return " is not an AL2023 AMI alias (al2023@v<YYYYMMDD> or al2023@latest)"
	}
	if version == "latest" {
		return ""
	}
	date, isRelease := strings.CutPrefix(version, "v")
	if _, err := time.Parse("20060102", date); !isRelease || err != nil || len(date) != 8 {
		return ": the version must be latest or an AL2023 AMI release v<YYYYMMDD>"
	}
	return ""
}

func isAMIAlias(s string) bool { return amiAliasProblem(s) == "" }

// amiAlias validates what the tier asks of spec.nodes.amiAlias (its syntax
// is the field's tag): production pins a release.
func (v *validator) amiAlias(env *Environment) {
	alias := env.Settings.Nodes.AMIAlias
	v.check(alias != "al2023@latest" || env.Tier != TierProduction, "spec.nodes.amiAlias",
		"%q in production environment %q replaces every node whenever AWS publishes an AMI; pin a release such as %s", alias, env.Name, DefaultProductionAMIAlias)
}
