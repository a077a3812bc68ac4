package main

import (
	"fmt"
	"strings"

	"github.com/aigw-dev/aigw/internal/spec"
)

// worstSpec returns the largest spec aigw accepts, as measured by the work of
// one render: every limit of docs/input-limits.md that grows the output is
// filled to just below its bound — spec.MaxModels models with names and
// model strings of the longest allowed length, each with params nested
// spec.MaxDepth levels deep, spending the params budget (spec.MaxParamsValues
// values, spec.MaxParamsBytes bytes) — and spec.MaxEnvironments
// environments. The benchmark of the worst accepted input renders it.
func worstSpec() []byte {
	var b strings.Builder
	b.WriteString(`apiVersion: aigw.dev/v1alpha1
kind: AIGateway
metadata: {name: worst}
spec:
  region: eu-west-1
  domain: worst.example.com
  network:
    vpcId: vpc-0a1b2c3d4e5f60718
    vpcCidr: 10.20.0.0/16
    subnetIds: [subnet-0aa1bb2cc3dd4ee51, subnet-0aa1bb2cc3dd4ee52]
    clientCidrs: [10.20.64.0/18]
    loadBalancerSubnets: [{id: subnet-0bb1cc2dd3ee4ff51, cidr: 10.20.0.0/24}, {id: subnet-0bb1cc2dd3ee4ff52, cidr: 10.20.1.0/24}]
  access:
    adminAllowlist: [203.0.113.0/24]
  litellm:
    version: v1.77.7-stable
    roleArn: arn:aws:iam::123456789012:role/worst-litellm
    models:
`)
	// Per model: a chain of MaxDepth-1 maps ending in a leaf (MaxDepth
	// values) and two scalars, within both budgets.
	perModel := spec.MaxParamsValues / spec.MaxModels
	scalars := perModel - spec.MaxDepth
	leaf := spec.MaxParamsBytes/spec.MaxModels - 16*scalars
	for i := range spec.MaxModels {
		name := fmt.Sprintf("m%04d-", i)
		name += strings.Repeat("n", 128-len(name))
		fmt.Fprintf(&b, "      - name: %s\n        model: bedrock/%s\n        params:\n", name, strings.Repeat("q", 256-len("bedrock/")))
		for j := range scalars {
			fmt.Fprintf(&b, "          s%d: %s\n", j, strings.Repeat("v", 15))
		}
		fmt.Fprintf(&b, "          c: %s%s%s\n", strings.Repeat("{a: ", spec.MaxDepth-2), strings.Repeat("z", leaf), strings.Repeat("}", spec.MaxDepth-2))
	}
	b.WriteString(`  sso:
    tenantId: 11111111-2222-3333-4444-555555555555
    clientId: 66666666-7777-8888-9999-000000000000
    clientSecret: entra-client-secret
  nodes:
    nodeRole: KarpenterNodeRole-platform-eks
    subnetSelector: {karpenter.sh/discovery: platform-eks}
    securityGroupSelector: {karpenter.sh/discovery: platform-eks}
  environments:
    dev: {}
`)
	for i := 1; i < spec.MaxEnvironments; i++ {
		fmt.Fprintf(&b, "    env-%d: {domain: env-%d.worst.example.com}\n", i, i)
	}
	return []byte(b.String())
}
