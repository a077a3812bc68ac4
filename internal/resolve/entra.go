package resolve

// EntraOIDC is the OpenID Connect provider of an Entra ID tenant (the v2.0
// endpoints, as its discovery document
// https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration
// lists them).
type EntraOIDC struct {
	Issuer, AuthorizationEndpoint, TokenEndpoint, UserInfoEndpoint string
}

// Entra returns the OIDC endpoints of the environment's tenant
// (spec.sso.tenantId).
func (g *Gateway) Entra() EntraOIDC {
	base := "https://login.microsoftonline.com/" + g.SSO.TenantID
	return EntraOIDC{
		Issuer:                base + "/v2.0",
		AuthorizationEndpoint: base + "/oauth2/v2.0/authorize",
		TokenEndpoint:         base + "/oauth2/v2.0/token",
		UserInfoEndpoint:      "https://graph.microsoft.com/oidc/userinfo",
	}
}
