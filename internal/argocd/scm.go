package argocd

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Pull-request providers of `aigw appset --scm`.
const (
	SCMGitHub          = "github"
	SCMGitLab          = "gitlab"
	SCMGitea           = "gitea"
	SCMBitbucketServer = "bitbucket-server"
)

// SCMProviders lists the supported pull-request providers.
func SCMProviders() []string {
	return []string{SCMGitHub, SCMGitLab, SCMGitea, SCMBitbucketServer}
}

// scpLike matches git@host:owner/repo.git.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(.+)$`)

// repoLocation is where a repository lives: its host and path segments,
// and the base URL of the provider's API on that host.
type repoLocation struct {
	host string
	path []string
	// web is scheme://host[:port] of the provider's web and API server:
	// the URL's own for http:// and https:// (an in-cluster server may
	// speak plain HTTP on its own port), https://host otherwise (the
	// transports git:// and ssh say nothing about the API).
	web string
}

// repoSchemes are the URL schemes Argo CD reads a git repository over, besides
// the scp-like user@host:path: https:// and http:// (its HTTP client), ssh://
// and git:// (the git CLI).
var repoSchemes = []string{"https", "http", "ssh", "git"}

// parseRepoURL reads the host and path of a repository URL in any form Argo
// CD accepts: https://, http://, ssh://, git:// or scp-like user@host:path.
func parseRepoURL(raw string) (repoLocation, error) {
	var loc repoLocation
	var p string
	if m := scpLike.FindStringSubmatch(raw); m != nil && !strings.Contains(raw, "://") {
		loc.host, p = m[1], m[2]
		loc.web = "https://" + loc.host
	} else {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || u.Hostname() == "" || !slices.Contains(repoSchemes, u.Scheme) {
			return repoLocation{}, fmt.Errorf("--repo %q is not a repository URL Argo CD reads: https://, http://, ssh://, git:// or user@host:path", raw)
		}
		loc.host, p = u.Hostname(), u.Path
		if u.Scheme == "https" || u.Scheme == "http" {
			loc.web = u.Scheme + "://" + u.Host
		} else {
			loc.web = "https://" + hostForURL(loc.host)
		}
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	for s := range strings.SplitSeq(p, "/") {
		if s != "" {
			loc.path = append(loc.path, s)
		}
	}
	if len(loc.path) < 2 {
		return repoLocation{}, fmt.Errorf("--repo %q: expected a path with an owner (or project) and a repository", raw)
	}
	return loc, nil
}

// hostForURL brackets an IPv6 address for use in a URL.
func hostForURL(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// pullRequests builds the provider block of the pull-request generator.
func pullRequests(provider, repoURL, tokenSecret string, labels []string) (*PullRequestGenerator, error) {
	if !slices.Contains(SCMProviders(), provider) {
		return nil, fmt.Errorf("--scm %q: supported providers are %s", provider, strings.Join(SCMProviders(), ", "))
	}
	loc, err := parseRepoURL(repoURL)
	if err != nil {
		return nil, err
	}
	var token *SecretRef
	if tokenSecret != "" {
		token = &SecretRef{SecretName: tokenSecret, Key: "token"}
	}
	g := &PullRequestGenerator{}
	owner, repo := loc.path[0], loc.path[len(loc.path)-1]
	switch provider {
	case SCMGitHub:
		if len(loc.path) != 2 {
			return nil, fmt.Errorf("--repo %q: a GitHub repository URL is <host>/<owner>/<repo>", repoURL)
		}
		gh := &GitHubPullRequests{Owner: owner, Repo: repo, TokenRef: token, Labels: labels}
		if loc.host != "github.com" {
			gh.API = loc.web + "/api/v3"
		}
		g.GitHub = gh
	case SCMGitLab:
		gl := &GitLabPullRequests{Project: strings.Join(loc.path, "/"), TokenRef: token, Labels: labels, PullRequestState: "opened"}
		if loc.host != "gitlab.com" {
			gl.API = loc.web + "/"
		}
		g.GitLab = gl
	case SCMGitea:
		if len(loc.path) != 2 {
			return nil, fmt.Errorf("--repo %q: a Gitea repository URL is <host>/<owner>/<repo>", repoURL)
		}
		g.Gitea = &GiteaPullRequests{Owner: owner, Repo: repo, API: loc.web, TokenRef: token, Labels: labels}
	case SCMBitbucketServer:
		// https://host/scm/PROJECT/repo.git, or ssh://git@host:7999/project/repo.git
		segs := loc.path
		if segs[0] == "scm" {
			segs = segs[1:]
		}
		if len(segs) != 2 {
			return nil, fmt.Errorf("--repo %q: a Bitbucket Server repository URL is <host>/scm/<project>/<repo>", repoURL)
		}
		if len(labels) > 0 {
			return nil, fmt.Errorf("--preview-label: Argo CD's Bitbucket Server generator cannot filter by label")
		}
		bb := &BitbucketServerPullRequests{Project: strings.ToUpper(segs[0]), Repo: segs[1], API: loc.web + "/rest"}
		if token != nil {
			bb.BearerToken = &BearerToken{TokenRef: *token}
		}
		g.BitbucketServer = bb
	}
	return g, nil
}
