package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Repo is an application folder inside a git work tree.
type Repo struct {
	// top is the root of the work tree.
	top string
	// prefix is the application folder relative to top, slash-separated,
	// without a trailing slash; empty when the folder is the root.
	prefix string
}

// Commit is a resolved revision.
type Commit struct {
	// Rev is the revision as it was found (a branch, tag, remote-tracking
	// branch or commit ID).
	Rev string
	// ID is the full commit ID, Short its abbreviation.
	ID, Short string
}

// String is how a commit is shown to users: "origin/main (1a2b3c4)".
func (c Commit) String() string {
	if c.Rev == c.ID || c.Rev == c.Short {
		return c.Short
	}
	return fmt.Sprintf("%s (%s)", c.Rev, c.Short)
}

// Open finds the git work tree that holds dir.
func Open(ctx context.Context, dir string) (*Repo, error) {
	out, err := git(ctx, dir, nil, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		var ge *Error
		if errors.As(err, &ge) {
			return nil, fmt.Errorf("%s is not inside a git work tree: %s", dir, ge.Msg)
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 1 || lines[0] == "" {
		return nil, fmt.Errorf("%s is not inside a git work tree", dir)
	}
	r := &Repo{top: lines[0]}
	if len(lines) > 1 {
		r.prefix = strings.TrimSuffix(lines[1], "/")
	}
	return r, nil
}

// Top is the root of the work tree.
func (r *Repo) Top() string { return r.top }

// Path is the application folder relative to the root of the repository,
// slash-separated: "." when the folder is the root (Argo CD's source.path).
func (r *Repo) Path() string {
	if r.prefix == "" {
		return "."
	}
	return r.prefix
}

// Resolve finds a revision (anything git rev-parse understands: a branch,
// tag, commit ID, origin/main, HEAD~1) and returns its commit. A bare name
// that is not found is also tried as origin/<name>, the remote-tracking
// branch a CI checkout has.
func (r *Repo) Resolve(ctx context.Context, rev string) (Commit, error) {
	if err := checkRev(rev); err != nil {
		return Commit{}, err
	}
	candidates := []string{rev}
	if !strings.HasPrefix(rev, "refs/") && !strings.HasPrefix(rev, "origin/") {
		candidates = append(candidates, "origin/"+rev)
	}
	for _, c := range candidates {
		if commit, ok, err := r.lookup(ctx, c); err != nil || ok {
			return commit, err
		}
	}
	return Commit{}, fmt.Errorf("revision %q is not in the repository at %s (in a shallow clone, fetch it first: git fetch --depth=1 origin %s)", rev, r.top, rev)
}

// ResolveBranch finds the branch an environment's Application tracks. The
// remote-tracking branch origin/<name> comes first, because it is what Argo
// CD deploys (and all a CI checkout has); a local branch of that name is the
// fallback.
func (r *Repo) ResolveBranch(ctx context.Context, branch string) (Commit, error) {
	if err := checkRev(branch); err != nil {
		return Commit{}, err
	}
	for _, ref := range []string{"refs/remotes/origin/" + branch, "refs/heads/" + branch} {
		commit, ok, err := r.lookup(ctx, ref)
		if err != nil {
			return Commit{}, err
		}
		if ok {
			commit.Rev = strings.TrimPrefix(strings.TrimPrefix(ref, "refs/remotes/"), "refs/heads/")
			return commit, nil
		}
	}
	return Commit{}, fmt.Errorf("branch %q is neither in origin nor local (fetch it first: git fetch origin %s)", branch, branch)
}

// lookup resolves rev to a commit; ok is false when there is no such commit.
func (r *Repo) lookup(ctx context.Context, rev string) (Commit, bool, error) {
	out, err := git(ctx, r.top, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		var ge *Error
		if errors.As(err, &ge) {
			return Commit{}, false, nil
		}
		return Commit{}, false, err
	}
	id := strings.TrimSpace(string(out))
	short, err := git(ctx, r.top, nil, "rev-parse", "--short", id)
	if err != nil {
		return Commit{}, false, err
	}
	return Commit{Rev: rev, ID: id, Short: strings.TrimSpace(string(short))}, true, nil
}

// RemoteURL is the URL of a remote ("origin").
func (r *Repo) RemoteURL(ctx context.Context, remote string) (string, error) {
	out, err := git(ctx, r.top, nil, "remote", "get-url", remote)
	if err != nil {
		return "", fmt.Errorf("reading the URL of remote %q: %w", remote, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// checkRev refuses revisions git would read as an option, and characters no
// ref name or revision expression holds.
func checkRev(rev string) error {
	switch {
	case rev == "":
		return errors.New("empty revision")
	case strings.HasPrefix(rev, "-"):
		return fmt.Errorf("revision %q must not start with '-'", rev)
	case strings.ContainsAny(rev, " \t\n\r\x00"):
		return fmt.Errorf("revision %q contains white space", rev)
	}
	return nil
}

// Changes lists the work tree's uncommitted changes, tracked and untracked
// (git status --porcelain), one "XY path" line each; empty when clean.
func (r *Repo) Changes(ctx context.Context) ([]string, error) {
	out, err := git(ctx, r.top, nil, "status", "--porcelain")
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}
