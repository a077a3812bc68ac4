package spec

// APIVersion and Kind identify an aigateway.yaml document.
const (
	APIVersion = "aigw.dev/v1alpha1"
	Kind       = "AIGateway"
)

// The `doc` tag of each field is its documentation: it feeds the JSON Schema
// (`aigw schema`) and the spec reference, docs/spec.md. The rule tags
// (minimum, maximum, maxLength, maxItems, maxProperties, pattern, enum,
// not, quantity; see rules.go) are the only
// statement of a field's own rule: the validator, the schema and the
// reference all read them.

// AIGateway is the whole aigateway.yaml document.
type AIGateway struct {
	APIVersion string      `json:"apiVersion" doc:"Always aigw.dev/v1alpha1." required:"true"`
	Kind       string      `json:"kind" doc:"Always AIGateway." required:"true"`
	Metadata   Metadata    `json:"metadata" doc:"Identity of the gateway." required:"true"`
	Spec       GatewaySpec `json:"spec" doc:"The gateway: base settings, environments and previews." required:"true"`
}

// Metadata names the gateway.
type Metadata struct {
	Name   string            `json:"name" doc:"DNS label of at most 20 characters; prefixes every generated name. Changing it replaces every resource, so treat it as permanent." required:"true" pattern:"gatewayName"`
	Labels map[string]string `json:"labels,omitempty" doc:"Extra labels put on every generated object."`
}

// GatewaySpec is the base settings plus the environments that override them.
type GatewaySpec struct {
	Settings `json:",inline"`
	// Environments maps an environment name to a partial Settings that is
	// deep-merged over the base (maps merge, lists and scalars replace).
	Environments map[string]Settings `json:"environments" doc:"Environment name (DNS label) to a partial spec deep-merged over the base: maps merge, lists and scalars replace. At least one." required:"true" maxProperties:"MaxEnvironments" hint:"docs/input-limits.md" keys:"environmentName" notKeys:"previewName"`
	Previews     *Previews           `json:"previews,omitempty" doc:"Pull-request previews."`
}

// Previews configures pull-request preview environments.
type Previews struct {
	From string `json:"from" doc:"The environment a pull-request preview derives from." required:"true"`
	// SecretsPrefix is where previews read the secrets people create (model
	// provider API keys, the SSO client secret); never an environment's.
	SecretsPrefix string `json:"secretsPrefix,omitempty" doc:"Secrets Manager prefix the previews read the model provider API keys and the SSO client secret from (the names under it are those of the environments: <prefix>/<apiKeySecret>, <prefix>/<sso.clientSecret>). Must differ from every environment's secrets.prefix, neither inside nor above one. Previews never read or write the environments' secrets. Default aigw/<name>/previews." pattern:"secretPrefix"`
	// Store is the previews' own store, so that IAM, not the spec a pull
	// request may edit, keeps them from the environments' secrets.
	Store   string `json:"store,omitempty" doc:"ClusterSecretStore the previews read through, one of their own: its IAM role may read only the previews' prefix and its conditions admit only the preview namespaces (see docs/previews.md#isolation). Never an environment's store. Default aigw-previews." pattern:"objectName"`
	RoleArn string `json:"roleArn,omitempty" doc:"IAM role ARN of the previews' LiteLLM service accounts (IRSA annotation). Default the source environment's spec.litellm.roleArn." pattern:"roleArn"`
}

