// Package resolve turns one environment (or pull-request preview) of a spec
// document into the Gateway that the component builders read: the merged
// settings plus everything derived from the environment and from Argo CD
// (namespace, host names, labels) and the Contract, every name, key, label
// and port that more than one component uses. It is the only place such
// names are computed, so that every builder agrees on them without
// importing another (docs/architecture.md).
package resolve

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/aigw-dev/aigw/internal/spec"
)

// Options select and place one environment.
type Options struct {
	// Environment is the environment name (required).
	Environment string
	// Namespace, when set, overrides the spec (an explicit flag or Argo CD
	// parameter).
	Namespace string
	// DefaultNamespace is used when neither Namespace nor the spec sets one
	// (Argo CD's ARGOCD_APP_NAMESPACE). Empty means <name>-<environment>.
	DefaultNamespace string
	// Preview, when set, is a pull-request number: render the preview of
	// that pull request, derived from spec.previews.from (see Preview).
	Preview string
}

// Gateway is one environment of one gateway, ready for the builders.
type Gateway struct {
	*spec.Environment
	// Namespace every namespaced object goes to.
	Namespace string
	// APIHost and AdminHost are the fully qualified host names.
	APIHost, AdminHost string
	// Preview is set when this is a pull-request preview, nil for an
	// environment.
	Preview *Preview
	// ServesPreviews reports that this environment is spec.previews.from:
	// its Gateway admits the previews' routes.
	ServesPreviews bool
	// ParentZone is where the domain is delegated from (spec.dns), nil
	// when the spec names no parent.
	ParentZone *ParentZone
}

// Resolve merges, defaults and validates the environment and derives names.
// With opts.Preview it resolves the preview of that pull request instead
// (see Preview): the environment is spec.previews.from, and opts.Environment
// may only name that one.
func Resolve(doc *spec.Document, opts Options) (*Gateway, error) {
	if opts.Preview != "" {
		from, err := previewSource(doc, opts)
		if err != nil {
			return nil, err
		}
		opts.Environment = from
	}
	if opts.Environment == "" {
		return nil, fmt.Errorf("no environment selected: pass --env, or set the Argo CD Application parameter environment (or its plugin env AIGW_ENVIRONMENT); defined: %v", doc.Environments())
	}
	env, err := doc.Environment(opts.Environment)
	if err != nil {
		return nil, err
	}
	g := &Gateway{Environment: env}
	if p := doc.Gateway.Spec.Previews; p != nil && p.From == env.Name {
		g.ServesPreviews = true
	}
	if opts.Preview != "" {
		if err := g.preview(doc, opts); err != nil {
			return nil, err
		}
		return g, nil
	}
	switch {
	case opts.Namespace != "":
		g.Namespace = opts.Namespace
	case env.Namespace != "":
		g.Namespace = env.Namespace
	case opts.DefaultNamespace != "":
		g.Namespace = opts.DefaultNamespace
	default:
		g.Namespace = env.Gateway + "-" + env.Name
	}
	if msgs := validation.IsDNS1123Label(g.Namespace); len(msgs) > 0 {
		return nil, fmt.Errorf("namespace %q: %s", g.Namespace, strings.Join(msgs, "; "))
	}
	// A preview renders without the source environment's Application, so
	// its routes attach to the Gateway in the namespace the spec gives
	// (previewSourceNamespace). Placing the source environment anywhere
	// else would leave every preview's routes unattached, silently.
	if src := previewSourceNamespace(env); g.ServesPreviews && g.Namespace != src {
		return nil, fmt.Errorf("environment %s is spec.previews.from: its previews attach their routes to its Gateway in namespace %q, but it renders into %q (%s); set spec.environments.%s.namespace: %s",
			env.Name, src, g.Namespace, namespaceOrigin(opts), env.Name, g.Namespace)
	}
	if g.ParentZone, err = parentZone(doc, env); err != nil {
		return nil, err
	}
	g.APIHost = env.Hostnames.API + "." + env.Domain
	g.AdminHost = env.Hostnames.Admin + "." + env.Domain
	return g, nil
}

// Name returns the name of a namespaced object of this gateway:
// <gateway>-<part>, or <gateway> when part is empty. Names never contain the
// environment: the namespace already separates environments, and a name that
// changed with it would make a promotion replace stateful resources.
func (g *Gateway) Name(part string) string {
	if part == "" {
		return g.Gateway
	}
	return g.Gateway + "-" + part
}

// ClusterName returns the name of a cluster-scoped object of this gateway
// environment (a Karpenter NodePool, say): <gateway>-<environment>[-<part>].
func (g *Gateway) ClusterName(part string) string {
	n := g.Gateway + "-" + g.Environment.Name
	if part != "" {
		n += "-" + part
	}
	return n
}

// Labels are the labels every object of this gateway carries.
func (g *Gateway) Labels() map[string]string {
	l := map[string]string{
		"app.kubernetes.io/part-of":    g.Gateway,
		"app.kubernetes.io/managed-by": "aigw",
		"aigw.dev/gateway":             g.Gateway,
		"aigw.dev/environment":         g.Environment.Name,
	}
	if g.Preview != nil {
		l[PreviewLabel] = g.Preview.Number
	}
	for k, v := range g.Environment.Labels {
		if _, taken := l[k]; !taken {
			l[k] = v
		}
	}
	return l
}

// previewSourceNamespace is the namespace previews expect their source
// environment in: spec.environments.<env>.namespace, else <name>-<env>.
func previewSourceNamespace(env *spec.Environment) string {
	if env.Namespace != "" {
		return env.Namespace
	}
	return env.Gateway + "-" + env.Name
}

// namespaceOrigin names what set an environment's namespace other than the
// spec: an explicit override or Argo CD's destination.
func namespaceOrigin(opts Options) string {
	if opts.Namespace != "" {
		return "the namespace override"
	}
	return "the Argo CD destination namespace"
}
