package secrets

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// The Kubernetes Secrets External Secrets writes into the namespace, and the
// keys inside them. Other builders (LiteLLM, the Crossplane compositions)
// reference these; nothing else may invent a secret name.
const (
	// DatabaseUsername is the Aurora master user LiteLLM connects as. It is
	// not a secret; the database Secret carries it under DatabaseUsernameKey
	// for convenience.
	DatabaseUsername    = "litellm"
	DatabasePasswordKey = "password"
	DatabaseUsernameKey = "username"
	ValkeyTokenKey      = "token"
	MasterKeyKey        = "masterKey"
	SaltKeyKey          = "saltKey"
	SSOClientSecretKey  = "clientSecret"
	// ValkeyACLKey is, in a preview only, the Valkey ACL file in the
	// ValkeySecret (ValkeyACLTemplate filled with the token): the
	// in-namespace Valkey reads it with --aclfile.
	ValkeyACLKey = "users.acl"

	// ModelKeyEnvPrefix prefixes the environment variable (and Secret key)
	// holding a model's provider API key; see ModelKeyEnv.
	ModelKeyEnvPrefix = "MODEL_API_KEY_"
)

// ValkeyACLTemplate is the ESO template of ValkeyACLKey: the default user,
// with the token as its password and every permission. It references the
// generated key; it holds no value.
const ValkeyACLTemplate = "user default on >{{ ." + ValkeyTokenKey + " }} ~* &* +@all\n"

// DatabaseSecret is <gw>-database-master (key password, plus username).
func DatabaseSecret(g *resolve.Gateway) string { return g.Name("database-master") }

// ValkeySecret is <gw>-valkey-auth (key token).
func ValkeySecret(g *resolve.Gateway) string { return g.Name("valkey-auth") }

// LiteLLMKeysSecret is <gw>-litellm-keys (keys masterKey and saltKey),
// shared by the API and Admin releases.
func LiteLLMKeysSecret(g *resolve.Gateway) string { return g.Name("litellm-keys") }

// SSOSecret is <gw>-sso (key clientSecret).
func SSOSecret(g *resolve.Gateway) string { return g.Name("sso") }

// ModelKeysSecret is <gw>-model-keys: one key per distinct apiKeySecret of
// the models, named ModelKeyEnv(apiKeySecret), so that the Secret can be
// exposed to LiteLLM whole (envFrom) and referenced from config.yaml as
// os.environ/<key>.
func ModelKeysSecret(g *resolve.Gateway) string { return g.Name("model-keys") }

// Secrets Manager names, all under spec.secrets.prefix.
const (
	remoteDatabase  = "database-master"
	remoteValkey    = "valkey-auth"
	remoteMasterKey = "litellm-master-key"
	remoteSaltKey   = "litellm-salt-key"
)

// RemoteName is the Secrets Manager name of an entry under the prefix.
func RemoteName(g *resolve.Gateway, name string) string {
	return g.Secrets.Prefix + "/" + name
}

// ModelKeyEnv is the environment variable (and key of ModelKeysSecret) that
// holds the API key stored in Secrets Manager under apiKeySecret:
// MODEL_API_KEY_ followed by the name in upper case with every character
// other than a letter or digit replaced by '_' ("azure-openai" →
// MODEL_API_KEY_AZURE_OPENAI).
func ModelKeyEnv(apiKeySecret string) string {
	var b strings.Builder
	b.WriteString(ModelKeyEnvPrefix)
	for _, r := range strings.ToUpper(apiKeySecret) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// ModelKey is one entry of ModelKeysSecret.
type ModelKey struct {
	// Env is the environment variable and Secret key.
	Env string
	// Secret is the name under spec.secrets.prefix.
	Secret string
}

// ModelKeys returns the distinct apiKeySecret entries of the models, sorted
// by Env. Two different secret names that map to the same variable are an
// error (they would silently share one key).
func ModelKeys(models []spec.Model) ([]ModelKey, error) {
	bySecret := map[string]string{}
	byEnv := map[string]string{}
	for _, m := range models {
		if m.APIKeySecret == "" {
			continue
		}
		env := ModelKeyEnv(m.APIKeySecret)
		if other, ok := byEnv[env]; ok && other != m.APIKeySecret {
			return nil, fmt.Errorf("models: apiKeySecret %q and %q both map to the environment variable %s; rename one of the Secrets Manager secrets", other, m.APIKeySecret, env)
		}
		byEnv[env] = m.APIKeySecret
		bySecret[m.APIKeySecret] = env
	}
	keys := make([]ModelKey, 0, len(bySecret))
	for s, env := range bySecret {
		keys = append(keys, ModelKey{Env: env, Secret: s})
	}
	slices.SortFunc(keys, func(a, b ModelKey) int { return strings.Compare(a.Env, b.Env) })
	return keys, nil
}
