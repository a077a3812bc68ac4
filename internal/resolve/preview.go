package resolve

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/aigw-dev/aigw/internal/spec"
)

// Labels of pull-request previews.
const (
	// PreviewLabel is on every object of a preview; its value is the pull
	// request number.
	PreviewLabel = "aigw.dev/preview"
	// PreviewOfLabel is on a preview's Namespace; its value is
	// Gateway.PreviewOf() of the source environment, whose Gateway admits
	// routes from namespaces carrying it.
	PreviewOfLabel = "aigw.dev/preview-of"
)

// maxPreviewDigits bounds a pull-request number (and so the namespace and
// host names derived from it).
const maxPreviewDigits = 9

// Preview describes a pull-request preview: the environment named by
// spec.previews.from, rendered into its own namespace, under its own host
// names, with its own data stores and secrets.
//
// Resolve adjusts the preview's settings (a copy of the source
// environment's): spec.secrets.prefix and spec.secrets.store become the
// previews' (spec.previews.secretsPrefix and the ClusterSecretStore
// spec.previews.store), spec.litellm.roleArn becomes spec.previews.roleArn
// when set, the API release runs one replica (min = max = 1) and the Admin
// release one.
type Preview struct {
	// Number is the pull request number (digits only).
	Number string
	// SourceNamespace is the namespace of the source environment, where its
	// Gateway is: spec.environments.<from>.namespace, else
	// <name>-<from>. A preview cannot see Argo CD overrides of the source
	// environment's namespace, so Resolve refuses to place the source
	// environment anywhere else.
	SourceNamespace string
	// SecretsPrefix is spec.previews.secretsPrefix (defaulted); it is also
	// the preview's Secrets.Prefix.
	SecretsPrefix string
	// Store is the ClusterSecretStore spec.previews.store (defaulted); it
	// is also the preview's Secrets.Store.
	Store string
}

// PreviewNamespace is the namespace of the preview of pull request number:
// <gateway>-pr-<number>.
func PreviewNamespace(gateway, number string) string { return gateway + "-pr-" + number }

// PreviewHost is a host of the preview of pull request number: one label
// under the source environment's domain, <label>-pr-<number>.<domain>, so
// that the environment's wildcard certificate (*.<domain>) covers it.
func PreviewHost(label, number, domain string) string {
	return label + "-pr-" + number + "." + domain
}

// PreviewHostPattern is an anchored regular expression (RE2 and WAF regex
// syntax, without backslashes or quotes) that matches exactly the hosts
// PreviewHost gives for label and domain, whatever the pull request number:
// ^<label>-pr-[0-9]{1,9}[.]<domain with [.] for each dot>$. The label and
// domain are DNS names (letters, digits, '-', '.'), so nothing else needs
// escaping.
func PreviewHostPattern(label, domain string) string {
	return fmt.Sprintf("^%s-pr-[0-9]{1,%d}[.]%s$", label, maxPreviewDigits, strings.ReplaceAll(domain, ".", "[.]"))
}

// HostPattern is an anchored regular expression (RE2 and WAF regex syntax,
// no backslashes or quotes) for the WAF allowlist rules, applied to the
// lower-cased Host header: it matches the environment's host <label>.<domain>
// and its previews' hosts (PreviewHost) in every form the ALB routes to
// them: with a trailing dot and with a port (Host: api.example.com.:443).
// An exact match would let such a request skip the allowlist.
func HostPattern(label, domain string) string {
	return fmt.Sprintf("^%s(-pr-[0-9]{1,%d})?[.]%s[.]?(:[0-9]{1,5})?$", label, maxPreviewDigits, strings.ReplaceAll(domain, ".", "[.]"))
}

// PreviewOf is the value of PreviewOfLabel that the namespaces of this
// environment's previews carry: <gateway>-<environment>.
func (g *Gateway) PreviewOf() string { return g.Gateway + "-" + g.Environment.Name }

// checkPreviewNumber accepts a pull request number: 1 to 9 digits, no
// leading zero (one preview has one namespace name).
func checkPreviewNumber(n string) error {
	ok := len(n) >= 1 && len(n) <= maxPreviewDigits && n[0] != '0'
	for _, r := range n {
		ok = ok && r >= '0' && r <= '9'
	}
	if !ok {
		return fmt.Errorf("preview %q: must be a pull request number (1 to %d digits, no leading zero)", n, maxPreviewDigits)
	}
	return nil
}

