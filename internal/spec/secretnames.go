package spec

import (
	"fmt"
	"strings"
)

// Secrets Manager names. A name is 1 to 512 characters from letters, digits
// and /_+=.@- (AWS Secrets Manager CreateSecret, Name). aigw composes every
// name as <prefix>/<name>, so both parts are also checked as paths: no
// leading or trailing '/', no empty segment, no "." or ".." segment (a
// name is never a relative path into another environment's secrets).
const (
	maxSecretName = 512
	secretChars   = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+=.@-"
)

// GeneratedSecrets are the names under an environment's secrets prefix that
// aigw generates (internal/secrets pushes them). A secret people create
// (apiKeySecret, sso.clientSecret, ...) must not take one of these names.
var GeneratedSecrets = []string{"database-master", "valkey-auth", "litellm-master-key", "litellm-salt-key"}

// secretPathProblem returns why s is not a Secrets Manager name (or name
// prefix) that aigw accepts, or "".
func secretPathProblem(s string) string {
	switch {
	case s == "":
		return "must not be empty"
	case len(s) > maxSecretName:
		return fmt.Sprintf("is longer than %d characters", maxSecretName)
	case strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune(secretChars, r) }) >= 0:
		return "may contain only letters, digits and /_+=.@-"
	case strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/"):
		return "must not start or end with '/'"
	}
	for seg := range strings.SplitSeq(s, "/") {
		switch seg {
		case "":
			return "must not contain an empty segment ('//')"
		case ".", "..":
			return fmt.Sprintf("must not contain a %q segment: it is a name, not a relative path", seg)
		}
	}
	return ""
}

func isSecretPath(s string) bool { return secretPathProblem(s) == "" }

func secretPathHint(s string) string {
	if p := secretPathProblem(s); p != "" {
		return ": it " + p
	}
	return ""
}

// secretName checks a name under the environment's prefix (its own syntax
// is the field's secretName tag): the composed <prefix>/<name> no longer
// than Secrets Manager allows, and not one of the names aigw generates.
func (v *validator) secretName(path, s, prefix string) {
	if !isSecretPath(s) {
		return
	}
	for _, g := range GeneratedSecrets {
		if s == g {
			v.at(path, "%q is the name of a secret aigw generates under secrets.prefix; choose another name", s)
			return
		}
	}
	if n := len(prefix) + 1 + len(s); n > maxSecretName {
		v.at(path, "%s/%s is %d characters long; Secrets Manager allows %d", prefix, s, n, maxSecretName)
	}
}

// prefixesOverlap reports whether two secrets prefixes name the same
// secrets: equal, or one inside the other.
func prefixesOverlap(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// secretsPrefixOf is the secrets prefix environment name resolves to, and
// the path where it is written ("" for the default), read from the document
// without merging the whole environment.
func (doc *Document) secretsPrefixOf(name string) (string, string) {
	path := "spec.environments." + name + ".secrets.prefix"
	if _, written := doc.pos[path]; written {
		if p := doc.Gateway.Spec.Environments[name].Secrets.Prefix; p != "" {
			return p, path
		}
		return defaultSecretsPrefix(doc.Gateway.Metadata.Name, name), ""
	}
	if p := doc.Gateway.Spec.Secrets.Prefix; p != "" {
		return p, "spec.secrets.prefix"
	}
	return defaultSecretsPrefix(doc.Gateway.Metadata.Name, name), ""
}

func defaultSecretsPrefix(gateway, env string) string { return "aigw/" + gateway + "/" + env }

// distinctSecrets rejects an environment whose secrets prefix equals, lies
// inside or contains another environment's: environments never read or
// push each other's secrets (a master key, salt key or database password
// shared between a sandbox and production).
func (v *validator) distinctSecrets(doc *Document, env *Environment) {
	for _, other := range doc.Environments() {
		if other == env.Name {
			continue
		}
		p, at := doc.secretsPrefixOf(other)
		if !prefixesOverlap(env.Secrets.Prefix, p) {
			continue
		}
		where := "its default"
		if pos, ok := doc.pos[at]; ok && at != "" {
			where = fmt.Sprintf("%s at %s:%d:%d", at, doc.File, pos.line, pos.column)
		}
		v.at("spec.secrets.prefix", "%q overlaps the secrets prefix %q of environment %s (%s): environments must never share secrets; give each its own prefix (the default is aigw/<name>/<environment>)",
			env.Secrets.Prefix, p, other, where)
	}
}
