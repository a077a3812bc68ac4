package argocd

// Group version and kinds of Argo CD's API.
const (
	APIVersion         = "argoproj.io/v1alpha1"
	KindApplication    = "Application"
	KindApplicationSet = "ApplicationSet"
	KindAppProject     = "AppProject"
)

// Meta is the metadata aigw sets.
type Meta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Finalizers  []string          `json:"finalizers,omitempty"`
}

// Application is an Argo CD Application.
type Application struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Metadata   Meta            `json:"metadata"`
	Spec       ApplicationSpec `json:"spec"`
}

// ApplicationSpec is the part of an Application's spec aigw sets.
type ApplicationSpec struct {
	Project              string      `json:"project"`
	Source               Source      `json:"source"`
	Destination          Destination `json:"destination"`
	SyncPolicy           *SyncPolicy `json:"syncPolicy,omitempty"`
	RevisionHistoryLimit *int64      `json:"revisionHistoryLimit,omitempty"`
	Info                 []Info      `json:"info,omitempty"`
}

// Source is one source of an Application.
type Source struct {
	RepoURL        string        `json:"repoURL"`
	Path           string        `json:"path"`
	TargetRevision string        `json:"targetRevision"`
	Plugin         *PluginSource `json:"plugin,omitempty"`
}

// PluginSource selects a config management plugin and its parameters.
type PluginSource struct {
	Name       string            `json:"name"`
	Parameters []PluginParameter `json:"parameters,omitempty"`
}

// PluginParameter is a string parameter of a plugin.
type PluginParameter struct {
	Name   string `json:"name"`
	String string `json:"string"`
}

// Destination is the cluster and namespace an Application deploys to.
type Destination struct {
	Server    string `json:"server"`
	Namespace string `json:"namespace"`
}

// SyncPolicy is an Application's sync policy.
type SyncPolicy struct {
	Automated   *Automated `json:"automated,omitempty"`
	SyncOptions []string   `json:"syncOptions,omitempty"`
	Retry       *Retry     `json:"retry,omitempty"`
}

// Automated turns on automated sync.
type Automated struct {
	Prune    bool `json:"prune"`
	SelfHeal bool `json:"selfHeal"`
}

// Retry is the retry strategy of failed syncs.
type Retry struct {
	Limit   int64    `json:"limit"`
	Backoff *Backoff `json:"backoff,omitempty"`
}

// Backoff spaces retries.
type Backoff struct {
	Duration    string `json:"duration"`
	Factor      int64  `json:"factor"`
	MaxDuration string `json:"maxDuration"`
}

// Info is a name and value the Argo CD UI shows on the Application.
type Info struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ApplicationSet is an Argo CD ApplicationSet.
type ApplicationSet struct {
	APIVersion string             `json:"apiVersion"`
	Kind       string             `json:"kind"`
	Metadata   Meta               `json:"metadata"`
	Spec       ApplicationSetSpec `json:"spec"`
}

// ApplicationSetSpec is the part of an ApplicationSet's spec aigw sets.
type ApplicationSetSpec struct {
	GoTemplate        bool                      `json:"goTemplate"`
	GoTemplateOptions []string                  `json:"goTemplateOptions,omitempty"`
	Generators        []Generator               `json:"generators"`
	Template          Template                  `json:"template"`
	SyncPolicy        *ApplicationSetSyncPolicy `json:"syncPolicy,omitempty"`
}

// Template is the Application an ApplicationSet stamps out.
type Template struct {
	Metadata Meta            `json:"metadata"`
	Spec     ApplicationSpec `json:"spec"`
}

// ApplicationSetSyncPolicy controls what the controller does to the
// Applications it generated.
type ApplicationSetSyncPolicy struct {
	PreserveResourcesOnDeletion bool   `json:"preserveResourcesOnDeletion"`
	ApplicationsSync            string `json:"applicationsSync,omitempty"`
}

