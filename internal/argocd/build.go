package argocd

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Defaults of Options.
const (
	DefaultNamespace = "argocd"
	DefaultProject   = "default"
	DefaultServer    = "https://kubernetes.default.svc"
	// PluginName is the plugin's name in plugin.yaml (no version, so the
	// name alone selects it).
	PluginName = "aigw"
	// ParamEnvironment and ParamPreview are the plugin parameters the
	// Applications set.
	ParamEnvironment = "environment"
	ParamPreview     = "preview"
	// ResourcesFinalizer makes deleting an Application delete its objects.
	ResourcesFinalizer = "resources-finalizer.argocd.argoproj.io"
	// ManifestGeneratePaths limits refreshes (and, with the repo-server's
	// reposerver.plugin.use.manifest.generate.paths, the files sent to the
	// plugin) to the application folder.
	ManifestGeneratePaths = "argocd.argoproj.io/manifest-generate-paths"
	// PreviewRequeueSeconds is how often the pull-request generator polls
	// the provider when no webhook tells it sooner.
	PreviewRequeueSeconds = 300
)

// Options say where the gateway's repository is and how to deploy it.
type Options struct {
	// RepoURL is the git repository Argo CD reads (required).
	RepoURL string
	// Path is the application folder in the repository ("." for the root).
	Path string
	// Namespace is Argo CD's namespace. Default "argocd".
	Namespace string
	// Project is the AppProject of the environment Applications. Default
	// "default". Previews always get their own, generated project.
	Project string
	// SCM is the pull-request provider of previews. Default "github".
	SCM string
	// TokenSecret names a Secret in Argo CD's namespace whose key "token"
	// authenticates the pull-request generator; empty means none.
	TokenSecret string
	// PreviewLabels, when set, limit previews to pull requests with all of
	// these labels.
	PreviewLabels []string
}

// Build returns the Argo CD objects of the gateway in doc: the previews'
// AppProject (when the spec has previews), one Application per environment,
// and the previews' ApplicationSet.
func Build(doc *spec.Document, opts Options) ([]any, error) {
	if opts.RepoURL == "" {
		return nil, errors.New("no repository URL: pass --repo (or give the folder an origin remote)")
	}
	if opts.Namespace == "" {
		opts.Namespace = DefaultNamespace
	}
	if opts.Project == "" {
		opts.Project = DefaultProject
	}
	if opts.SCM == "" {
		opts.SCM = SCMGitHub
	}
	if opts.Path == "" {
		opts.Path = "."
	}
	raw := opts.Path
	opts.Path = path.Clean(opts.Path)
	if path.IsAbs(opts.Path) || opts.Path == ".." || strings.HasPrefix(opts.Path, "../") {
		return nil, fmt.Errorf("application path %q must be relative to the root of the repository, inside it", raw)
	}
	var objs []any
	var envs []*resolve.Gateway
	for _, name := range doc.Environments() {
		g, err := resolve.Resolve(doc, resolve.Options{Environment: name})
		if err != nil {
			return nil, err
		}
		envs = append(envs, g)
	}
	prev := doc.Gateway.Spec.Previews
	if prev != nil {
		objs = append(objs, previewProject(doc.Gateway.Metadata.Name, opts))
	}
	for _, g := range envs {
		objs = append(objs, environmentApp(g, opts))
	}
	if prev != nil {
		// A preview must resolve (a previews prefix that overlaps an
		// environment's, a host label too long...): fail here rather
		// than in every preview Application.
		if _, err := resolve.Resolve(doc, resolve.Options{Preview: "1"}); err != nil {
			return nil, fmt.Errorf("spec.previews: %w", err)
		}
		var from *resolve.Gateway
		for _, g := range envs {
			if g.Environment.Name == prev.From {
				from = g
			}
		}
		if from == nil {
			return nil, fmt.Errorf("spec.previews.from: environment %q is not defined", prev.From)
		}
		set, err := previewSet(from, opts)
		if err != nil {
			return nil, err
		}
		objs = append(objs, set)
	}
	return objs, nil
}

