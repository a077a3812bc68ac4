package secrets

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// API groups and versions of the mirrored kinds, as served by the CRDs of
// External Secrets Operator v2.
const (
	ExternalSecretAPIVersion = "external-secrets.io/v1"
	PushSecretAPIVersion     = "external-secrets.io/v1alpha1"
	GeneratorAPIVersion      = "generators.external-secrets.io/v1alpha1"

	KindExternalSecret = "ExternalSecret"
	KindPushSecret     = "PushSecret"
	KindPassword       = "Password"
)

// ExternalSecret mirrors external-secrets.io/v1 ExternalSecret: it reads
// entries of a secret store into one Kubernetes Secret.
type ExternalSecret struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ExternalSecretSpec `json:"spec"`
}

// ExternalSecretSpec is the subset of the upstream spec aigw uses.
type ExternalSecretSpec struct {
	// SecretStoreRef is the store of Data; nil when every value comes from
	// a generator (DataFrom).
	SecretStoreRef *SecretStoreRef `json:"secretStoreRef,omitempty"`
	Target         Target          `json:"target"`
	// RefreshPolicy is CreatedOnce, Periodic or OnChange.
	RefreshPolicy   string                   `json:"refreshPolicy,omitempty"`
	RefreshInterval *metav1.Duration         `json:"refreshInterval,omitempty"`
	Data            []ExternalSecretData     `json:"data,omitempty"`
	DataFrom        []ExternalSecretDataFrom `json:"dataFrom,omitempty"`
}

// ExternalSecretDataFrom fills the Secret from a source of many keys; aigw
// uses generators only (in previews: values generated in the namespace,
// never stored in a secret store).
type ExternalSecretDataFrom struct {
	SourceRef *SourceRef `json:"sourceRef,omitempty"`
}

// SourceRef points at a generator (or a store, unused here).
type SourceRef struct {
	GeneratorRef *GeneratorRef `json:"generatorRef,omitempty"`
}

// SecretStoreRef names a SecretStore or ClusterSecretStore.
type SecretStoreRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// Target describes the Kubernetes Secret an ExternalSecret writes.
type Target struct {
	Name string `json:"name,omitempty"`
	// CreationPolicy is Owner, Orphan, Merge, None or CreateOrMerge.
	CreationPolicy string `json:"creationPolicy,omitempty"`
	// DeletionPolicy is Delete, Merge or Retain.
	DeletionPolicy string    `json:"deletionPolicy,omitempty"`
	Template       *Template `json:"template,omitempty"`
}

// Template shapes the produced Secret (ExternalSecret) or the pushed data
// (PushSecret). Data values are ESO (Go text/template) templates; they
// reference keys, never hold values.
type Template struct {
	Type string `json:"type,omitempty"`
	// EngineVersion is v2.
	EngineVersion string `json:"engineVersion,omitempty"`
	// MergePolicy is Replace or Merge.
	MergePolicy string            `json:"mergePolicy,omitempty"`
	Metadata    *TemplateMetadata `json:"metadata,omitempty"`
	Data        map[string]string `json:"data,omitempty"`
}

// TemplateMetadata is put on the produced Secret.
type TemplateMetadata struct {
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// ExternalSecretData copies one store entry into one Secret key.
type ExternalSecretData struct {
	SecretKey string    `json:"secretKey"`
	RemoteRef RemoteRef `json:"remoteRef"`
}

// RemoteRef locates an entry in the store.
type RemoteRef struct {
	Key      string `json:"key"`
	Property string `json:"property,omitempty"`
	// ConversionStrategy is Default or Unicode.
	ConversionStrategy string `json:"conversionStrategy,omitempty"`
	// DecodingStrategy is Auto, Base64, Base64URL or None.
	DecodingStrategy string `json:"decodingStrategy,omitempty"`
}

// PushSecret mirrors external-secrets.io/v1alpha1 PushSecret: it writes data
// (here: a generator's output) to secret stores.
type PushSecret struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PushSecretSpec `json:"spec"`
}

