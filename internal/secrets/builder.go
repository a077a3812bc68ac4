package secrets

import (
	"context"
	"fmt"
	"maps"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// RefreshInterval is how often ESO re-reads Secrets Manager (and how often a
// PushSecret checks that its entry still exists).
const RefreshInterval = time.Hour

// Builder emits the External Secrets objects.
type Builder struct{}

// New returns the secrets builder.
func New() component.Builder { return Builder{} }

// Name implements component.Builder.
func (Builder) Name() string { return "secrets" }

// Build implements component.Builder.
func (Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	g := in.Gateway
	c := g.Contract().Secrets
	b := objects{g: g, storage: c.Generated}
	if b.storage == resolve.StoredInSecretsManager {
		// The policies the PushSecrets attach to the entries they create.
		if err := b.secretPolicies(); err != nil {
			return nil, err
		}
	}

	// Generated once, then owned by Secrets Manager.
	b.generated(generatedSecret{
		name:   c.Database.Name,
		what:   "Aurora master password",
		length: 40,
		keys:   []generatedKey{{c.Database.PasswordKey, remoteDatabase, false}},
		extra:  map[string]string{c.Database.UsernameKey: g.Contract().Database.Username},
	})
	b.generated(generatedSecret{
		name:   c.Valkey.Name,
		what:   "ElastiCache Valkey AUTH token",
		length: 64,
		keys:   []generatedKey{{c.Valkey.TokenKey, remoteValkey, false}},
		// An in-namespace Valkey (a preview's) reads its password from an
		// ACL file (never from its command line).
		namespaceExtra: map[string]string{c.Valkey.ACLKey: ValkeyACLTemplate(c.Valkey)},
	})
	b.generated(generatedSecret{
		name:   c.LiteLLMKeys.Name,
		what:   "LiteLLM master key and salt key",
		length: 48,
		keys:   []generatedKey{{c.LiteLLMKeys.MasterKey, remoteMasterKey, false}, {c.LiteLLMKeys.SaltKey, remoteSaltKey, true}},
		// LiteLLM master keys start with sk-; the salt key is used as is.
		// The template references generated keys, it holds no value.
		pushTemplate: map[string]string{
			c.LiteLLMKeys.MasterKey: "sk-{{ ." + c.LiteLLMKeys.MasterKey + " }}",
			c.LiteLLMKeys.SaltKey:   "{{ ." + c.LiteLLMKeys.SaltKey + " }}",
		},
	})

	// Created by people in Secrets Manager, read only.
	b.read(c.SSO.Name, []ExternalSecretData{{
		SecretKey: c.SSO.ClientSecretKey,
		RemoteRef: RemoteRef{Key: RemoteName(g, g.SSO.ClientSecret)},
	}})
	if l := c.License; l.Name != "" {
		b.read(l.Name, []ExternalSecretData{{SecretKey: l.Key, RemoteRef: RemoteRef{Key: RemoteName(g, g.SSO.LicenseSecret)}}})
	}
	if a := c.ALBOIDC; a.Name != "" {
		// The controller's Secret: the client secret from Secrets Manager,
		// the client ID (not a secret) added by the template.
		es := b.externalSecret(a.Name, []ExternalSecretData{{
			SecretKey: a.ClientSecretKey,
			RemoteRef: RemoteRef{Key: RemoteName(g, g.SSO.ALBAuthentication.ClientSecret)},
		}})
		es.Spec.Target.Template = &Template{EngineVersion: "v2", MergePolicy: "Merge", Data: map[string]string{
			a.ClientIDKey: g.SSO.ALBAuthentication.ClientID,
		}}
		b.add(es)
	}
	keys, err := resolve.ModelKeys(g.LiteLLM.Models)
	if err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		data := make([]ExternalSecretData, 0, len(keys))
		for _, k := range keys {
			data = append(data, ExternalSecretData{SecretKey: k.Env, RemoteRef: RemoteRef{Key: RemoteName(g, k.Secret)}})
		}
		b.read(c.ModelKeys, data)
	}
	return b.out, nil
}

// Fields the CRDs would default are set explicitly, so that what Argo CD
// compares equals what the API server stores.

// objects accumulates the builder's output.
type objects struct {
	g *resolve.Gateway
	// storage is where generated values are kept (the contract's).
	storage resolve.SecretStorage
	out     []component.Object
}

type generatedKey struct {
	// key in the Kubernetes Secret (and in the generator's output).
	key string
	// remote is the Secrets Manager name under the prefix.
	remote string
	// permanent entries get the resource policy that denies deleting or
	// changing them (see policy.go).
	permanent bool
}

// generatedSecret describes one Password → PushSecret → ExternalSecret chain.
// All three objects and the resulting Secret share name.
type generatedSecret struct {
	name   string
	what   string
	length int
	keys   []generatedKey
	// pushTemplate, when set, shapes the generated values before the push.
	pushTemplate map[string]string
	// extra are literal, non-secret keys added to the resulting Secret.
	extra map[string]string
	// namespaceExtra are template keys added to the Secret when it is kept
	// in the namespace (resolve.StoredInNamespace).
	namespaceExtra map[string]string
}

func (b *objects) meta(name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: b.g.Namespace, Labels: b.g.Labels()}
}

func (b *objects) add(o component.Object) {
	component.SetWave(o, component.WaveSecrets)
	b.out = append(b.out, o)
}

func (b *objects) storeRef() *SecretStoreRef {
	return &SecretStoreRef{Name: b.g.Secrets.Store.Name, Kind: b.g.Secrets.Store.Kind}
}

func refresh() *metav1.Duration { return &metav1.Duration{Duration: RefreshInterval} }

