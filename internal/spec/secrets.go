package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// secretWhere says where a secret belongs instead of the spec.
const secretWhere = "never put secrets in git: store the provider key in AWS Secrets Manager and name that secret in the model's apiKeySecret"

// secretKeyWords are words that make a key name secret-looking wherever it
// appears; secretKeyPairs are pairs of adjacent words that do.
var (
	secretKeyWords = []string{"password", "passwd", "secret", "secrets", "credential", "credentials", "authorization", "apikey", "privatekey", "cookie"}
	secretKeyPairs = [][2]string{{"api", "key"}, {"access", "key"}, {"private", "key"}, {"secret", "key"}, {"account", "key"}, {"auth", "token"}, {"access", "token"}, {"session", "token"}, {"refresh", "token"}, {"id", "token"}, {"api", "token"}, {"ad", "token"}, {"bearer", "token"}}
)

// keyWords splits a key name into lower-case words at punctuation and
// lower-to-upper case changes: "aws_secret_access_key" and "apiKey" give
// [aws secret access key] and [api key].
func keyWords(k string) []string {
	var words []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range k {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return words
}

// secretKey reports whether a key name looks like it holds a secret. A
// lone "token" is one (x-auth-token, github_token) unless the key counts or
// prices tokens (max_tokens, input_cost_per_token).
func secretKey(k string) bool {
	w := keyWords(k)
	for i, x := range w {
		for _, s := range secretKeyWords {
			if x == s {
				return true
			}
		}
		if i+1 < len(w) {
			for _, p := range secretKeyPairs {
				if x == p[0] && w[i+1] == p[1] {
					return true
				}
			}
		}
	}
	for i, x := range w {
		if x != "token" {
			continue
		}
		counted := false
		for _, y := range w {
			switch y {
			case "per", "cost", "max", "min", "count", "limit", "tokens", "budget":
				counted = true
			}
		}
		if !counted && (i == len(w)-1 || len(w) == 1) {
			return true
		}
	}
	return false
}

// secretShape is a kind of credential recognisable by its value.
type secretShape struct {
	what string
	re   func() *regexp.Regexp
}

func shape(what, expr string) secretShape {
	return secretShape{what, sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// secretShapes are the credential formats of the providers LiteLLM talks
// to, and generic token formats. They are matched anywhere in a string.
var secretShapes = []secretShape{
	shape("an Anthropic API key", `sk-ant-[A-Za-z0-9_-]{16,}`),
	shape("an OpenAI API key", `\bsk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}`),
	shape("an AWS access key ID", `\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b`),
	shape("a GitHub token", `\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})`),
	shape("a Google API key", `\bAIza[0-9A-Za-z_-]{35}`),
	shape("a Hugging Face token", `\bhf_[A-Za-z0-9]{30,}`),
	shape("a Slack token", `\bxox[abprs]-[A-Za-z0-9-]{10,}`),
	shape("a JSON Web Token", `\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`),
	shape("an HTTP Authorization credential", `(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}`),
	shape("an Azure connection string key", `(?i)\b(AccountKey|SharedAccessKey|SharedAccessSignature)=`),
	shape("a private key", `-----BEGIN [A-Z ]*PRIVATE KEY-----`),
	shape("an Azure OpenAI API key", `^[0-9a-f]{32}$`),
	// An AWS secret access key is 40 characters of base64 with upper
	// case, lower case and digits; a 40-character hex digest is not.
	shape("an AWS secret access key", `^[A-Za-z0-9/+]{40}$`),
}

// secretValue says what kind of credential s looks like, or "".
func secretValue(s string) string {
	for rest := s; ; {
		_, after, ok := strings.Cut(rest, "://")
		if !ok {
			break
		}
		auth := after
		if j := strings.IndexAny(auth, "/?# \t\n\"'"); j >= 0 {
			auth = auth[:j]
		}
		if strings.Contains(auth, "@") {
			return "a URL with a user name or password"
		}
		rest = after
	}
	if len(s) < 16 {
		return ""
	}
	for _, sh := range secretShapes {
		if !sh.re().MatchString(s) {
			continue
		}
		if sh.what == "an AWS secret access key" && !(strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
			strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") && strings.ContainsAny(s, "0123456789")) {
			continue
		}
		return sh.what
	}
	return ""
}

// secrets reports every secret-looking key and value in a free-form value
// (model params), at any depth.
func (v *validator) secrets(path string, x any) {
	switch x := x.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := path + "." + k
			if secretKey(k) {
				v.at(p, "looks like a secret (by its name): %s", secretWhere)
				continue
			}
			v.secrets(p, x[k])
		}
	case []any:
		for i, item := range x {
			v.secrets(fmt.Sprintf("%s[%d]", path, i), item)
		}
	case string:
		if what := secretValue(x); what != "" {
			v.at(path, "the value looks like %s: %s", what, secretWhere)
		}
	}
}
