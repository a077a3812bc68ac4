package render_test

import (
	"fmt"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/spec"
)

// TestAdminALBAuthenticationInvariant: with sso.albAuthentication on, every
// admin-host rule that forwards to LiteLLM runs an authenticate-oidc action
// against the tenant's Entra ID first (browser rules authenticate or deny,
// bearer-token rules as bearerRequests says), with a client Secret that an
// ExternalSecret of the same namespace writes in the keys the AWS Load
// Balancer Controller reads, synced before the routes (a missing Secret fails
// the controller's build of the whole Gateway); the API host never
// authenticates at the ALB; with it off, nothing authenticates and no such
// Secret exists. Over every environment of the example, its preview, and the
// example with the option on at the base (so a preview has it on too).
func TestAdminALBAuthenticationInvariant(t *testing.T) {
	variants := renderVariants(t, exampleDir)
	const anchor = "    adminId: 77777777-8888-9999-aaaa-bbbbbbbbbbbb\n"
	for _, v := range renderVariants(t, editedExample(t, anchor, anchor+"    albAuthentication: {enabled: true}\n")) {
		v.name = "base-enabled " + v.name
		variants = append(variants, v)
	}
	enabled := map[string]bool{}
	for _, v := range variants {
		checkALBAuth(t, v)
		if v.g.SSO.ALBAuthentication.Enabled {
			enabled[v.name] = true
		}
	}
	for _, want := range []string{"staging", "prod", "base-enabled preview 42"} {
		if !enabled[want] {
			t.Errorf("%s: albAuthentication is not exercised (enabled: %v)", want, enabled)
		}
	}
	if enabled["dev"] {
		t.Errorf("dev: the example should keep one environment without ALB authentication")
	}
}

func checkALBAuth(t *testing.T, v variant) {
	t.Helper()
	a := v.g.SSO.ALBAuthentication
	lrcs := map[string]*unstructured.Unstructured{}
	for _, o := range v.byKind("ListenerRuleConfiguration") {
		lrcs[o.GetNamespace()+"/"+o.GetName()] = o
	}
	secrets := map[string]bool{} // Secrets (namespace/name) used by authenticate actions
	bearerRules, browserRules := 0, 0
	var lastConfigWave int
	for _, rt := range v.byKind("HTTPRoute") {
		hosts := fmt.Sprint(get(rt.Object, "spec", "hostnames"))
		admin := strings.Contains(hosts, v.g.AdminHost) && !strings.Contains(hosts, v.g.APIHost)
		for _, rule := range list(rt.Object, "spec", "rules") {
			if len(list(rule, "backendRefs")) == 0 {
				continue // fixed responses and redirects: answered by the ALB itself
			}
			where := fmt.Sprintf("%s HTTPRoute %s rule %v", v.name, rt.GetName(), get(rule, "name"))
			var auth map[string]any
			for _, f := range list(rule, "filters") {
				name, _ := get(f, "extensionRef", "name").(string)
				lrc := lrcs[rt.GetNamespace()+"/"+name]
				if lrc == nil {
					continue
				}
				lastConfigWave = max(lastConfigWave, wave(t, lrc))
				for _, act := range list(lrc.Object, "spec", "actions") {
					if get(act, "type") == "authenticate-oidc" {
						auth, _ = get(act, "authenticateOIDCConfig").(map[string]any)
					}
				}
			}
			if !admin || !a.Enabled {
				if auth != nil {
					t.Errorf("%s: authenticates at the ALB (albAuthentication %v, admin host %v)", where, a.Enabled, admin)
				}
				continue
			}
			if auth == nil {
				t.Errorf("%s: forwards to LiteLLM without authenticating at the ALB", where)
				continue
			}
			bearer := false
			for _, m := range list(rule, "matches") {
				hs := list(m, "headers")
				bearer = len(hs) == 1 && get(hs[0], "name") == "Authorization" && strings.Contains(fmt.Sprint(get(hs[0], "value")), "earer ")
			}
			want := a.OnUnauthenticatedRequest
			if bearer {
				want, bearerRules = a.BearerRequests, bearerRules+1
			} else {
				browserRules++
			}
			if got := auth["onUnauthenticatedRequest"]; got != want {
				t.Errorf("%s: onUnauthenticatedRequest %v, want %s", where, got, want)
			}
			if !bearer && want == spec.ALBAuthAllow {
				t.Errorf("%s: a browser rule that lets unauthenticated requests through", where)
			}
			tenant := "https://login.microsoftonline.com/" + v.g.SSO.TenantID + "/"
			for _, k := range []string{"issuer", "authorizationEndpoint", "tokenEndpoint"} {
				if s, _ := auth[k].(string); !strings.HasPrefix(s, tenant) {
					t.Errorf("%s: %s %q is not an endpoint of tenant %s", where, k, s, v.g.SSO.TenantID)
				}
			}
			if fmt.Sprint(auth["sessionTimeout"]) != fmt.Sprint(a.SessionTimeoutSeconds) {
				t.Errorf("%s: sessionTimeout %v, want %d", where, auth["sessionTimeout"], a.SessionTimeoutSeconds)
			}
			name, _ := get(auth, "secret", "name").(string)
			secrets[rt.GetNamespace()+"/"+name] = true
		}
	}
	if a.Enabled && (bearerRules == 0 || browserRules == 0) {
		t.Errorf("%s: %d browser and %d bearer rules on the admin host, want both", v.name, browserRules, bearerRules)
	}
	for ref := range secrets {
		checkOIDCSecret(t, v, ref, lastConfigWave)
	}
	for _, o := range v.byKind("Secret") {
		t.Errorf("%s: Secret %s in the output (values come from External Secrets only)", v.name, o.GetName())
	}
}

// checkOIDCSecret: the Secret ns/name is written by an ExternalSecret of
// that namespace with clientSecret from Secrets Manager and the (public)
// client ID as the only literal, synced in an earlier wave than the
// configurations that reference it.
func checkOIDCSecret(t *testing.T, v variant, ref string, configWave int) {
	t.Helper()
	a := v.g.SSO.ALBAuthentication
	for _, es := range v.byKind("ExternalSecret") {
		if es.GetNamespace()+"/"+fmt.Sprint(get(es.Object, "spec", "target", "name")) != ref {
			continue
		}
		keys := map[string]bool{}
		for _, d := range list(es.Object, "spec", "data") {
			keys[fmt.Sprint(get(d, "secretKey"))] = true
			if remote := fmt.Sprint(get(d, "remoteRef", "key")); remote != v.g.Secrets.Prefix+"/"+a.ClientSecret {
				t.Errorf("%s: %s reads %s, want %s/%s", v.name, ref, remote, v.g.Secrets.Prefix, a.ClientSecret)
			}
		}
		tmpl, _ := get(es.Object, "spec", "target", "template", "data").(map[string]any)
		if len(tmpl) != 1 || tmpl["clientID"] != a.ClientID {
			t.Errorf("%s: %s template %v, want only the client ID %s", v.name, ref, tmpl, a.ClientID)
		}
		// The controller reads clientID (or clientId) and clientSecret
		// (pkg/shared_constants/secret_keys.go at v3.5.0).
		if !keys["clientSecret"] || len(keys) != 1 {
			t.Errorf("%s: %s writes %v from Secrets Manager, want clientSecret", v.name, ref, keys)
		}
		if w := wave(t, es); w >= configWave {
			t.Errorf("%s: %s syncs in wave %d, not before the rule configurations (wave %d)", v.name, ref, w, configWave)
		}
		return
	}
	t.Errorf("%s: no ExternalSecret writes the OIDC client Secret %s", v.name, ref)
}
