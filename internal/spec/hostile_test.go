package spec

import (
	"fmt"
	"strings"
	"testing"
)

// TestSecretKey: key names that hold credentials are caught wherever they
// are; LiteLLM's token-counting and pricing parameters are not.
func TestSecretKey(t *testing.T) {
	secret := []string{"api_key", "apiKey", "API-KEY", "aws_secret_access_key", "aws_session_token", "azure_ad_token", "client_secret",
		"password", "Authorization", "x-auth-token", "token", "github_token", "vertex_credentials", "private_key", "AccountKey", "Cookie"}
	benign := []string{"api_base", "api_version", "aws_region_name", "max_tokens", "input_cost_per_token", "output_cost_per_token",
		"max_completion_tokens", "rpm", "tpm", "timeout", "tokenizer", "keyword", "monkey", "model_info", "key_hint", "cache_key_prefix"}
	for _, k := range secret {
		if !secretKey(k) {
			t.Errorf("secretKey(%q) = false, want true", k)
		}
	}
	for _, k := range benign {
		if secretKey(k) {
			t.Errorf("secretKey(%q) = true, want false", k)
		}
	}
}

// TestSecretValue: provider key shapes, tokens and URLs with user info are
// caught inside any string; ordinary parameter values are not.
func TestSecretValue(t *testing.T) {
	tests := []struct{ value, want string }{
		{"sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123", "an Anthropic API key"},
		{"sk-abcdefghijklmnopqrstuvwx", "an OpenAI API key"},
		{"key is sk-proj-abcdefghijklmnopqrstuvwx, really", "an OpenAI API key"},
		{"AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"},
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "an AWS secret access key"},
		{"0123456789abcdef0123456789abcdef", "an Azure OpenAI API key"},
		{"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc", "an Azure connection string key"},
		{"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"},
		{"github_pat_11ABCDEFG0abcdefghijklmnopqrstuv", "a GitHub token"},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl", "a JSON Web Token"},
		{"Bearer abcdefghijkl0123", "an HTTP Authorization credential"},
		{"basic dXNlcjpwYXNzd29yZA==", "an HTTP Authorization credential"},
		{"https://user:pass@host", "a URL with a user name or password"},
		{"postgres://admin@db.internal:5432/x", "a URL with a user name or password"},
		{"see http://a.example.com and https://u@b.example.com", "a URL with a user name or password"},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIE", "a private key"},
		{"https://example-openai.openai.azure.com", ""},
		{"https://host/path?email=a@b.c", ""},
		{"2024-10-21", ""},
		{"bedrock/anthropic.claude-sonnet-4-20250514-v1:0", ""},
		{"da39a3ee5e6b4b0d3255bfef95601890afd80709", ""},
		{"arn:aws:iam::123456789012:role/ai-gateway-litellm", ""},
		{"sk-short", ""},
		{"The bearer of this token decides", ""},
	}
	for _, tt := range tests {
		if got := secretValue(tt.value); got != tt.want {
			t.Errorf("secretValue(%.30q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}

// TestBranchProblem follows `git check-ref-format --branch`.
func TestBranchProblem(t *testing.T) {
	valid := []string{"env/dev", "main", "release/v1.2", "feature/a-b_c", "env/prod-eu.1", "a@b", "ü"}
	invalid := []string{"", "-x", "--upload-pack=x", "HEAD", "@", "@{-1}", "a@{u}", "env dev", "env/../x", "a..b", "HEAD:gw",
		"a~1", "a^", "a?", "a*", "a[b", `a\b`, "/a", "a/", "a//b", "a.", ".a", "env/.hidden", "env/dev.lock", "a\x00b", "a\tb",
		strings.Repeat("a", maxBranchLen+1)}
	for _, b := range valid {
		if p := branchProblem(b); p != "" {
			t.Errorf("branchProblem(%q) = %q, want valid", b, p)
		}
	}
	for _, b := range invalid {
		if branchProblem(b) == "" {
			t.Errorf("branchProblem(%q) = valid, want a problem", b)
		}
	}
}

// TestAllowlistUnion: the union of an allowlist, not each entry, is what
// the WAF admits.
func TestAllowlistUnion(t *testing.T) {
	tests := []struct {
		list    []string
		wantErr string
	}{
		{[]string{"198.51.100.0/24", "203.0.113.0/24"}, ""},
		{[]string{"10.0.0.0/16"}, ""},
		{[]string{"10.0.0.0/16", "10.0.1.0/24", "10.0.0.0/17"}, ""},
		{[]string{"10.0.0.0/17", "10.0.128.0/17"}, ""},
		{[]string{"10.0.0.0/16", "10.1.0.0/17"}, "together the IPv4 entries cover more addresses than one /16"},
		{[]string{"2001:db8::/48", "2001:db8:1::/49"}, "together the IPv6 entries cover more addresses than one /48"},
		{[]string{"2001:db8::/48", "10.0.0.0/16"}, ""},
		{[]string{"10.0.0.0/15"}, "10.0.0.0/15 is too broad"},
		{[]string{"0.0.0.0/0"}, "0.0.0.0/0 allows everyone"},
		{[]string{"::ffff:10.0.0.0/112"}, "IPv4-mapped"},
		{[]string{"10.0.0.0/16", "10.0.0.0/16"}, "listed twice"},
	}
	for _, tt := range tests {
		v := &validator{file: "x.yaml", pos: map[string]position{}}
		v.allowlist("spec.access.adminAllowlist", tt.list, adminAllowlistRule)
		got := v.errs.Error()
		if tt.wantErr == "" && len(v.errs) > 0 || tt.wantErr != "" && !strings.Contains(got, tt.wantErr) {
			t.Errorf("%v: errors %q, want %q", tt.list, got, tt.wantErr)
		}
	}
}

// TestFreeFormLimits: params nested or expanded beyond the limits end in
// one error; params within them decode.
func TestFreeFormLimits(t *testing.T) {
	nested := func(depth int) string {
		return strings.Repeat("{a: ", depth) + "1" + strings.Repeat("}", depth)
	}
	big := strings.Repeat("x", 1<<20)
	tests := []struct {
		name, params, wantErr string
	}{
		{"depth at the limit", nested(MaxDepth - 1), ""},
		{"depth beyond the limit", nested(MaxDepth), "nested more than 16 levels deep"},
		{"depth of a bomb", nested(9000), "nested more than 16 levels deep"},
		{"aliases expanding a large string", "{a: &s " + big + ", b: [*s, *s, *s, *s, *s]}", "model params are too large: more than 10000 values or 256 KiB"},
		{"many small values", "[" + strings.Repeat("1, ", MaxParamsValues) + "1]", "model params are too large"},
		{"params within the limits", "{a: &s " + strings.Repeat("x", 50<<10) + ", b: [*s, *s, *s]}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimalSpec, "model: m\n", "model: m\n        params: {p: "+tt.params+"}\n", 1)
			doc, err := Parse("x.yaml", []byte(src))
			if err == nil {
				_, err = doc.Environment("dev")
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if n := len(Errors(err)); n != 1 {
				t.Errorf("%d errors, want 1", n)
			}
		})
	}
}

// TestDocumentLimits: limits that do not depend on params.
func TestDocumentLimits(t *testing.T) {
	big := strings.Repeat("x", 600<<10)
	var models strings.Builder
	for i := range MaxModels + 1 {
		fmt.Fprintf(&models, "      - {name: m%d, model: m}\n", i)
	}
	var envs strings.Builder
	for i := range MaxEnvironments + 1 {
		fmt.Fprintf(&envs, "    e%d: {}\n", i)
	}
	tests := []struct{ name, old, new, wantErr string }{
		{"aliases expanding labels", "metadata: {name: gw}", "metadata: {name: gw, labels: {a: &s " + big + ", b: *s, c: *s, d: *s}}", "its values expand to more than 2 MiB (YAML aliases count once per use)"},
		{"too many models", "      - name: m\n        model: m\n", models.String(), "501 models is more than the limit of 500"},
		{"too many environments", "    dev: {}\n", envs.String(), "65 environments is more than the limit of 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimalSpec, tt.old, tt.new, 1)
			doc, err := Parse("x.yaml", []byte(src))
			if err == nil {
				_, err = doc.Environment(doc.Environments()[0])
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// minimalSpec is a valid spec with one model whose line "model: m" tests
// extend.
const minimalSpec = `apiVersion: aigw.dev/v1alpha1
kind: AIGateway
metadata: {name: gw}
spec:
  region: us-east-1
  domain: ai.example.org
  network:
    vpcId: vpc-0123456789abcdef0
    vpcCidr: 10.0.0.0/16
    subnetIds: [subnet-0123456789abcdef1, subnet-0123456789abcdef2]
    clientCidrs: [10.0.128.0/17]
    loadBalancerSubnets: [{id: subnet-0123456789abcdef3, cidr: 10.0.0.0/24}, {id: subnet-0123456789abcdef4, cidr: 10.0.1.0/24}]
  access:
    adminAllowlist: [198.51.100.0/24]
  litellm:
    version: v1.77.7-stable
    models:
      - name: m
        model: m
  sso:
    tenantId: 11111111-2222-3333-4444-555555555555
    clientId: 66666666-7777-8888-9999-000000000000
    clientSecret: entra
  nodes:
    nodeRole: KarpenterNodeRole
    subnetSelector: {karpenter.sh/discovery: eks}
    securityGroupSelector: {karpenter.sh/discovery: eks}
  environments:
    dev: {}
`