// Settings is everything an environment may override.
type Settings struct {
	Tier      string    `json:"tier,omitempty" doc:"production, staging or development. Default: production for an environment named prod or production, staging for one named staging or stage, development otherwise. Chooses the Kustomize overlay and production guardrails." enum:"production,staging,development"`
	Namespace string    `json:"namespace,omitempty" doc:"Namespace of the environment. Default: ARGOCD_APP_NAMESPACE when Argo CD sets it, else <name>-<environment>." pattern:"dnsLabel"`
	Branch    string    `json:"branch,omitempty" doc:"Git branch an environment's Application tracks (promotion by merge). Default env/<environment>." pattern:"branch"`
	Region    string    `json:"region,omitempty" doc:"AWS region, for example eu-west-1." required:"true" pattern:"region"`
	Domain    string    `json:"domain,omitempty" doc:"The gateway's dedicated Route 53 zone; the ACM certificate covers *.<domain>." required:"true" pattern:"domain"`
	Hostnames Hostnames `json:"hostnames,omitempty" doc:"Host labels under domain."`
	Network   Network   `json:"network,omitempty" doc:"Where the data stores live." required:"true"`
	Access    Access    `json:"access,omitempty" doc:"Who may reach the public API and the admin UI." required:"true"`
	LiteLLM   LiteLLM   `json:"litellm,omitempty" doc:"The LiteLLM proxy." required:"true"`
	API       APITier   `json:"api,omitempty" doc:"The API release (inference traffic)."`
	Admin     AdminTier `json:"admin,omitempty" doc:"The Admin release (UI and management)."`
	SSO       SSO       `json:"sso,omitempty" doc:"Microsoft Entra ID single sign-on for the admin UI." required:"true"`
	Database  Database  `json:"database,omitempty" doc:"Aurora PostgreSQL."`
	Cache     Cache     `json:"cache,omitempty" doc:"ElastiCache Valkey (router coordination; response caching stays off)."`
	Nodes     Nodes     `json:"nodes,omitempty" doc:"The dedicated Karpenter Graviton node pool." required:"true"`
	Edge      Edge      `json:"edge,omitempty" doc:"The ALB in front of the gateway."`
	Secrets   Secrets   `json:"secrets,omitempty" doc:"AWS Secrets Manager through External Secrets."`
	AWS       AWS       `json:"aws,omitempty" doc:"How Crossplane reaches AWS."`
	DNS       DNS       `json:"dns,omitempty" doc:"Delegation of spec.domain from its parent zone."`
	Monitor   Monitor   `json:"monitoring,omitempty" doc:"Metrics, alerts, dashboard and CloudWatch alarms (see docs/operations.md)."`
}

// Hostnames are labels under spec.domain.
type Hostnames struct {
	API   string `json:"api,omitempty" doc:"Label of the public API host. Default api." default:"api" pattern:"dnsLabel"`
	Admin string `json:"admin,omitempty" doc:"Label of the admin host. Default admin." default:"admin" pattern:"dnsLabel"`
}

// Network names the VPC side of the data stores.
type Network struct {
	VpcID       string   `json:"vpcId,omitempty" doc:"The EKS cluster's VPC (vpc-...)." required:"true" pattern:"vpcId"`
	VpcCidr     string   `json:"vpcCidr,omitempty" doc:"CIDR of the VPC: the LiteLLM pods reach the data stores in it. Required." required:"true" pattern:"cidr"`
	SubnetIDs   []string `json:"subnetIds,omitempty" doc:"Private data subnets (subnet-...), at least two in different zones." required:"true" pattern:"subnetId"`
	ClientCidrs []string `json:"clientCidrs,omitempty" doc:"CIDRs inside the VPC that may reach the database and cache (the pod subnets)." required:"true" pattern:"cidr"`
	// LoadBalancerSubnets place the ALB and are the only sources the
	// LiteLLM pods admit (besides their own node's kubelet).
	LoadBalancerSubnets []LoadBalancerSubnet `json:"loadBalancerSubnets,omitempty" doc:"The public subnets the ALB is placed in (loadBalancerSubnets of its LoadBalancerConfiguration), at least two in different zones, with their IPv4 CIDRs: the LiteLLM pods admit traffic from these CIDRs only (the ALB's nodes and its health checks), not from the rest of the VPC. The CIDRs must not overlap clientCidrs (the pod subnets)." required:"true"`
}

// LoadBalancerSubnet is one subnet of the ALB.
type LoadBalancerSubnet struct {
	ID   string `json:"id" doc:"Subnet ID (subnet-...)." required:"true" pattern:"subnetId"`
	CIDR string `json:"cidr" doc:"The subnet's IPv4 CIDR block." required:"true" pattern:"ipv4Cidr"`
}

// Access holds the allowlists.
type Access struct {
	APIAllowlist   []string `json:"apiAllowlist,omitempty" doc:"CIDRs that may call the public API; empty means anyone (still behind the WAF managed rules)." pattern:"cidr"`
	AdminAllowlist []string `json:"adminAllowlist,omitempty" doc:"CIDRs that may reach the admin host. Required, non-empty." required:"true" pattern:"cidr"`
}

