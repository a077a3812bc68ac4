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

// repoLocation is where a repository lives: its host and path segments.
type repoLocation struct {
	host string
	path []string
}

// parseRepoURL reads the host and path of an https://, ssh:// or scp-like
// git URL.
func parseRepoURL(raw string) (repoLocation, error) {
	var host, p string
	if m := scpLike.FindStringSubmatch(raw); m != nil && !strings.Contains(raw, "://") {
		host, p = m[1], m[2]
	} else {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "ssh") {
			return repoLocation{}, fmt.Errorf("--repo %q is not an https://, ssh:// or git@host:path repository URL", raw)
		}
		host, p = u.Hostname(), u.Path
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	var segs []string
	for s := range strings.SplitSeq(p, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	if len(segs) < 2 {
		return repoLocation{}, fmt.Errorf("--repo %q: expected a path with an owner (or project) and a repository", raw)
	}
	return repoLocation{host: host, path: segs}, nil
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
			gh.API = "https://" + loc.host + "/api/v3"
		}
		g.GitHub = gh
	case SCMGitLab:
		gl := &GitLabPullRequests{Project: strings.Join(loc.path, "/"), TokenRef: token, Labels: labels, PullRequestState: "opened"}
		if loc.host != "gitlab.com" {
			gl.API = "https://" + loc.host + "/"
		}
		g.GitLab = gl
	case SCMGitea:
		if len(loc.path) != 2 {
			return nil, fmt.Errorf("--repo %q: a Gitea repository URL is <host>/<owner>/<repo>", repoURL)
		}
		g.Gitea = &GiteaPullRequests{Owner: owner, Repo: repo, API: "https://" + loc.host, TokenRef: token, Labels: labels}
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
		bb := &BitbucketServerPullRequests{Project: strings.ToUpper(segs[0]), Repo: segs[1], API: "https://" + loc.host + "/rest"}
		if token != nil {
			bb.BearerToken = &BearerToken{TokenRef: *token}
		}
		g.BitbucketServer = bb
	}
	return g, nil
}