func (b *objects) generated(s generatedSecret) {
	secretKeys := make([]string, len(s.keys))
	for i, k := range s.keys {
		secretKeys[i] = k.key
	}
	// Letters and digits only: the values end up in connection strings and
	// Aurora and ElastiCache both restrict symbols; 40+ characters from 62
	// give more than 230 bits.
	digits, symbols := s.length/4, 0
	b.add(&Password{
		TypeMeta:   metav1.TypeMeta{APIVersion: GeneratorAPIVersion, Kind: KindPassword},
		ObjectMeta: b.meta(s.name),
		Spec: PasswordSpec{
			Length:      s.length,
			Digits:      &digits,
			Symbols:     &symbols,
			NoUpper:     false,
			AllowRepeat: true,
			Encoding:    "raw",
			SecretKeys:  secretKeys,
		},
	})
	if b.storage == resolve.StoredInNamespace {
		b.add(b.generatedInNamespace(s))
		return
	}

	push := &PushSecret{
		TypeMeta:   metav1.TypeMeta{APIVersion: PushSecretAPIVersion, Kind: KindPushSecret},
		ObjectMeta: b.meta(s.name),
		Spec: PushSecretSpec{
			RefreshInterval: refresh(),
			SecretStoreRefs: []PushSecretStoreRef{{Name: b.g.Secrets.Store.Name, Kind: b.g.Secrets.Store.Kind}},
			// Never overwrite: Secrets Manager keeps the first value forever.
			UpdatePolicy: "IfNotExists",
			// Deleting the PushSecret (or the Application) keeps the value.
			DeletionPolicy: "None",
			Selector: PushSecretSelector{GeneratorRef: &GeneratorRef{
				APIVersion: GeneratorAPIVersion, Kind: KindPassword, Name: s.name,
			}},
		},
	}
	if s.pushTemplate != nil {
		push.Spec.Template = &Template{EngineVersion: "v2", MergePolicy: "Replace", Data: s.pushTemplate}
	}
	read := make([]ExternalSecretData, 0, len(s.keys))
	for _, k := range s.keys {
		remote := RemoteName(b.g, k.remote)
		meta := PushSecretMetadataSpec{
			SecretPushFormat: "string",
			Description:      fmt.Sprintf("%s of %s/%s, generated once by aigw; never rotated by a sync", s.what, b.g.Gateway, b.g.Environment.Name),
		}
		if k.permanent {
			meta.ResourcePolicy = b.saltKeyPolicyRef()
		}
		push.Spec.Data = append(push.Spec.Data, PushSecretData{
			ConversionStrategy: "None",
			Match:              PushSecretMatch{SecretKey: k.key, RemoteRef: PushSecretRemoteRef{RemoteKey: remote}},
			Metadata: &PushSecretMetadata{
				APIVersion: "kubernetes.external-secrets.io/v1alpha1",
				Kind:       "PushSecretMetadata",
				Spec:       meta,
			},
		})
		read = append(read, ExternalSecretData{SecretKey: k.key, RemoteRef: RemoteRef{Key: remote}})
	}
	b.add(push)

	es := b.externalSecret(s.name, read)
	if len(s.extra) > 0 {
		es.Spec.Target.Template = &Template{EngineVersion: "v2", MergePolicy: "Merge", Data: s.extra}
	}
	b.add(es)
}

func (b *objects) read(name string, data []ExternalSecretData) {
	b.add(b.externalSecret(name, data))
}

func (b *objects) externalSecret(name string, data []ExternalSecretData) *ExternalSecret {
	return &ExternalSecret{
		TypeMeta:   metav1.TypeMeta{APIVersion: ExternalSecretAPIVersion, Kind: KindExternalSecret},
		ObjectMeta: b.meta(name),
		Spec: ExternalSecretSpec{
			SecretStoreRef:  b.storeRef(),
			RefreshPolicy:   "Periodic",
			RefreshInterval: refresh(),
			Target:          Target{Name: name, CreationPolicy: "Owner", DeletionPolicy: "Retain"},
			Data:            data,
		},
	}
}

// generatedInNamespace is a generated Secret kept in the namespace
// (resolve.StoredInNamespace, a preview's): the ExternalSecret takes the
// generator's values directly, once (refreshPolicy CreatedOnce), and
// nothing is written to or read from Secrets Manager. The values live and
// die with the namespace.
func (b *objects) generatedInNamespace(s generatedSecret) *ExternalSecret {
	es := &ExternalSecret{
		TypeMeta:   metav1.TypeMeta{APIVersion: ExternalSecretAPIVersion, Kind: KindExternalSecret},
		ObjectMeta: b.meta(s.name),
		Spec: ExternalSecretSpec{
			// Generate once; a later sync never replaces the values the
			// data stores were initialised with.
			RefreshPolicy:   "CreatedOnce",
			RefreshInterval: refresh(),
			Target:          Target{Name: s.name, CreationPolicy: "Owner", DeletionPolicy: "Retain"},
			DataFrom: []ExternalSecretDataFrom{{SourceRef: &SourceRef{GeneratorRef: &GeneratorRef{
				APIVersion: GeneratorAPIVersion, Kind: KindPassword, Name: s.name,
			}}}},
		},
	}
	data := map[string]string{}
	maps.Copy(data, s.pushTemplate)
	maps.Copy(data, s.extra)
	maps.Copy(data, s.namespaceExtra)
	if len(data) > 0 {
		// Replace when the template shapes the generated keys themselves
		// (it then lists every key), Merge when it only adds keys.
		policy := "Merge"
		if s.pushTemplate != nil {
			policy = "Replace"
		}
		es.Spec.Target.Template = &Template{EngineVersion: "v2", MergePolicy: policy, Data: data}
	}
	return es
}