// previewSource returns the environment a preview renders: spec.previews.from.
func previewSource(doc *spec.Document, opts Options) (string, error) {
	if err := checkPreviewNumber(opts.Preview); err != nil {
		return "", err
	}
	p := doc.Gateway.Spec.Previews
	if p == nil {
		return "", fmt.Errorf("preview %s: %s has no spec.previews section (set spec.previews.from to the environment previews derive from)", opts.Preview, doc.File)
	}
	if opts.Environment != "" && opts.Environment != p.From {
		return "", fmt.Errorf("preview %s: previews derive from environment %q (spec.previews.from), not %q", opts.Preview, p.From, opts.Environment)
	}
	return p.From, nil
}

// preview turns g, the source environment, into the preview of opts.Preview.
func (g *Gateway) preview(doc *spec.Document, opts Options) error {
	settings := *g.Environment
	env := &settings
	g.Environment = env
	g.ServesPreviews = false

	ns := PreviewNamespace(env.Gateway, opts.Preview)
	for _, o := range []struct{ what, ns string }{
		{"the namespace override", opts.Namespace},
		{"the Argo CD destination namespace", opts.DefaultNamespace},
	} {
		if o.ns != "" && o.ns != ns {
			return fmt.Errorf("preview %s renders into namespace %q, but %s is %q", opts.Preview, ns, o.what, o.ns)
		}
	}
	g.Namespace = ns
	src := previewSourceNamespace(env)

	g.APIHost = PreviewHost(env.Hostnames.API, opts.Preview, env.Domain)
	g.AdminHost = PreviewHost(env.Hostnames.Admin, opts.Preview, env.Domain)
	for _, h := range []string{g.APIHost, g.AdminHost} {
		label, _, _ := strings.Cut(h, ".")
		if msgs := validation.IsDNS1123Label(label); len(msgs) > 0 {
			return fmt.Errorf("preview %s: host label %q: %s (shorten spec.hostnames)", opts.Preview, label, strings.Join(msgs, "; "))
		}
	}

	prev := doc.Gateway.Spec.Previews
	prefix, store := spec.PreviewsSecretsPrefix(env.Gateway, prev), spec.PreviewsStore(prev)
	if err := checkPreviewSecrets(doc, prefix, store); err != nil {
		return fmt.Errorf("preview %s: %w", opts.Preview, err)
	}
	env.Secrets.Prefix = prefix
	env.Secrets.Store = spec.StoreRef{Kind: spec.DefaultStoreKind, Name: store}
	if prev.RoleArn != "" {
		if env.LiteLLM.AWSIdentity != spec.AWSIdentityIRSA {
			return fmt.Errorf("preview %s: spec.previews.roleArn is an IRSA role, but environment %s uses awsIdentity %s: associate the role with the preview's ServiceAccounts in EKS instead", opts.Preview, env.Name, env.LiteLLM.AWSIdentity)
		}
		env.LiteLLM.RoleArn = prev.RoleArn
	}
	env.API.Replicas = spec.Replicas{Min: 1, Max: 1}
	env.Admin.Replicas = 1

	g.Preview = &Preview{Number: opts.Preview, SourceNamespace: src, SecretsPrefix: prefix, Store: env.Secrets.Store.Name}
	return nil
}

// checkPreviewSecrets refuses a previews prefix that equals, contains or
// lies inside the secrets prefix of any environment, and a previews store
// that is an environment's: a preview must never read an environment's
// secrets. This catches mistakes; against a pull request that edits both,
// the boundary is the stores' IAM roles and conditions (docs/previews.md#isolation).
func checkPreviewSecrets(doc *spec.Document, prefix, store string) error {
	for _, name := range doc.Environments() {
		env, err := doc.Environment(name)
		if err != nil {
			return err
		}
		p := env.Secrets.Prefix
		if p == prefix || strings.HasPrefix(p, prefix+"/") || strings.HasPrefix(prefix, p+"/") {
			return doc.Errorf("spec.previews.secretsPrefix", "%q overlaps the secrets prefix %q of environment %s: previews never read an environment's secrets", prefix, p, name)
		}
		if s := env.Secrets.Store; s.Kind == spec.DefaultStoreKind && s.Name == store {
			return doc.Errorf("spec.previews.store", "%q is the secret store of environment %s: previews read through a store of their own", store, name)
		}
	}
	return nil
}
