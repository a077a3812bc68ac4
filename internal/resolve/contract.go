package resolve

import (
	corev1 "k8s.io/api/core/v1"
)

// Label keys and values shared by the builders and the Crossplane
// compositions. The component package re-exports the keys for builders.
const (
	// NameLabel is app.kubernetes.io/name: "litellm" on LiteLLM pods,
	// "postgres" and "valkey" on a preview's data-store pods.
	NameLabel = "app.kubernetes.io/name"
	// InstanceLabel is app.kubernetes.io/instance: the Helm release or the
	// data store's name.
	InstanceLabel = "app.kubernetes.io/instance"
	// ComponentLabel is app.kubernetes.io/component: "api" or "admin" on
	// LiteLLM pods, "database" or "cache" on data-store pods.
	ComponentLabel = "app.kubernetes.io/component"
	// NodePoolLabel is set on every node of the LiteLLM pool, value: the
	// pool name.
	NodePoolLabel = "aigw.dev/nodepool"
	// NodeTaintKey is the NoSchedule taint key of the pool, value: the pool
	// name.
	NodeTaintKey = "aigw.dev/dedicated"
)

// Contract is every name, key, label and port that more than one component
// (or a component and a Crossplane composition) must agree on, for one
// environment or one preview. Gateway.Contract derives it; builders read it
// and never derive such a name themselves, nor import another builder for it.
type Contract struct {
	LiteLLM      LiteLLM
	Secrets      Secrets
	Database     Database
	Cache        Cache
	NodePool     NodePool
	LoadBalancer LoadBalancer
	Edge         Edge
	Namespace    Namespace
	Monitoring   Monitoring
	// Chart is where the LiteLLM chart comes from; the render pipeline
	// reads it before the builders run (component.Input.Chart).
	Chart ChartSource
}

// LiteLLM names the two Helm releases. A release's name is also that of its
// Deployment, Service, ServiceAccount and HTTPRoute.
type LiteLLM struct {
	// API and Admin are <gateway>-api and <gateway>-admin.
	API, Admin string
	// AppName is the value of NameLabel on every LiteLLM pod and the name
	// of its container (the chart's nameOverride); network policies and
	// the monitoring queries select the pods by it.
	AppName string
	// Port is the container and Service port of both releases.
	Port int
}

// Release returns the release name of a role, "api" or "admin".
func (l LiteLLM) Release(role string) string {
	if role == RoleAdmin {
		return l.Admin
	}
	return l.API
}

// Roles of the LiteLLM releases, also their ComponentLabel value.
const (
	RoleAPI   = "api"
	RoleAdmin = "admin"
)

// Secrets are the Kubernetes Secrets External Secrets writes into the
// namespace and the keys inside them. Nothing else may invent a secret name.
type Secrets struct {
	// Database is <gateway>-database-master.
	Database DatabaseSecret
	// Valkey is <gateway>-valkey-auth.
	Valkey ValkeySecret
	// LiteLLMKeys is <gateway>-litellm-keys, shared by both releases.
	LiteLLMKeys LiteLLMKeysSecret
	// SSO is <gateway>-sso.
	SSO SSOSecret
	// License is <gateway>-litellm-license when spec.sso.licenseSecret is
	// set; its Name is empty otherwise.
	License LicenseSecret
	// ALBOIDC is <gateway>-alb-oidc when spec.sso.albAuthentication is
	// enabled (its Name is empty otherwise): the OIDC client the AWS Load
	// Balancer Controller reads for the admin host's authenticate-oidc
	// action, in the keys the controller looks up (clientID, clientSecret).
	ALBOIDC ALBOIDCSecret
	// ModelKeys is <gateway>-model-keys: one key per distinct apiKeySecret
	// of the models, named ModelKeyEnv(apiKeySecret), so that the Secret can
	// be exposed to LiteLLM whole (envFrom) and referenced from config.yaml
	// as os.environ/<key>.
	ModelKeys string
	// Generated is where the generated values (database password, Valkey
	// token, LiteLLM keys) are kept.
	Generated SecretStorage
}

// SecretStorage is where generated secret values are kept.
type SecretStorage string

const (
	// StoredInSecretsManager: generated once, pushed to Secrets Manager
	// (never overwritten, kept when the Application goes) and read back
	// from there; the salt key's entry carries a resource policy that
	// denies changing or deleting it.
	StoredInSecretsManager SecretStorage = "secrets-manager"
	// StoredInNamespace: generated once into the namespace's Secret;
	// nothing is written to Secrets Manager, and the values live and die
	// with the namespace.
	StoredInNamespace SecretStorage = "namespace"
)