// LiteLLM configures the proxy and its chart.
type LiteLLM struct {
	Version string   `json:"version,omitempty" doc:"LiteLLM image tag, for example v1.77.7-stable." required:"true" pattern:"imageTag" not:"movingTag"`
	Image   string   `json:"image,omitempty" doc:"Image repository. Default ghcr.io/berriai/litellm-database." pattern:"image"`
	Chart   ChartRef `json:"chart,omitempty" doc:"Chart to render. Default: the chart embedded in aigw."`
	Models  []Model  `json:"models,omitempty" doc:"Models the proxy serves, at least one." required:"true" maxItems:"MaxModels" hint:"docs/input-limits.md"`
	// RoleArn is the IAM role the pods assume (EKS Pod Identity or IRSA).
	RoleArn string `json:"roleArn,omitempty" doc:"IAM role ARN of the LiteLLM service accounts (IRSA annotation eks.amazonaws.com/role-arn). Required when a model needs AWS credentials (bedrock/, sagemaker/, sagemaker_chat/) unless awsIdentity is pod-identity." pattern:"roleArn"`
	// AWSIdentity selects the credential path, and so the egress it needs.
	AWSIdentity string `json:"awsIdentity,omitempty" doc:"How the pods get AWS credentials: irsa (roleArn on the ServiceAccounts; STS over HTTPS) or pod-identity (an EKS Pod Identity association of the ServiceAccounts <name>-api and <name>-admin, made outside aigw; egress to the node agent 169.254.170.23:80; roleArn must be empty). Default irsa." enum:"irsa,pod-identity"`
	// RequestTimeoutSeconds bounds one LiteLLM request.
	RequestTimeoutSeconds int32 `json:"requestTimeoutSeconds,omitempty" doc:"Upper bound of one request in seconds (streamed responses included). Default 600." minimum:"1"`
	// KeepAliveSeconds is uvicorn's idle keep-alive: it must outlast the
	// ALB's idle timeout, or the ALB reuses a connection LiteLLM just closed.
	KeepAliveSeconds int32 `json:"keepAliveSeconds,omitempty" doc:"How long LiteLLM (uvicorn, KEEPALIVE_TIMEOUT) keeps an idle connection from the load balancer open, in seconds. Must be greater than edge.idleTimeoutSeconds, so that the ALB, never LiteLLM, closes idle connections (otherwise: sporadic 502s). Default edge.idleTimeoutSeconds + 30." minimum:"1"`
}

// ChartRef selects the chart: embedded (empty), a folder, or a repository.
type ChartRef struct {
	Path       string `json:"path,omitempty" doc:"Chart folder relative to aigateway.yaml (inside the app folder)." pattern:"appPath"`
	Repository string `json:"repository,omitempty" doc:"Chart repository URL (https:// or oci://); with name and version." pattern:"chartRepository"`
	Name       string `json:"name,omitempty" doc:"Chart name in the repository. Default litellm-helm."`
	Version    string `json:"version,omitempty" doc:"Exact chart version from the repository."`
}

// Model is one entry of LiteLLM's model_list.
type Model struct {
	// Name and Model are copied into every release's configuration: their
	// length is bounded (docs/input-limits.md).
	Name         string         `json:"name" doc:"Public model name clients ask for." required:"true" maxLength:"128"`
	Model        string         `json:"model" doc:"LiteLLM model string, for example bedrock/anthropic.claude-sonnet-4 or azure/gpt-4o." required:"true" maxLength:"256"`
	Params       map[string]any `json:"params,omitempty" doc:"Extra litellm_params (api_base, api_version, aws_region_name, rpm, tpm, ...). No secrets here."`
	APIKeySecret string         `json:"apiKeySecret,omitempty" doc:"Secrets Manager secret (under secrets.prefix) holding the provider API key." pattern:"secretName"`
}

// Replicas is a min/max range.
type Replicas struct {
	Min int32 `json:"min,omitempty" doc:"Minimum replicas." minimum:"1"`
	Max int32 `json:"max,omitempty" doc:"Maximum replicas." minimum:"1"`
}

