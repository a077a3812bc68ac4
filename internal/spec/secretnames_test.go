package spec

import (
	"os"
	"strings"
	"testing"
)

func TestSecretPathProblem(t *testing.T) {
	tests := []struct {
		in   string
		want string // substring of the problem; "" means accepted
	}{
		{"azure-openai", ""},
		{"aigw/ai-gateway/prod", ""},
		{"team_a/key+1=x.y@z", ""},
		{strings.Repeat("a", 512), ""},
		{"", "empty"},
		{strings.Repeat("a", 513), "longer than 512"},
		{"../../prod/azure-openai", `".." segment`},
		{"a/../b", `".." segment`},
		{"a/./b", `"." segment`},
		{"..", `".." segment`},
		{"/aigw/x", "start or end"},
		{"aigw/x/", "start or end"},
		{"a//b", "empty segment"},
		{"a b", "only letters"},
		{"a\\b", "only letters"},
		{"ä", "only letters"},
		{"a\nb", "only letters"},
		{"a*", "only letters"},
	}
	for _, tt := range tests {
		got := secretPathProblem(tt.in)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("secretPathProblem(%.30q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSecretNameFields checks every secret-name field of the spec rejects a
// path that walks out of the prefix and a name aigw generates.
func TestSecretNameFields(t *testing.T) {
	base, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"apiKeySecret dot-dot", "apiKeySecret: azure-openai", "apiKeySecret: ../../prod/azure-openai", `spec.litellm.models[1].apiKeySecret: "../../prod/azure-openai" is not a Secrets Manager secret name`},
		{"apiKeySecret generated name", "apiKeySecret: azure-openai", "apiKeySecret: litellm-salt-key", `"litellm-salt-key" is the name of a secret aigw generates`},
		{"clientSecret leading slash", "clientSecret: entra-client-secret", "clientSecret: /entra", `spec.sso.clientSecret: "/entra" is not a Secrets Manager secret name`},
		{"clientSecret empty segment", "clientSecret: entra-client-secret", "clientSecret: a//b", "empty segment"},
		{"prefix dot-dot", "  database:\n    instanceClass: db.r7g.large", "  secrets:\n    prefix: ../../other/ai-gateway/dev\n  database:\n    instanceClass: db.r7g.large", `spec.secrets.prefix: "../../other/ai-gateway/dev" is not a Secrets Manager name prefix`},
		{"previews prefix dot-dot", "    from: dev", "    from: dev\n    secretsPrefix: aigw/../x", `spec.previews.secretsPrefix: "aigw/../x" is not a Secrets Manager name prefix`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(string(base), tt.old) {
				t.Fatalf("edit %q does not apply to the example", tt.old)
			}
			src := strings.Replace(string(base), tt.old, tt.new, 1)
			doc, err := Parse("aigateway.yaml", []byte(src))
			if err == nil {
				_, err = doc.Environment("dev")
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestEnvironmentsNeverShareSecrets: a secrets.prefix written once at the
// base would give every environment the same Secrets Manager names; the
// error names both environments and where the other prefix is written.
func TestEnvironmentsNeverShareSecrets(t *testing.T) {
	base, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	anchor := "  database:\n    instanceClass: db.r7g.large"
	tests := []struct {
		name, insert string
		envs         map[string]string // environment → override block appended after its name line
		bad          map[string]string // environment → substring of its error; others must resolve
	}{
		{
			name:   "base prefix shared by all",
			insert: "  secrets:\n    prefix: platform/ai-gateway\n",
			bad: map[string]string{
				"dev":     `spec.secrets.prefix: "platform/ai-gateway" overlaps the secrets prefix "platform/ai-gateway" of environment prod (spec.secrets.prefix at aigateway.yaml:`,
				"staging": `overlaps the secrets prefix "platform/ai-gateway" of environment dev`,
				"prod":    `overlaps the secrets prefix "platform/ai-gateway" of environment dev`,
			},
		},
		{
			name: "one environment inside another",
			envs: map[string]string{"dev": "      secrets: {prefix: aigw/ai-gateway/prod/sandbox}\n"},
			bad: map[string]string{
				"dev":  `overlaps the secrets prefix "aigw/ai-gateway/prod" of environment prod (its default)`,
				"prod": `"aigw/ai-gateway/prod" overlaps the secrets prefix "aigw/ai-gateway/prod/sandbox" of environment dev (spec.environments.dev.secrets.prefix at aigateway.yaml:`,
			},
		},
		{
			name:   "base prefix overridden everywhere",
			insert: "  secrets:\n    prefix: platform/ai-gateway\n",
			envs: map[string]string{
				"dev":     "      secrets: {prefix: platform/ai-gateway/dev}\n",
				"staging": "      secrets: {prefix: platform/ai-gateway/staging}\n",
				"prod":    "      secrets: {prefix: platform/ai-gateway-prod}\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(string(base), anchor, tt.insert+anchor, 1)
			for env, block := range tt.envs {
				line := "\n    " + env + ":\n"
				if !strings.Contains(src, line) {
					t.Fatalf("no environment %s", env)
				}
				src = strings.Replace(src, line, line+block, 1)
			}
			doc, err := Parse("aigateway.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			for _, env := range doc.Environments() {
				_, err := doc.Environment(env)
				want, bad := tt.bad[env]
				switch {
				case !bad && err != nil:
					t.Errorf("%s: %v", env, err)
				case bad && (err == nil || !strings.Contains(err.Error(), want)):
					t.Errorf("%s: got %v, want an error containing %q", env, err, want)
				}
			}
		})
	}
}