// labels are the labels of every Argo CD object of the gateway.
func labels(gateway string, extra ...string) map[string]string {
	l := map[string]string{
		"app.kubernetes.io/part-of":    gateway,
		"app.kubernetes.io/managed-by": "aigw",
		"aigw.dev/gateway":             gateway,
	}
	for i := 0; i+1 < len(extra); i += 2 {
		l[extra[i]] = extra[i+1]
	}
	return l
}

// environmentApp is the Application of one environment. It tracks the
// environment's branch, so that promotion is a merge into that branch. It
// has no resources finalizer: deleting the Application leaves the
// environment running (tearing one down is deliberate, never a side effect).
func environmentApp(g *resolve.Gateway, opts Options) *Application {
	env := g.Environment.Name
	return &Application{
		APIVersion: APIVersion,
		Kind:       KindApplication,
		Metadata: Meta{
			Name:        g.Gateway + "-" + env,
			Namespace:   opts.Namespace,
			Labels:      labels(g.Gateway, "aigw.dev/environment", env),
			Annotations: map[string]string{ManifestGeneratePaths: "."},
		},
		Spec: ApplicationSpec{
			Project: opts.Project,
			Source: Source{
				RepoURL:        opts.RepoURL,
				Path:           opts.Path,
				TargetRevision: g.Branch,
				Plugin:         &PluginSource{Name: PluginName, Parameters: []PluginParameter{{Name: ParamEnvironment, String: env}}},
			},
			Destination: Destination{Server: DefaultServer, Namespace: g.Namespace},
			SyncPolicy: &SyncPolicy{
				Automated: &Automated{Prune: true, SelfHeal: true},
				// ServerSideApply: large ConfigMaps and shared field
				// ownership with controllers (the HPA owns replicas).
				// PruneLast: remove old objects only after the new ones
				// are healthy. FailOnSharedResource: never take over an
				// object another Application manages (two Applications
				// on one namespace fail instead of fighting).
				SyncOptions: []string{"ServerSideApply=true", "PruneLast=true", "FailOnSharedResource=true"},
				// The first sync of an environment waits for Crossplane
				// and External Secrets; retries let it converge.
				Retry: &Retry{Limit: 10, Backoff: &Backoff{Duration: "10s", Factor: 2, MaxDuration: "5m"}},
			},
			RevisionHistoryLimit: ptr(int64(10)),
			Info: []Info{
				{Name: "Environment", Value: fmt.Sprintf("%s (tier %s)", env, g.Tier)},
				{Name: "Promotion", Value: "merge the previous environment's branch into " + g.Branch + "; check it first with aigw promote"},
			},
		},
	}
}

// previewProject confines previews: only their own namespaces, no
// cluster-scoped object but those namespaces, and none of the kinds that
// would reach shared or paid resources (Crossplane composites and AWS
// managed resources, a Gateway and its load balancer, PushSecrets that
// write to Secrets Manager, namespaced SecretStores with their own
// credentials) or outlive the preview (volume claims).
func previewProject(gateway string, opts Options) *AppProject {
	ns := resolve.PreviewNamespace(gateway, "*")
	return &AppProject{
		APIVersion: APIVersion,
		Kind:       KindAppProject,
		Metadata:   Meta{Name: gateway + "-previews", Namespace: opts.Namespace, Labels: labels(gateway)},
		Spec: AppProjectSpec{
			Description:              "Pull-request previews of " + gateway + ": their own namespaces only, no cloud resources, no load balancer, no writes to Secrets Manager.",
			SourceRepos:              []string{opts.RepoURL},
			Destinations:             []ProjectDestination{{Server: DefaultServer, Namespace: ns}},
			ClusterResourceWhitelist: []ClusterResource{{Group: "", Kind: "Namespace", Name: ns}},
			NamespaceResourceBlacklist: []GroupKind{
				{Group: "platform.aigw.dev", Kind: "*"},
				{Group: "*.upbound.io", Kind: "*"},
				{Group: "gateway.networking.k8s.io", Kind: "Gateway"},
				{Group: "gateway.k8s.aws", Kind: "LoadBalancerConfiguration"},
				{Group: "external-secrets.io", Kind: "PushSecret"},
				{Group: "external-secrets.io", Kind: "SecretStore"},
				{Group: "", Kind: "PersistentVolumeClaim"},
			},
		},
	}
}

