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