// Resources are both requests and limits (LiteLLM's production guidance).
type Resources struct {
	CPU    string `json:"cpu,omitempty" doc:"CPU request and limit, a Kubernetes quantity." quantity:"100m,64"`
	Memory string `json:"memory,omitempty" doc:"Memory request and limit, a Kubernetes quantity." quantity:"256Mi,256Gi"`
}

// APITier is the API release.
type APITier struct {
	Replicas  Replicas  `json:"replicas,omitempty" doc:"HPA range. Default min 2, max 6."`
	Resources Resources `json:"resources,omitempty" doc:"Per pod. Default cpu 1, memory 2Gi."`
}

// AdminTier is the Admin release.
type AdminTier struct {
	Replicas  int32     `json:"replicas,omitempty" doc:"Fixed replica count. Default 1." minimum:"1"`
	Resources Resources `json:"resources,omitempty" doc:"Per pod. Default cpu 500m, memory 1Gi."`
}

// SSO is Microsoft Entra ID.
type SSO struct {
	TenantID     string `json:"tenantId,omitempty" doc:"Entra ID tenant (a GUID)." required:"true" pattern:"guid"`
	ClientID     string `json:"clientId,omitempty" doc:"Application (client) ID (a GUID)." required:"true" pattern:"guid"`
	ClientSecret string `json:"clientSecret,omitempty" doc:"Secrets Manager secret name (under secrets.prefix) holding the client secret." required:"true" pattern:"secretName"`
	// LicenseSecret names the LiteLLM Enterprise licence: LiteLLM's own SSO
	// serves a handful of users without one.
	LicenseSecret string `json:"licenseSecret,omitempty" doc:"Secrets Manager secret name (under secrets.prefix) holding the LiteLLM Enterprise licence key (LITELLM_LICENSE, both releases). LiteLLM's SSO is free for up to 5 users; beyond that it needs a licence. None when empty." pattern:"secretName"`
	// AdminID is LiteLLM's PROXY_ADMIN_ID.
	AdminID string `json:"adminId,omitempty" doc:"LiteLLM user ID that becomes proxy admin when it signs in with SSO (PROXY_ADMIN_ID; with Microsoft SSO the Entra object ID of the user, a GUID). Everyone else who signs in gets LiteLLM's default internal-user role. Who may sign in at all is decided in Entra ID: set the app's 'Assignment required' and assign a group." pattern:"objectId"`
	// ALBAuthentication puts Entra ID sign-in in front of the admin host,
	// at the load balancer.
	ALBAuthentication ALBAuthentication `json:"albAuthentication,omitempty" doc:"Entra ID authentication by the ALB (authenticate-oidc) in front of the admin host: an unauthenticated request never reaches LiteLLM (see docs/production.md)."`
}

// Database is Aurora PostgreSQL.
type Database struct {
	EngineVersion       string `json:"engineVersion,omitempty" doc:"aurora-postgresql engine version. Default 16.6." pattern:"engineVersion"`
	InstanceClass       string `json:"instanceClass,omitempty" doc:"Instance class. Default db.r7g.large." pattern:"dbClass"`
	Instances           int32  `json:"instances,omitempty" doc:"Writer plus readers. Default 2." minimum:"1" maximum:"15"`
	BackupRetentionDays int32  `json:"backupRetentionDays,omitempty" doc:"Automated backup retention in days. Default 7 (production 14)." minimum:"1" maximum:"35"`
	DeletionProtection  *bool  `json:"deletionProtection,omitempty" doc:"Deletion protection. Default true in production, false elsewhere."`
	AllowUnprotected    bool   `json:"allowUnprotected,omitempty" doc:"Permit deletionProtection false in a production environment."`
	Retain              *bool  `json:"retain,omitempty" doc:"Keep the AWS resources when the object is deleted. Default true in production, false elsewhere."`
}

