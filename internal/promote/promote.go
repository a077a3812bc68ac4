package promote

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/aigw-dev/aigw/internal/diff"
	"github.com/aigw-dev/aigw/internal/gitrepo"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Options select a promotion.
type Options struct {
	Renderer *render.Renderer
	// Dir is the application folder in a git work tree; its aigateway.yaml
	// names each environment's branch.
	Dir string
	// From and To are the source and target environments.
	From, To string
	// Allow names the guards whose failure is accepted.
	Allow []string
}

// Report is the outcome of a promotion check.
type Report struct {
	From string `json:"from"`
	To   string `json:"to"`
	// FromBranch and ToBranch are the resolved branches ("origin/env/staging (1a2b3c4)").
	FromBranch string   `json:"fromBranch"`
	ToBranch   string   `json:"toBranch"`
	Guards     []Result `json:"guards"`
	// Blocked lists the guards that failed and were not allowed.
	Blocked []string `json:"blocked"`
	// FirstPromotion says why the target has nothing deployed yet (no
	// spec, or no such environment at the target branch); empty otherwise.
	FirstPromotion string `json:"firstPromotion,omitempty"`
	// Dirty lists the uncommitted changes accepted by --allow dirty.
	Dirty []string     `json:"dirty,omitempty"`
	Diff  *diff.Report `json:"diff"`
}

// Run checks the promotion of opts.From into opts.To.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.From == "" || opts.To == "" {
		return nil, errors.New("pass both --from and --to")
	}
	if opts.From == opts.To {
		return nil, fmt.Errorf("--from and --to are both %q", opts.From)
	}
	if err := checkAllow(opts.Allow); err != nil {
		return nil, err
	}
	fromBranch, toBranch, err := branches(opts.Dir, opts.From, opts.To)
	if err != nil {
		return nil, err
	}
	repo, err := gitrepo.Open(ctx, opts.Dir)
	if err != nil {
		return nil, err
	}
	// The branches are read from the working tree's spec, the renders from
	// the committed branches: uncommitted changes would make the report
	// describe something else than what the merge does.
	dirty, err := repo.Changes(ctx)
	if err != nil {
		return nil, err
	}
	if len(dirty) > 0 && !slices.Contains(opts.Allow, AllowDirty) {
		shown := dirty[:min(len(dirty), 5)]
		more := ""
		if len(dirty) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(dirty)-len(shown))
		}
		return nil, fmt.Errorf("the work tree %s has uncommitted changes (%s%s): promotion compares committed branches, so commit or stash them first, or pass --allow %s",
			repo.Top(), strings.Join(trimAll(shown), ", "), more, AllowDirty)
	}
	source, err := readBranch(ctx, repo, fromBranch)
	if err != nil {
		return nil, fmt.Errorf("environment %s: %w", opts.From, err)
	}
	target, err := readBranch(ctx, repo, toBranch)
	if err != nil {
		return nil, fmt.Errorf("environment %s: %w", opts.To, err)
	}
	after, err := diff.RenderTree(ctx, opts.Renderer, source, opts.To)
	if err != nil {
		return nil, fmt.Errorf("rendering %s at %s: %w", opts.To, source.Commit, err)
	}
	before, err := diff.RenderTree(ctx, opts.Renderer, target, opts.To)
	if err != nil {
		return nil, fmt.Errorf("rendering %s at %s: %w", opts.To, target.Commit, err)
	}
	d, err := diff.CompareSides(opts.To, before, after)
	if err != nil {
		return nil, err
	}
	r := &Report{From: opts.From, To: opts.To, FromBranch: source.Commit.String(), ToBranch: target.Commit.String(), Diff: d, Blocked: []string{}, Dirty: dirty}
	if before.Missing != "" {
		r.FirstPromotion = before.Missing
		r.Guards = firstPromotionGuards(opts.To, before.Missing)
	} else {
		r.Guards = DiffGuards(d)
	}
	env, err := environmentAt(source, opts.To)
	if err != nil {
		return nil, err
	}
	if env != nil {
		r.Guards = append(r.Guards, Guardrails(env)...)
	} else {
		r.Guards = append(r.Guards, skipGuardrails(fmt.Sprintf("%s is not defined at %s", opts.To, source.Commit))...)
	}
	applyAllow(r.Guards, opts.Allow)
	for _, g := range r.Guards {
		if g.Status == Fail {
			r.Blocked = append(r.Blocked, g.Guard)
		}
	}
	return r, nil
}

// branches reads each environment's branch from the spec in dir.
func branches(dir, from, to string) (string, string, error) {
	doc, root, err := render.Load(dir, dir)
	if err != nil {
		return "", "", err
	}
	root.Close()
	var names [2]string
	for i, e := range []string{from, to} {
		env, err := doc.Environment(e)
		if err != nil {
			return "", "", err
		}
		names[i] = env.Branch
	}
	if names[0] == names[1] {
		return "", "", fmt.Errorf("environments %s and %s both track branch %q: promotion by merge needs a branch per environment (spec.environments.<name>.branch)", from, to, names[0])
	}
	return names[0], names[1], nil
}

func readBranch(ctx context.Context, repo *gitrepo.Repo, branch string) (*gitrepo.Tree, error) {
	c, err := repo.ResolveBranch(ctx, branch)
	if err != nil {
		return nil, err
	}
	return repo.ReadTree(ctx, c)
}

// environmentAt resolves env from the spec of a tree; nil when the tree has
// no spec or does not define env (the comparison already says so).
func environmentAt(tree *gitrepo.Tree, env string) (*spec.Environment, error) {
	data, err := fs.ReadFile(tree, render.SpecFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", tree.FileName(render.SpecFile), err)
	}
	doc, err := spec.Parse(tree.FileName(render.SpecFile), data)
	if err != nil {
		return nil, err
	}
	if _, ok := doc.Gateway.Spec.Environments[env]; !ok {
		return nil, nil
	}
	return doc.Environment(env)
}

// AllowDirty is the --allow value that accepts uncommitted changes.
const AllowDirty = "dirty"

func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}
