package spec

// SecretValue says what kind of credential s looks like ("an OpenAI API
// key", "a URL with a user name or password"...), or "" when it looks like
// none: the detector that checks model params, for the other places user
// text reaches the output (the last-mile kustomization).
func SecretValue(s string) string { return secretValue(s) }

// SecretKey reports whether a key name looks like it holds a secret
// (api_key, password, x-auth-token...), as for model params.
func SecretKey(k string) bool { return secretKey(k) }
