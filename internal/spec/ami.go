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

// amiAlias validates spec.nodes.amiAlias: the al2023 family (the node
// class's root volume is AL2023's), version latest or a release vYYYYMMDD;
// production pins a release.
func (v *validator) amiAlias(env *Environment) {
	const path = "spec.nodes.amiAlias"
	alias := env.Settings.Nodes.AMIAlias
	family, version, ok := strings.Cut(alias, "@")
	if !ok || family != "al2023" {
		v.at(path, "%q is not an AL2023 AMI alias (al2023@v<YYYYMMDD> or al2023@latest)", alias)
		return
	}
	if version == "latest" {
		v.check(env.Tier != TierProduction, path,
			"%q in production environment %q replaces every node whenever AWS publishes an AMI; pin a release such as %s", alias, env.Name, DefaultProductionAMIAlias)
		return
	}
	date, isRelease := strings.CutPrefix(version, "v")
	if _, err := time.Parse("20060102", date); !isRelease || err != nil || len(date) != 8 {
		v.at(path, "%q: the version must be latest or an AL2023 AMI release v<YYYYMMDD>", alias)
	}
}
