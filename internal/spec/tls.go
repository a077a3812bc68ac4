package spec

// ModernTLSPolicies are the ELB security policies spec.edge.tlsPolicy may
// name: those that negotiate TLS 1.3 and at most TLS 1.2 below it, nothing
// older (the TLS13-1-2 and TLS13-1-3 policies of the 2021-06 family, their
// FIPS 2023-04 and post-quantum 2025-09 variants), as listed in "Security
// policies for your Application Load Balancer" (AWS Elastic Load Balancing
// documentation). ELBSecurityPolicy-2016-08 (the AWS API default),
// the TLS-1-x, FS-x and TLS13-1-0/1-1 policies still accept TLS 1.0 or 1.1.
var ModernTLSPolicies = []string{
	"ELBSecurityPolicy-TLS13-1-2-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
}
