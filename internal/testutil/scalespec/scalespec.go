// Package scalespec generates large, valid aigateway.yaml specs for scale
// tests and benchmarks (many models, many environments), so that no
// thousand-line spec has to be committed. The output is deterministic.
package scalespec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Default size of the scale spec of the performance budget.
const (
	Models       = 50
	Environments = 6
)

// envNames are the first environment names; more are env-<n>.
var envNames = []string{"dev", "qa", "test", "staging", "perf", "prod"}

// EnvironmentNames returns the names of the first n environments, in the
// order Spec writes them.
func EnvironmentNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		if i < len(envNames) {
			names[i] = envNames[i]
		} else {
			names[i] = fmt.Sprintf("env-%d", i+1)
		}
	}
	return names
}

// Spec returns an aigateway.yaml with the given number of models and
// environments. Every environment overrides part of the base (domain,
// replicas, data stores, node limits); every other one replaces the model
// list, so environment merging is exercised with lists and maps.
func Spec(models, envs int) []byte {
	var b strings.Builder
	b.WriteString(`apiVersion: aigw.dev/v1alpha1
kind: AIGateway
metadata:
  name: scale
  labels:
    team: platform
    cost-center: "4711"
spec:
  region: eu-west-1
  domain: scale.example.com
  network:
    vpcId: vpc-0a1b2c3d4e5f60718
    vpcCidr: 10.20.0.0/16
    subnetIds: [subnet-0aa1bb2cc3dd4ee51, subnet-0aa1bb2cc3dd4ee52, subnet-0aa1bb2cc3dd4ee53]
    clientCidrs: [10.20.64.0/18, 10.20.128.0/18]
    loadBalancerSubnets: [{id: subnet-0bb1cc2dd3ee4ff51, cidr: 10.20.0.0/24}, {id: subnet-0bb1cc2dd3ee4ff52, cidr: 10.20.1.0/24}]
  access:
    apiAllowlist: [198.51.100.0/24, 203.0.113.0/24]
    adminAllowlist: [203.0.113.0/24]
  litellm:
    version: v1.77.7-stable
    roleArn: arn:aws:iam::123456789012:role/scale-litellm
    models:
`)
	writeModels(&b, models, "    ", "")
	b.WriteString(`  sso:
    tenantId: 11111111-2222-3333-4444-555555555555
    clientId: 66666666-7777-8888-9999-000000000000
    clientSecret: entra-client-secret
  nodes:
    nodeRole: KarpenterNodeRole-platform-eks
    subnetSelector:
      karpenter.sh/discovery: platform-eks
    securityGroupSelector:
      karpenter.sh/discovery: platform-eks
  environments:
`)
	for i, name := range EnvironmentNames(envs) {
		prod := name == "prod"
		fmt.Fprintf(&b, "    %s:\n", name)
		if !prod {
			fmt.Fprintf(&b, "      domain: %s.scale.example.com\n", name)
		}
		fmt.Fprintf(&b, "      api:\n        replicas: {min: %d, max: %d}\n", 1+i%3, 4+2*i)
		fmt.Fprintf(&b, "        resources: {cpu: %q, memory: %dGi}\n", fmt.Sprint(1+i%2), 2+i%3)
		fmt.Fprintf(&b, "      database:\n        instanceClass: %s\n        instances: %d\n", []string{"db.t4g.medium", "db.r7g.large", "db.r7g.xlarge"}[i%3], 1+i%3)
		fmt.Fprintf(&b, "      cache:\n        replicas: %d\n", 1+i%3)
		fmt.Fprintf(&b, "      nodes:\n        limits: {cpu: %q, memory: %dGi}\n", fmt.Sprint(16*(1+i%4)), 64*(1+i%4))
		if i%2 == 1 {
			b.WriteString("      litellm:\n        models:\n")
			writeModels(&b, models, "          ", "-"+name)
		}
		if prod {
			b.WriteString("      admin:\n        replicas: 2\n      edge:\n        accessLogsBucket: scale-alb-access-logs\n")
		}
	}
	b.WriteString("  previews:\n    from: dev\n")
	return []byte(b.String())
}

// writeModels writes n model entries at indent; suffix varies the
// deployments between environments.
func writeModels(b *strings.Builder, n int, indent, suffix string) {
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(b, "%s- name: claude-%d\n%s  model: bedrock/anthropic.claude-sonnet-4-20250514-v1:0\n", indent, i, indent)
			fmt.Fprintf(b, "%s  params:\n%s    aws_region_name: eu-west-1\n%s    rpm: %d\n", indent, indent, indent, 100+i)
		case 1:
			fmt.Fprintf(b, "%s- name: gpt-%d\n%s  model: azure/gpt-4o\n", indent, i, indent)
			fmt.Fprintf(b, "%s  params:\n%s    api_base: https://openai-%d%s.openai.azure.com\n%s    api_version: \"2024-10-21\"\n", indent, indent, i, suffix, indent)
			fmt.Fprintf(b, "%s  apiKeySecret: azure-openai-%d\n", indent, i)
		default:
			fmt.Fprintf(b, "%s- name: embed-%d\n%s  model: bedrock/amazon.titan-embed-text-v2:0\n", indent, i, indent)
		}
	}
}

// Write writes Spec(models, envs) as aigateway.yaml into a new temporary
// directory and returns the directory.
func Write(tb testing.TB, models, envs int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "aigateway.yaml"), Spec(models, envs), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}
