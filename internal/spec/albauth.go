package spec

// ALB authentication of the admin host: the ALB signs users in with Entra ID
// (an authenticate-oidc action of the AWS Load Balancer Controller's
// ListenerRuleConfiguration) before any request reaches the Admin release.

// Values of albAuthentication.onUnauthenticatedRequest and bearerRequests
// (the ALB's OnUnauthenticatedRequest behaviours aigw offers; "allow" on
// the browser paths would make the sign-in optional, so it is not offered
// there).
const (
	ALBAuthAuthenticate = "authenticate"
	ALBAuthDeny         = "deny"
	ALBAuthAllow        = "allow"
)

// DefaultALBSessionSeconds is the ALB session lifetime aigw uses unless told
// otherwise: a working day, not the ALB's default of a week.
const DefaultALBSessionSeconds = 8 * 3600

// ALBAuthentication configures the admin host's ALB sign-in.
type ALBAuthentication struct {
	Enabled bool `json:"enabled,omitempty" doc:"Authenticate every request to the admin host at the ALB with Entra ID (OpenID Connect, the v2.0 endpoints of sso.tenantId) before it is forwarded. Register https://<admin host>/oauth2/idpresponse as a redirect URI of the app. Default false."`
	// ClientID and ClientSecret default to the LiteLLM SSO app's.
	ClientID                 string `json:"clientId,omitempty" doc:"Application (client) ID the ALB signs in with (a GUID). Default sso.clientId." pattern:"guid"`
	ClientSecret             string `json:"clientSecret,omitempty" doc:"Secrets Manager secret name (under secrets.prefix) holding that app's client secret; External Secrets writes it with the client ID into the Secret the load balancer controller reads. Default sso.clientSecret." pattern:"secretName"`
	SessionTimeoutSeconds    int64  `json:"sessionTimeoutSeconds,omitempty" doc:"Lifetime of the ALB's session cookie in seconds. Default 28800 (8 hours)." minimum:"1" maximum:"604800" hint:"the ALB's limit"`
	OnUnauthenticatedRequest string `json:"onUnauthenticatedRequest,omitempty" doc:"What the ALB does with a request without a valid session: authenticate (redirect to the Entra sign-in) or deny (401). Default authenticate." enum:"authenticate,deny" hint:"allow would make the sign-in optional"`
	BearerRequests           string `json:"bearerRequests,omitempty" doc:"Requests to the admin host with an 'Authorization: Bearer' header (LiteLLM keys, scripts and the UI's own API calls) go through a separate rule: deny answers them 401 unless they carry an ALB session (no programmatic access from outside), allow forwards them without one (LiteLLM checks the key; the allowlist and WAF still apply). Default deny." enum:"deny,allow"`
}

func albAuthDefaults(a *ALBAuthentication, sso *SSO) {
	if !a.Enabled {
		return
	}
	orString(&a.ClientID, sso.ClientID)
	orString(&a.ClientSecret, sso.ClientSecret)
	if a.SessionTimeoutSeconds == 0 {
		a.SessionTimeoutSeconds = DefaultALBSessionSeconds
	}
	orString(&a.OnUnauthenticatedRequest, ALBAuthAuthenticate)
	orString(&a.BearerRequests, ALBAuthDeny)
}

func (v *validator) albAuth(a *ALBAuthentication, prefix string) {
	const p = "spec.sso.albAuthentication"
	if !a.Enabled {
		return
	}
	v.secretName(p+".clientSecret", a.ClientSecret, prefix)
}