// DatabaseSecret holds the database master password (and, for
// convenience, the user name, which is not a secret).
type DatabaseSecret struct{ Name, PasswordKey, UsernameKey string }

// ValkeySecret holds the Valkey auth token; in a preview also the Valkey
// ACL file (ACLKey) the in-namespace Valkey reads with --aclfile.
type ValkeySecret struct{ Name, TokenKey, ACLKey string }

// LiteLLMKeysSecret holds LiteLLM's master and salt keys.
type LiteLLMKeysSecret struct{ Name, MasterKey, SaltKey string }

// SSOSecret holds the Entra ID client secret.
type SSOSecret struct{ Name, ClientSecretKey string }

// LicenseSecret holds the LiteLLM Enterprise licence key.
type LicenseSecret struct{ Name, Key string }

// ALBOIDCSecret holds the ALB's OIDC client: ClientIDKey a literal (not a
// secret), ClientSecretKey read from Secrets Manager. The key names are the
// AWS Load Balancer Controller's (pkg/shared_constants/secret_keys.go); a
// Secret without them fails the controller's build of the whole Gateway.
type ALBOIDCSecret struct{ Name, ClientIDKey, ClientSecretKey string }

// Endpoint is a ConfigMap a data store's Composition (or, in a preview,
// the preview builder) writes, with the keys LiteLLM reads. It holds no
// secret.
type Endpoint struct {
	ConfigMap string
	HostKey   string
	PortKey   string
	// ReaderHostKey and DBNameKey are empty for the cache.
	ReaderHostKey, DBNameKey string
}

// StorePod is a data store running as a pod in a preview's namespace.
type StorePod struct {
	// Name of its Deployment, Service and ServiceAccount.
	Name string
	// AppName is its NameLabel value; Part its ComponentLabel value.
	AppName, Part string
}

// Labels select the store's pod (its Deployment's selector).
func (s *StorePod) Labels() map[string]string {
	return map[string]string{NameLabel: s.AppName, InstanceLabel: s.Name, ComponentLabel: s.Part}
}

// Database is the PostgreSQL LiteLLM uses: an Aurora composite in an
// environment, a pod in a preview.
type Database struct {
	// Composite is the AuroraPostgreSQL composite, <gateway>-database.
	Composite string
	Endpoint  Endpoint
	Port      int
	// Name is the database inside the cluster; Username the master user
	// LiteLLM connects as.
	Name, Username string
	// Pod is set in a preview only: the in-namespace PostgreSQL.
	Pod *StorePod
}

// Cache is the Valkey LiteLLM uses: an ElastiCache composite in an
// environment, a pod in a preview.
type Cache struct {
	// Composite is the ValkeyCache composite, <gateway>-valkey.
	Composite string
	Endpoint  Endpoint
	Port      int
	// TLS reports that clients must use TLS (ElastiCache requires it with
	// AUTH; a preview's Valkey speaks plain TCP).
	TLS bool
	// Pod is set in a preview only: the in-namespace Valkey.
	Pod *StorePod
}

// NodePool is the dedicated Graviton pool the LiteLLM pods run on. A
// preview runs on its source environment's pool.
type NodePool struct {
	// Name of the NodePool and its EC2NodeClass (cluster-scoped):
	// <gateway>-<environment>-litellm.
	Name string
	// Arch is the only CPU architecture of the pool.
	Arch string
}

// Selector is what a LiteLLM pod selects: Arch nodes of this pool. It
// returns a fresh map.
func (p NodePool) Selector() map[string]string {
	return map[string]string{corev1.LabelArchStable: p.Arch, NodePoolLabel: p.Name}
}

// Taint keeps every pod that does not tolerate it off the pool.
func (p NodePool) Taint() corev1.Taint {
	return corev1.Taint{Key: NodeTaintKey, Value: p.Name, Effect: corev1.TaintEffectNoSchedule}
}

// Tolerations let a pod onto the pool's tainted nodes.
func (p NodePool) Tolerations() []corev1.Toleration {
	return []corev1.Toleration{{Key: NodeTaintKey, Operator: corev1.TolerationOpEqual, Value: p.Name, Effect: corev1.TaintEffectNoSchedule}}
}

// Affinity repeats Selector as a required node affinity (for pod templates
// that take affinity but no nodeSelector).
func (p NodePool) Affinity() corev1.Affinity {
	return corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
			MatchExpressions: []corev1.NodeSelectorRequirement{
				{Key: corev1.LabelArchStable, Operator: corev1.NodeSelectorOpIn, Values: []string{p.Arch}},
				{Key: NodePoolLabel, Operator: corev1.NodeSelectorOpIn, Values: []string{p.Name}},
			},
		}}},
	}}
}