// Generator is one generator of an ApplicationSet (aigw uses pullRequest).
type Generator struct {
	PullRequest *PullRequestGenerator `json:"pullRequest,omitempty"`
}

// PullRequestGenerator lists the open pull requests of a repository.
type PullRequestGenerator struct {
	GitHub              *GitHubPullRequests          `json:"github,omitempty"`
	GitLab              *GitLabPullRequests          `json:"gitlab,omitempty"`
	Gitea               *GiteaPullRequests           `json:"gitea,omitempty"`
	BitbucketServer     *BitbucketServerPullRequests `json:"bitbucketServer,omitempty"`
	Filters             []PullRequestFilter          `json:"filters,omitempty"`
	RequeueAfterSeconds *int64                       `json:"requeueAfterSeconds,omitempty"`
}

// SecretRef names a key of a Secret in Argo CD's namespace.
type SecretRef struct {
	SecretName string `json:"secretName"`
	Key        string `json:"key"`
}

// GitHubPullRequests is the GitHub (or GitHub Enterprise) provider.
type GitHubPullRequests struct {
	Owner    string     `json:"owner"`
	Repo     string     `json:"repo"`
	API      string     `json:"api,omitempty"`
	TokenRef *SecretRef `json:"tokenRef,omitempty"`
	Labels   []string   `json:"labels,omitempty"`
}

// GitLabPullRequests is the GitLab provider (merge requests).
type GitLabPullRequests struct {
	Project          string     `json:"project"`
	API              string     `json:"api,omitempty"`
	TokenRef         *SecretRef `json:"tokenRef,omitempty"`
	Labels           []string   `json:"labels,omitempty"`
	PullRequestState string     `json:"pullRequestState,omitempty"`
}

// GiteaPullRequests is the Gitea provider.
type GiteaPullRequests struct {
	Owner    string     `json:"owner"`
	Repo     string     `json:"repo"`
	API      string     `json:"api"`
	TokenRef *SecretRef `json:"tokenRef,omitempty"`
	Labels   []string   `json:"labels,omitempty"`
}

// BitbucketServerPullRequests is the Bitbucket Server (Data Center) provider.
type BitbucketServerPullRequests struct {
	Project     string       `json:"project"`
	Repo        string       `json:"repo"`
	API         string       `json:"api"`
	BearerToken *BearerToken `json:"bearerToken,omitempty"`
}

// BearerToken is a token credential of the Bitbucket Server provider.
type BearerToken struct {
	TokenRef SecretRef `json:"tokenRef"`
}

// PullRequestFilter selects pull requests.
type PullRequestFilter struct {
	BranchMatch       string `json:"branchMatch,omitempty"`
	TargetBranchMatch string `json:"targetBranchMatch,omitempty"`
}

// AppProject is an Argo CD AppProject.
type AppProject struct {
	APIVersion string         `json:"apiVersion"`
	Kind       string         `json:"kind"`
	Metadata   Meta           `json:"metadata"`
	Spec       AppProjectSpec `json:"spec"`
}

// AppProjectSpec is the part of an AppProject's spec aigw sets.
type AppProjectSpec struct {
	Description                string               `json:"description,omitempty"`
	SourceRepos                []string             `json:"sourceRepos"`
	Destinations               []ProjectDestination `json:"destinations"`
	ClusterResourceWhitelist   []ClusterResource    `json:"clusterResourceWhitelist"`
	NamespaceResourceBlacklist []GroupKind          `json:"namespaceResourceBlacklist,omitempty"`
}

// ProjectDestination is a cluster and namespace pattern a project may
// deploy to.
type ProjectDestination struct {
	Server    string `json:"server"`
	Namespace string `json:"namespace"`
}

// ClusterResource is an allowed cluster-scoped kind, optionally restricted
// to names matching a pattern.
type ClusterResource struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name,omitempty"`
}

// GroupKind is a kind pattern.
type GroupKind struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
}