// Cache is ElastiCache Valkey.
type Cache struct {
	EngineVersion string `json:"engineVersion,omitempty" doc:"Valkey engine version. Default 8.1." pattern:"engineVersion"`
	NodeType      string `json:"nodeType,omitempty" doc:"Node type. Default cache.t4g.medium." pattern:"cacheNode"`
	Replicas      int32  `json:"replicas,omitempty" doc:"Nodes in the replication group (primary included); 2 or more turns on failover and multi-AZ. Default 2." minimum:"1" maximum:"6"`
}

// Nodes is the dedicated Karpenter pool.
type Nodes struct {
	InstanceFamilies      []string          `json:"instanceFamilies,omitempty" doc:"Graviton instance families. Default [m7g, c7g, m8g]." pattern:"graviton"`
	CapacityTypes         []string          `json:"capacityTypes,omitempty" doc:"Karpenter capacity types: on-demand, spot and/or reserved. Default [on-demand]." enum:"on-demand,spot,reserved"`
	Limits                NodeLimits        `json:"limits,omitempty" doc:"Upper bound of the pool."`
	NodeRole              string            `json:"nodeRole,omitempty" doc:"IAM role name of the nodes." required:"true" pattern:"iamRole"`
	AMIAlias              string            `json:"amiAlias,omitempty" doc:"EC2NodeClass amiSelectorTerms alias: al2023@v<YYYYMMDD> (a pinned EKS-optimized AL2023 release) or al2023@latest (nodes roll whenever AWS publishes an AMI; not accepted in production). Default al2023@v20260520 in production, al2023@latest elsewhere." pattern:"amiAlias"`
	SubnetSelector        map[string]string `json:"subnetSelector,omitempty" doc:"Tags selecting the node subnets." required:"true"`
	SecurityGroupSelector map[string]string `json:"securityGroupSelector,omitempty" doc:"Tags selecting the node security groups." required:"true"`
}

// NodeLimits bound the pool.
type NodeLimits struct {
	CPU    string `json:"cpu,omitempty" doc:"Total CPU of the pool. Default 64." quantity:"1,10000"`
	Memory string `json:"memory,omitempty" doc:"Total memory of the pool. Default 256Gi." quantity:"1Gi,64Ti"`
}

// Edge configures the Gateway and its ALB.
type Edge struct {
	GatewayClassName   string `json:"gatewayClassName,omitempty" doc:"GatewayClass of the AWS Load Balancer Controller. Default aws-alb." pattern:"dnsLabel"`
	CreateGatewayClass bool   `json:"createGatewayClass,omitempty" doc:"Also emit the GatewayClass (usually the platform owns it)."`
	TLSPolicy          string `json:"tlsPolicy,omitempty" doc:"ALB TLS policy: a TLS 1.3 policy that allows TLS 1.2 at most below it (the ELBSecurityPolicy-TLS13-1-2 and -1-3 policies, their FIPS and post-quantum variants; see docs/production.md). Default ELBSecurityPolicy-TLS13-1-2-2021-06." pattern:"tlsPolicy"`
	IdleTimeoutSeconds int32  `json:"idleTimeoutSeconds,omitempty" doc:"ALB idle timeout, long enough for streamed responses. Default 600." minimum:"1" maximum:"4000"`
	AccessLogsBucket   string `json:"accessLogsBucket,omitempty" doc:"S3 bucket for ALB access logs; none when empty." pattern:"bucket"`
}

// Secrets configures External Secrets.
type Secrets struct {
	Store  StoreRef `json:"store,omitempty" doc:"The External Secrets store backed by AWS Secrets Manager."`
	Prefix string   `json:"prefix,omitempty" doc:"Prefix of every Secrets Manager name. Default aigw/<name>/<environment>." pattern:"secretPrefix"`
}

// StoreRef names a SecretStore or ClusterSecretStore.
type StoreRef struct {
	Kind string `json:"kind,omitempty" doc:"ClusterSecretStore or SecretStore. Default ClusterSecretStore." enum:"ClusterSecretStore,SecretStore"`
	Name string `json:"name,omitempty" doc:"Store name. Default aws-secrets-manager." pattern:"objectName"`
}

// AWS configures Crossplane's access to AWS.
type AWS struct {
	ProviderConfig string `json:"providerConfig,omitempty" doc:"Name of the provider-upjet-aws ProviderConfig. Default default." pattern:"objectName"`
}
