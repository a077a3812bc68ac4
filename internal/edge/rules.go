package edge

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/aigw-dev/aigw/internal/resolve"
)

// BlockedResponse is the body of the ALB's fixed 404 for blocked paths, in
// the shape of an OpenAI error so that SDKs report it cleanly.
const BlockedResponse = `{"error":{"message":"Not Found","type":"invalid_request_error","code":"not_found"}}`

// blockedRuleConfig answers a rule with a fixed 404 from the ALB.
func blockedRuleConfig(g *resolve.Gateway) *unstructured.Unstructured {
	return lbcObject(g, ListenerRuleConfigurationKind, BlockedRuleConfigName(g), map[string]any{
		"actions": []any{map[string]any{
			"type": "fixed-response",
			"fixedResponseConfig": map[string]any{
				"statusCode":  int64(404),
				"contentType": "application/json",
				"messageBody": BlockedResponse,
			},
		}},
		"tags": tags(g),
	})
}

// forwardRuleConfig configures a forwarding rule. With cidrs it adds a
// source-ip condition: the rule matches only requests from these CIDRs (the
// TCP peer of the ALB, not X-Forwarded-For), and other clients fall through
// to the next rule and finally to the listener's default 404. With auth the
// ALB runs that authenticate action before the forward (the controller
// takes the forward from the route's backendRefs).
func forwardRuleConfig(g *resolve.Gateway, name string, cidrs []string, auth map[string]any) *unstructured.Unstructured {
	spec := map[string]any{"tags": tags(g)}
	if len(cidrs) > 0 {
		spec["conditions"] = []any{map[string]any{
			"field":          "source-ip",
			"sourceIPConfig": map[string]any{"values": stringList(cidrs)},
		}}
	}
	if auth != nil {
		spec["actions"] = []any{auth}
	}
	return lbcObject(g, ListenerRuleConfigurationKind, name, spec)
}

// authenticateAction is the admin host's Entra ID sign-in at the ALB, with
// the given behaviour for requests without a valid session; nil when
// spec.sso.albAuthentication is off. The controller reads the client ID and
// secret from the Secret in the route's namespace; every field the CRD
// defaults is spelled out, so that what Argo CD compares equals what the
// API server stores.
func authenticateAction(g *resolve.Gateway, onUnauthenticated string) map[string]any {
	a := g.SSO.ALBAuthentication
	if !a.Enabled {
		return nil
	}
	e := g.Entra()
	return map[string]any{
		"type": "authenticate-oidc",
		"authenticateOIDCConfig": map[string]any{
			"issuer":                   e.Issuer,
			"authorizationEndpoint":    e.AuthorizationEndpoint,
			"tokenEndpoint":            e.TokenEndpoint,
			"userInfoEndpoint":         e.UserInfoEndpoint,
			"secret":                   map[string]any{"name": g.Contract().Secrets.ALBOIDC.Name},
			"scope":                    OIDCScope,
			"sessionCookieName":        SessionCookieName,
			"sessionTimeout":           a.SessionTimeoutSeconds,
			"onUnauthenticatedRequest": onUnauthenticated,
		},
	}
}

// OIDCScope is what the ALB asks Entra ID for: the ID token and the user's
// name and e-mail in the claims it passes on (x-amzn-oidc-data).
const OIDCScope = "openid profile email"

// SessionCookieName is the ALB's default session cookie name.
const SessionCookieName = "AWSELBAuthSessionCookie"

// BearerHeaderMatch matches requests that carry a bearer token (LiteLLM
// accepts its keys as "Authorization: Bearer <key>"). The controller turns a
// RegularExpression header match into the ALB condition's regexValues.
func BearerHeaderMatch() *gwv1.HTTPHeaderMatch {
	return &gwv1.HTTPHeaderMatch{
		Type:  ptr(gwv1.HeaderMatchRegularExpression),
		Name:  "Authorization",
		Value: BearerPattern,
	}
}

// BearerPattern is the Authorization value of a bearer token.
const BearerPattern = "^[Bb]earer .+"

// sourceRuleConfigName names the i-th (from 1) allowlist chunk of a host.
func sourceRuleConfigName(g *resolve.Gateway, host string, i int) string {
	return g.Name(fmt.Sprintf("%s-sources-%d", host, i))
}
