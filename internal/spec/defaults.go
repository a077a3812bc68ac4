package spec

import "strings"

// Tiers an environment belongs to.
const (
	TierProduction  = "production"
	TierStaging     = "staging"
	TierDevelopment = "development"
)

// KeepAliveMarginSeconds is how much longer than the ALB idle timeout
// LiteLLM keeps an idle connection by default.
const KeepAliveMarginSeconds = 30

// Default values that docs/spec.md documents; see the doc tags in types.go.
const (
	DefaultImage          = "ghcr.io/berriai/litellm-database"
	DefaultUpstreamChart  = "litellm-helm"
	DefaultGatewayClass   = "aws-alb"
	DefaultTLSPolicy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	DefaultStoreKind      = "ClusterSecretStore"
	DefaultStoreName      = "aws-secrets-manager"
	DefaultProviderConfig = "default"
)

// nonRootImage is the last path element of LiteLLM's non-root image, which
// cannot start under the pods' security context as rendered
// (docs/production.md, "The image under the pods' security context").
const nonRootImage = "litellm-non_root"

// PreviewsSecretsPrefix is spec.previews.secretsPrefix, defaulted to
// aigw/<gateway>/previews.
func PreviewsSecretsPrefix(gateway string, p *Previews) string {
	if p != nil && p.SecretsPrefix != "" {
		return p.SecretsPrefix
	}
	return "aigw/" + gateway + "/previews"
}

// DefaultPreviewsStore is spec.previews.store when unset.
const DefaultPreviewsStore = "aigw-previews"

// PreviewsStore is spec.previews.store, defaulted.
func PreviewsStore(p *Previews) string {
	if p != nil && p.Store != "" {
		return p.Store
	}
	return DefaultPreviewsStore
}

// TierOf infers the tier from an environment name.
func TierOf(env string) string {
	switch strings.ToLower(env) {
	case "prod", "production", "prd":
		return TierProduction
	case "staging", "stage", "stg", "preprod":
		return TierStaging
	}
	return TierDevelopment
}

func orString(p *string, def string) {
	if *p == "" {
		*p = def
	}
}

func orInt(p *int32, def int32) {
	if *p == 0 {
		*p = def
	}
}

func orBool(p **bool, def bool) {
	if *p == nil {
		*p = &def
	}
}

func orList(p *[]string, def ...string) {
	if len(*p) == 0 {
		*p = def
	}
}

// applyDefaults fills every optional field that is still empty.
func applyDefaults(env *Environment) {
	s := &env.Settings
	orString(&s.Tier, TierOf(env.Name))
	prod := s.Tier == TierProduction
	orString(&s.Branch, "env/"+env.Name)
	orString(&s.Hostnames.API, "api")
	orString(&s.Hostnames.Admin, "admin")

	orString(&s.LiteLLM.Image, DefaultImage)
	orInt(&s.LiteLLM.RequestTimeoutSeconds, 600)
	orString(&s.LiteLLM.AWSIdentity, AWSIdentityIRSA)
	if s.LiteLLM.Chart.Repository != "" {
		orString(&s.LiteLLM.Chart.Name, DefaultUpstreamChart)
	}

	orInt(&s.API.Replicas.Min, 2)
	orInt(&s.API.Replicas.Max, max(6, s.API.Replicas.Min))
	orString(&s.API.Resources.CPU, "1")
	orString(&s.API.Resources.Memory, "2Gi")
	orInt(&s.Admin.Replicas, 1)
	orString(&s.Admin.Resources.CPU, "500m")
	orString(&s.Admin.Resources.Memory, "1Gi")

	orString(&s.Database.EngineVersion, "16.6")
	orString(&s.Database.InstanceClass, "db.r7g.large")
	orInt(&s.Database.Instances, 2)
	if prod {
		orInt(&s.Database.BackupRetentionDays, 14)
	}
	orInt(&s.Database.BackupRetentionDays, 7)
	orBool(&s.Database.DeletionProtection, prod)
	orBool(&s.Database.Retain, prod)

	orString(&s.Cache.EngineVersion, "8.1")
	orString(&s.Cache.NodeType, "cache.t4g.medium")
	orInt(&s.Cache.Replicas, 2)

	orList(&s.Nodes.InstanceFamilies, "m7g", "c7g", "m8g")
	orList(&s.Nodes.CapacityTypes, "on-demand")
	orString(&s.Nodes.Limits.CPU, "64")
	orString(&s.Nodes.Limits.Memory, "256Gi")
	if prod {
		orString(&s.Nodes.AMIAlias, DefaultProductionAMIAlias)
	}
	orString(&s.Nodes.AMIAlias, DefaultAMIAlias)

	albAuthDefaults(&s.SSO.ALBAuthentication, &s.SSO)

	orString(&s.Edge.GatewayClassName, DefaultGatewayClass)
	orString(&s.Edge.TLSPolicy, DefaultTLSPolicy)
	orInt(&s.Edge.IdleTimeoutSeconds, 600)
	orInt(&s.LiteLLM.KeepAliveSeconds, s.Edge.IdleTimeoutSeconds+KeepAliveMarginSeconds)

	orString(&s.Secrets.Store.Kind, DefaultStoreKind)
	orString(&s.Secrets.Store.Name, DefaultStoreName)
	orString(&s.Secrets.Prefix, defaultSecretsPrefix(env.Gateway, env.Name))
	orString(&s.AWS.ProviderConfig, DefaultProviderConfig)
	monitoringDefaults(&s.Monitor, prod)
	// The request metrics exist exactly when the pods run with the licence
	// aigw syncs (sso.licenseSecret); alerts on metrics that are never
	// emitted would stay silent, and a licensed gateway would go unwatched.
	if s.SSO.LicenseSecret != "" {
		s.Monitor.RequestMetrics = true
	}
}
