package spec

import (
	"regexp"
	"strings"
	"testing"
)

// TestPatternsMatchBoundedExpressions checks that the patterns with length
// checks accept exactly what the bounded regular expressions they replace
// accept, at and around the bounds.
func TestPatternsMatchBoundedExpressions(t *testing.T) {
	arn := "arn:aws:iam::123456789012:role/"
	tests := []struct {
		name    string
		p       pattern
		bounded string
		inputs  []string
	}{
		{"tag", patterns["imageTag"], `^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`, []string{"", "v", "v1.77.7-stable", "-v", strings.Repeat("a", 127), strings.Repeat("a", 128), strings.Repeat("a", 129), "a b"}},
		{"IAM role", patterns["iamRole"], `^[A-Za-z0-9+=,.@_-]{1,64}$`, []string{"", "KarpenterNodeRole-x", strings.Repeat("r", 64), strings.Repeat("r", 65), "a/b"}},
		{"role ARN", patterns["roleArn"], `^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$`, []string{
			arn, arn + "x", arn + "path/to/x", arn + strings.Repeat("p", 512), arn + strings.Repeat("p", 513),
			"arn:aws-us-gov:iam::123456789012:role/" + strings.Repeat("p", 512), "arn:aws:iam::123456789012:role/a:role/b",
			"arn:aws:iam::12345678901:role/x", "arn:aws:iam::123456789012:user/x",
		}},
		{"bucket", patterns["bucket"], `^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`, []string{"", "a", "ab", "abc", "a-c", "-bc", strings.Repeat("b", 63), strings.Repeat("b", 64), "Abc"}},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(tt.bounded)
		for _, in := range tt.inputs {
			if got, want := tt.p.MatchString(in), re.MatchString(in); got != want {
				t.Errorf("%s: MatchString(%.40q… len %d) = %v, the bounded expression says %v", tt.name, in, len(in), got, want)
			}
		}
	}
}

// TestPatternSamples: each named pattern accepts real values, whose
// expression alone (the JSON Schema's) accepts them too, and rejects
// near misses.
func TestPatternSamples(t *testing.T) {
	for name, p := range patterns {
		s, ok := patternSamples[name]
		if !ok {
			t.Errorf("pattern %s has no samples", name)
			continue
		}
		re := regexp.MustCompile(p.expr)
		for _, v := range s.valid {
			if !p.MatchString(v) || !re.MatchString(v) {
				t.Errorf("pattern %s: rejects %q (the schema's expression alone: %v)", name, v, re.MatchString(v))
			}
		}
		for _, v := range s.invalid {
			if p.MatchString(v) {
				t.Errorf("pattern %s: accepts %q", name, v)
			}
		}
	}
}