// LoadBalancer is the AWS Load Balancer Controller's
// LoadBalancerConfiguration the Gateway references and the WAF composition
// composes.
type LoadBalancer struct {
	// Name is <gateway>-alb.
	Name string
	// SourceRanges are the CIDRs the ALB security group admits (see
	// sourceRanges); empty means anyone.
	SourceRanges []string
}

// ChartKind is where the LiteLLM chart comes from.
type ChartKind string

// Chart sources, in the order of precedence.
const (
	// ChartFolder is spec.litellm.chart.path in the application folder.
	ChartFolder ChartKind = "folder"
	// ChartRepository is spec.litellm.chart.repository (https:// or oci://).
	ChartRepository ChartKind = "repository"
	// ChartEmbedded is the chart embedded in aigw.
	ChartEmbedded ChartKind = "embedded"
)

// ChartSource is the chosen LiteLLM chart.
type ChartSource struct {
	Kind ChartKind
	// Path is the folder (ChartFolder).
	Path string
	// Repository, Name and Version name a packaged chart (ChartRepository).
	Repository, Name, Version string
}

// Contract returns the contract of this environment or preview. It is
// derived from the resolved settings on every call (cheap next to any
// builder), so it always agrees with them.
func (g *Gateway) Contract() *Contract {
	c := &Contract{}
	c.LiteLLM = LiteLLM{API: g.Name(RoleAPI), Admin: g.Name(RoleAdmin), AppName: "litellm", Port: 4000}
	c.Secrets = Secrets{
		Database:    DatabaseSecret{Name: g.Name("database-master"), PasswordKey: "password", UsernameKey: "username"},
		Valkey:      ValkeySecret{Name: g.Name("valkey-auth"), TokenKey: "token", ACLKey: "users.acl"},
		LiteLLMKeys: LiteLLMKeysSecret{Name: g.Name("litellm-keys"), MasterKey: "masterKey", SaltKey: "saltKey"},
		SSO:         SSOSecret{Name: g.Name("sso"), ClientSecretKey: "clientSecret"},
		ModelKeys:   g.Name("model-keys"),
		Generated:   StoredInSecretsManager,
	}
	if g.SSO.LicenseSecret != "" {
		c.Secrets.License = LicenseSecret{Name: g.Name("litellm-license"), Key: "license"}
	}
	if g.SSO.ALBAuthentication.Enabled {
		c.Secrets.ALBOIDC = ALBOIDCSecret{Name: g.Name("alb-oidc"), ClientIDKey: "clientID", ClientSecretKey: "clientSecret"}
	}
	db := g.Name("database")
	c.Database = Database{
		Composite: db,
		Endpoint:  Endpoint{ConfigMap: db + "-endpoint", HostKey: "host", ReaderHostKey: "readerHost", PortKey: "port", DBNameKey: "dbname"},
		Port:      5432,
		Name:      "litellm",
		Username:  "litellm",
	}
	cache := g.Name("valkey")
	c.Cache = Cache{
		Composite: cache,
		Endpoint:  Endpoint{ConfigMap: cache + "-endpoint", HostKey: "host", PortKey: "port"},
		Port:      6379,
		TLS:       true,
	}
	if g.Preview != nil {
		c.Database.Pod = &StorePod{Name: g.Name("postgres"), AppName: "postgres", Part: "database"}
		// The name of an environment's ValkeyCache composite, which a
		// preview does not have.
		c.Cache.Pod = &StorePod{Name: cache, AppName: "valkey", Part: "cache"}
		c.Cache.TLS = false
		// Nothing of a preview outlives it, and it must never write to the
		// environments' Secrets Manager entries.
		c.Secrets.Generated = StoredInNamespace
	}
	c.NodePool = NodePool{Name: g.ClusterName("litellm"), Arch: "arm64"}
	c.LoadBalancer = LoadBalancer{Name: g.Name("alb"), SourceRanges: sourceRanges(g.Access.APIAllowlist, g.Access.AdminAllowlist)}
	c.Edge = edgeContract(g)
	c.Namespace = namespaceContract(g)
	c.Monitoring = monitoringContract(g)
	ref := g.LiteLLM.Chart
	switch {
	case ref.Path != "":
		c.Chart = ChartSource{Kind: ChartFolder, Path: ref.Path}
	case ref.Repository != "":
		c.Chart = ChartSource{Kind: ChartRepository, Repository: ref.Repository, Name: ref.Name, Version: ref.Version}
	default:
		c.Chart = ChartSource{Kind: ChartEmbedded}
	}
	return c
}