// PushSecretSpec is the subset of the upstream spec aigw uses.
type PushSecretSpec struct {
	RefreshInterval *metav1.Duration     `json:"refreshInterval,omitempty"`
	SecretStoreRefs []PushSecretStoreRef `json:"secretStoreRefs"`
	// UpdatePolicy is Replace or IfNotExists.
	UpdatePolicy string `json:"updatePolicy,omitempty"`
	// DeletionPolicy is Delete or None.
	DeletionPolicy string             `json:"deletionPolicy,omitempty"`
	Selector       PushSecretSelector `json:"selector"`
	Template       *Template          `json:"template,omitempty"`
	Data           []PushSecretData   `json:"data,omitempty"`
}

// PushSecretStoreRef names a store to push to.
type PushSecretStoreRef struct {
	Name string `json:"name,omitempty"`
	Kind string `json:"kind,omitempty"`
}

// PushSecretSelector is the source: a Secret or a generator.
type PushSecretSelector struct {
	Secret       *SecretSelector `json:"secret,omitempty"`
	GeneratorRef *GeneratorRef   `json:"generatorRef,omitempty"`
}

// SecretSelector names a Kubernetes Secret.
type SecretSelector struct {
	Name string `json:"name,omitempty"`
}

// GeneratorRef points at a generator object in the same namespace.
type GeneratorRef struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}

// PushSecretData pushes one source key to one remote entry.
type PushSecretData struct {
	// ConversionStrategy is None or ReverseUnicode.
	ConversionStrategy string              `json:"conversionStrategy,omitempty"`
	Match              PushSecretMatch     `json:"match"`
	Metadata           *PushSecretMetadata `json:"metadata,omitempty"`
}

// PushSecretMatch maps a source key to a remote entry.
type PushSecretMatch struct {
	SecretKey string              `json:"secretKey,omitempty"`
	RemoteRef PushSecretRemoteRef `json:"remoteRef"`
}

// PushSecretRemoteRef is the entry written in the provider.
type PushSecretRemoteRef struct {
	RemoteKey string `json:"remoteKey"`
	Property  string `json:"property,omitempty"`
}

// PushSecretMetadata is the provider-specific envelope
// (kubernetes.external-secrets.io/v1alpha1 PushSecretMetadata); for AWS
// Secrets Manager it chooses SecretString over the default SecretBinary.
type PushSecretMetadata struct {
	APIVersion string                 `json:"apiVersion"`
	Kind       string                 `json:"kind"`
	Spec       PushSecretMetadataSpec `json:"spec"`
}

// PushSecretMetadataSpec holds the AWS Secrets Manager push options aigw sets.
type PushSecretMetadataSpec struct {
	// SecretPushFormat is string or binary.
	SecretPushFormat string          `json:"secretPushFormat,omitempty"`
	Description      string          `json:"description,omitempty"`
	ResourcePolicy   *ResourcePolicy `json:"resourcePolicy,omitempty"`
}

// ResourcePolicy is the resource policy ESO attaches to an entry it
// creates (ESO v2.9 ResourcePolicySpec).
type ResourcePolicy struct {
	BlockPublicPolicy *bool            `json:"blockPublicPolicy,omitempty"`
	PolicySourceRef   *PolicySourceRef `json:"policySourceRef,omitempty"`
}

// PolicySourceRef names the ConfigMap (or Secret) key holding the policy
// JSON, in the PushSecret's namespace.
type PolicySourceRef struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	Key  string `json:"key"`
}

// Password mirrors generators.external-secrets.io/v1alpha1 Password.
type Password struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PasswordSpec `json:"spec"`
}

// PasswordSpec controls the generated values. NoUpper and AllowRepeat are
// required by the CRD, hence not omitted when false.
type PasswordSpec struct {
	Length           int      `json:"length"`
	Digits           *int     `json:"digits,omitempty"`
	Symbols          *int     `json:"symbols,omitempty"`
	SymbolCharacters *string  `json:"symbolCharacters,omitempty"`
	NoUpper          bool     `json:"noUpper"`
	AllowRepeat      bool     `json:"allowRepeat"`
	Encoding         string   `json:"encoding,omitempty"`
	SecretKeys       []string `json:"secretKeys,omitempty"`
}