// previewSet is the ApplicationSet of pull-request previews: one
// Application per open pull request into the source environment's branch,
// tracking the pull request's head commit, rendering the source environment
// with the preview parameter, in its own namespace. Closing the pull request
// deletes the Application, and its resources finalizer deletes everything
// it created.
func previewSet(from *resolve.Gateway, opts Options) (*ApplicationSet, error) {
	gen, err := pullRequests(opts.SCM, opts.RepoURL, opts.TokenSecret, opts.PreviewLabels)
	if err != nil {
		return nil, err
	}
	gen.Filters = []PullRequestFilter{{TargetBranchMatch: "^" + regexp.QuoteMeta(from.Branch) + "$"}}
	gen.RequeueAfterSeconds = ptr(int64(PreviewRequeueSeconds))
	gw, env := from.Gateway, from.Environment.Name
	number := "{{ .number }}"
	return &ApplicationSet{
		APIVersion: APIVersion,
		Kind:       KindApplicationSet,
		Metadata:   Meta{Name: gw + "-previews", Namespace: opts.Namespace, Labels: labels(gw)},
		Spec: ApplicationSetSpec{
			GoTemplate:        true,
			GoTemplateOptions: []string{"missingkey=error"},
			Generators:        []Generator{{PullRequest: gen}},
			Template: Template{
				Metadata: Meta{
					Name:        gw + "-pr-" + number,
					Labels:      labels(gw, "aigw.dev/environment", env, resolve.PreviewLabel, number),
					Annotations: map[string]string{ManifestGeneratePaths: "."},
					Finalizers:  []string{ResourcesFinalizer},
				},
				Spec: ApplicationSpec{
					Project: gw + "-previews",
					Source: Source{
						RepoURL:        opts.RepoURL,
						Path:           opts.Path,
						TargetRevision: "{{ .head_sha }}",
						Plugin: &PluginSource{Name: PluginName, Parameters: []PluginParameter{
							{Name: ParamEnvironment, String: env},
							{Name: ParamPreview, String: number},
						}},
					},
					Destination: Destination{Server: DefaultServer, Namespace: resolve.PreviewNamespace(gw, number)},
					SyncPolicy: &SyncPolicy{
						Automated:   &Automated{Prune: true, SelfHeal: true},
						SyncOptions: []string{"ServerSideApply=true", "FailOnSharedResource=true"},
						Retry:       &Retry{Limit: 5, Backoff: &Backoff{Duration: "10s", Factor: 2, MaxDuration: "3m"}},
					},
					RevisionHistoryLimit: ptr(int64(3)),
					Info: []Info{
						{Name: "Preview", Value: "pull request #" + number + " ({{ .branch }}), derived from " + env},
						{Name: "URL", Value: "https://" + resolve.PreviewHost(from.Hostnames.API, number, from.Domain)},
					},
				},
			},
			// Previews are disposable: deleting the ApplicationSet deletes
			// them and everything they created.
			SyncPolicy: &ApplicationSetSyncPolicy{PreserveResourcesOnDeletion: false, ApplicationsSync: "sync"},
		},
	}, nil
}

func ptr[T any](v T) *T { return &v }

// Encode writes objects as one YAML stream.
func Encode(objs []any) ([]byte, error) {
	var buf bytes.Buffer
	for i, o := range objs {
		b, err := yaml.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("encoding: %w", err)
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(b)
	}
	return buf.Bytes(), nil
}
