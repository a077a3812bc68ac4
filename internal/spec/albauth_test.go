package spec

import (
	"os"
	"strings"
	"testing"
)

// TestALBAuthentication checks the defaults of sso.albAuthentication and
// that each bad value is reported at its field.
func TestALBAuthentication(t *testing.T) {
	base, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "          bearerRequests: allow\n" // in staging's block
	tests := []struct {
		name string
		add  string // lines added to staging's albAuthentication (a bearerRequests line replaces its own)
		want string
	}{
		{"client ID", "          clientId: entra-app\n", `sso.albAuthentication.clientId: "entra-app" is not a GUID`},
		{"client secret path", "          clientSecret: ../prod/entra\n", `sso.albAuthentication.clientSecret: "../prod/entra" is not a Secrets Manager secret name`},
		{"generated secret", "          clientSecret: litellm-master-key\n", `"litellm-master-key" is the name of a secret aigw generates`},
		{"session too long", "          sessionTimeoutSeconds: 604801\n", "sso.albAuthentication.sessionTimeoutSeconds: must be between 1 and 604800"},
		{"session zero", "          sessionTimeoutSeconds: 0\n", "sso.albAuthentication.sessionTimeoutSeconds"},
		{"optional sign-in", "          onUnauthenticatedRequest: allow\n", `sso.albAuthentication.onUnauthenticatedRequest: must be authenticate or deny, not "allow"`},
		{"bearer redirect", "          bearerRequests: authenticate\n", `sso.albAuthentication.bearerRequests: must be deny or allow, not "authenticate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(string(base), anchor) {
				t.Fatalf("anchor %q is not in the example", anchor)
			}
			block := anchor + tt.add
			if strings.HasPrefix(tt.add, "          bearerRequests:") {
				block = tt.add
			}
			src := strings.Replace(string(base), anchor, block, 1)
			doc, err := Parse("aigateway.yaml", []byte(src))
			if err == nil {
				_, err = doc.Environment("staging")
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "aigateway.yaml:") {
				t.Errorf("error %q does not say where", err)
			}
		})
	}

	doc, err := Parse("aigateway.yaml", base)
	if err != nil {
		t.Fatal(err)
	}
	for env, want := range map[string]ALBAuthentication{
		"dev": {},
		"staging": {Enabled: true, ClientID: "66666666-7777-8888-9999-000000000000", ClientSecret: "entra-client-secret",
			SessionTimeoutSeconds: DefaultALBSessionSeconds, OnUnauthenticatedRequest: ALBAuthAuthenticate, BearerRequests: ALBAuthAllow},
		"prod": {Enabled: true, ClientID: "66666666-7777-8888-9999-000000000000", ClientSecret: "entra-client-secret",
			SessionTimeoutSeconds: 43200, OnUnauthenticatedRequest: ALBAuthAuthenticate, BearerRequests: ALBAuthDeny},
	} {
		e, err := doc.Environment(env)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Settings.SSO.ALBAuthentication; got != want {
			t.Errorf("%s: albAuthentication %+v, want %+v", env, got, want)
		}
	}
}
