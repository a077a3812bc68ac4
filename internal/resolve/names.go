package resolve

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/aigw-dev/aigw/internal/spec"
)

// ModelKeyEnvPrefix prefixes the environment variable (and key of
// Secrets.ModelKeys) holding a model's provider API key; see ModelKeyEnv.
const ModelKeyEnvPrefix = "MODEL_API_KEY_"

// ModelKeyEnv is the environment variable (and key of Secrets.ModelKeys)
// that holds the API key stored in Secrets Manager under apiKeySecret:
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

// ModelKey is one entry of Secrets.ModelKeys.
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

// sourceRanges are the CIDRs the ALB security group admits: none (anyone)
// when the API is public, otherwise the API and admin allowlists together,
// sorted by address and without duplicates.
func sourceRanges(api, admin []string) []string {
	if len(api) == 0 {
		return nil
	}
	var all []netip.Prefix
	seen := map[string]bool{}
	var invalid []string
	for _, c := range slices.Concat(api, admin) {
		if seen[c] {
			continue
		}
		seen[c] = true
		p, err := netip.ParsePrefix(c)
		if err != nil {
			invalid = append(invalid, c) // spec validation rejects these; keep them visible
			continue
		}
		all = append(all, p)
	}
	slices.SortFunc(all, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	out := make([]string, 0, len(all)+len(invalid))
	for _, p := range all {
		out = append(out, p.String())
	}
	slices.Sort(invalid)
	return append(out, invalid...)
}