// patternSamples are real values and near misses of each named pattern;
// TestTagRulesEnforced breaks a pattern with its first near miss.
var patternSamples = map[string]struct{ valid, invalid []string }{
	"region":          {[]string{"eu-west-1", "us-gov-west-1", "ap-southeast-2"}, []string{"useast1", "EU-west-1"}},
	"vpcId":           {[]string{"vpc-0123456789abcdef0", "vpc-01234567"}, []string{"vpc-xyz", "subnet-01234567"}},
	"subnetId":        {[]string{"subnet-0123456789abcdef0", "subnet-01234567"}, []string{"subnet-xyz"}},
	"imageTag":        {[]string{"v1.77.7-stable", "main-v1.80.0"}, []string{"-v1", "a b"}},
	"image":           {[]string{"ghcr.io/berriai/litellm-database", "registry.example.com:5000/team/litellm"}, []string{"litellm", "ghcr.io/berriai/litellm:v1"}},
	"guid":            {[]string{"11111111-2222-3333-4444-555555555555"}, []string{"contoso", "11111111-2222-3333-4444-55555555555"}},
	"objectId":        {[]string{"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}, []string{"admin"}},
	"engineVersion":   {[]string{"16.6", "8.1", "16"}, []string{"16.x", "v16"}},
	"dbClass":         {[]string{"db.r7g.large", "db.t4g.medium"}, []string{"r7g.large"}},
	"cacheNode":       {[]string{"cache.t4g.medium", "cache.r7g.xlarge"}, []string{"t4g.medium"}},
	"graviton":        {[]string{"m7g", "c8g", "r7gd", "m6gd"}, []string{"m7i", "c7a"}},
	"iamRole":         {[]string{"KarpenterNodeRole-platform-eks"}, []string{"a/b", ""}},
	"roleArn":         {[]string{"arn:aws:iam::123456789012:role/ai-gateway-litellm", "arn:aws-us-gov:iam::123456789012:role/path/x"}, []string{"admin", "arn:aws:iam::123456789012:user/x"}},
	"bucket":          {[]string{"alb-logs", "my.logs.bucket"}, []string{"ab", "Logs"}},
	"topicArn":        {[]string{"arn:aws:sns:eu-west-1:123456789012:alarms"}, []string{"arn:aws:sqs:eu-west-1:123456789012:alarms"}},
	"zoneId":          {[]string{"Z0123456789ABCDEFGHIJ"}, []string{"z123", "Z"}},
	"scrapeInterval":  {[]string{"30s", "1m", "5m", "1s"}, []string{"0s", "6m", "1h", "30"}},
	"quantity":        {[]string{"500m", "2", "4Gi", "1.5"}, []string{"-1", "1e3", "0x10"}},
	"dnsLabel":        {[]string{"api", "ai-gateway-prod", strings.Repeat("a", 63)}, []string{"API", "-a", strings.Repeat("a", 64)}},
	"gatewayName":     {[]string{"ai-gateway", strings.Repeat("g", 20)}, []string{strings.Repeat("g", 21), "a.b"}},
	"environmentName": {[]string{"dev", "prod", "pr", "pr-a", "eu-prod-2", strings.Repeat("e", 20)}, []string{"Prod", strings.Repeat("e", 21), "-dev", "dev_1", "a.b"}},
	"objectName":      {[]string{"aws-secrets-manager", "a.b-c"}, []string{"Bad_Store", "-a"}},
	"domain":          {[]string{"ai.example.com", "dev.ai.example.com"}, []string{"localhost", "Example.com", "a..b"}},
	"cidr":            {[]string{"10.0.0.0/16", "0.0.0.0/0", "255.255.255.255/32", "2001:db8::/32", "2001:DB8::/48", "::/0", "::ffff:10.0.0.0/112", "fd00::/8"}, []string{"10.0.0.7/16", "10.0.0.0/33", "010.0.0.0/8", "2001:db8::/129", "10.0.0.0", "abc"}},
	"ipv4Cidr":        {[]string{"10.0.0.0/24", "0.0.0.0/0"}, []string{"2001:db8::/32", "10.0.0.1/24"}},
	"secretName":      {[]string{"azure-openai", "team_a/key+1=x.y@z", strings.Repeat("a", 512)}, []string{"../prod/x", "a//b", "/a", "a b", strings.Repeat("a", 513)}},
	"secretPrefix":    {[]string{"aigw/ai-gateway/prod"}, []string{"aigw/", "a/./b"}},
	"branch":          {[]string{"env/dev", "main", "release/v1.2", "a@b", "ü"}, []string{"-x", "HEAD", "a..b", "env dev", "a~1", "env/dev.lock"}},
	"amiAlias":        {[]string{"al2023@latest", "al2023@v20260520"}, []string{"al2023@v2026", "al2@latest", "al2023@v20261350", "bottlerocket@latest"}},
	"appPath":         {[]string{"charts/litellm", "litellm", "./charts/x"}, []string{"../charts/litellm", "/abs/chart", "a/../../b"}},
	"chartRepository": {[]string{"https://charts.example.com", "oci://ghcr.io/berriai/litellm-helm"}, []string{"http://charts.example.com", "charts.example.com", "https://"}},
	"tlsPolicy":       {ModernTLSPolicies, []string{"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-1-2021-06"}},
}
