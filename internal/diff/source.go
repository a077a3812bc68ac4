package diff

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/aigw-dev/aigw/internal/gitrepo"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Side is one rendered side of a comparison.
type Side struct {
	// Label names the side: "origin/main (1a2b3c4)", "working tree".
	Label string
	// Objects are the rendered objects; none when Missing is set.
	Objects []map[string]any
	// Missing says why the side renders nothing: no spec in the folder, or
	// the environment is not defined there.
	Missing string
}

// WorkTreeLabel names the working-tree side.
const WorkTreeLabel = "working tree"

// RenderWorkTree renders env from the application folder dir as it is on
// disk (uncommitted changes included).
func RenderWorkTree(ctx context.Context, r *render.Renderer, dir, env string) (*Side, error) {
	if _, err := os.Lstat(filepath.Join(dir, render.SpecFile)); errors.Is(err, fs.ErrNotExist) {
		return &Side{Label: WorkTreeLabel, Missing: fmt.Sprintf("there is no %s in %s", render.SpecFile, dir)}, nil
	}
	doc, root, err := render.Load(dir, dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return renderDoc(ctx, r, doc, root.FS(), env, WorkTreeLabel)
}

// RenderTree renders env from the application folder read at a revision.
func RenderTree(ctx context.Context, r *render.Renderer, tree *gitrepo.Tree, env string) (*Side, error) {
	label := tree.Commit.String()
	data, err := fs.ReadFile(tree, render.SpecFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &Side{Label: label, Missing: fmt.Sprintf("there is no %s at %s", render.SpecFile, tree.FileName(""))}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", tree.FileName(render.SpecFile), err)
	}
	doc, err := spec.Parse(tree.FileName(render.SpecFile), data)
	if err != nil {
		return nil, err
	}
	return renderDoc(ctx, r, doc, tree, env, label)
}

func renderDoc(ctx context.Context, r *render.Renderer, doc *spec.Document, app fs.FS, env, label string) (*Side, error) {
	if !slices.Contains(doc.Environments(), env) {
		return &Side{Label: label, Missing: fmt.Sprintf("environment %q is not defined in %s", env, doc.File)}, nil
	}
	res, err := r.RenderDocument(ctx, doc, app, render.Options{Resolve: resolve.Options{Environment: env}})
	if err != nil {
		return nil, err
	}
	return &Side{Label: label, Objects: res.Objects}, nil
}

// CompareSides compares two rendered sides of environment env.
func CompareSides(env string, base, head *Side) (*Report, error) {
	if base.Missing != "" && head.Missing != "" {
		return nil, fmt.Errorf("nothing to compare: at base %s; at head %s", base.Missing, head.Missing)
	}
	r, err := Compare(base.Objects, head.Objects)
	if err != nil {
		return nil, err
	}
	r.Environment, r.Base, r.Head = env, base.Label, head.Label
	if base.Missing != "" {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: %s, so every object counts as added.", base.Label, base.Missing))
	}
	if head.Missing != "" {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: %s, so every object counts as removed.", head.Label, head.Missing))
	}
	return r, nil
}

// Options select what Run compares.
type Options struct {
	Renderer *render.Renderer
	// Dir is the application folder in a git work tree.
	Dir string
	// Environment to render at both revisions.
	Environment string
	// Base is the base revision (required); Head the head revision, or
	// empty for the working tree.
	Base, Head string
}

// Run renders one environment at two revisions of the application folder
// and compares them.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Environment == "" {
		return nil, errors.New("no environment selected: pass --env")
	}
	repo, err := gitrepo.Open(ctx, opts.Dir)
	if err != nil {
		return nil, err
	}
	atRev := func(rev string) (*Side, error) {
		c, err := repo.Resolve(ctx, rev)
		if err != nil {
			return nil, err
		}
		tree, err := repo.ReadTree(ctx, c)
		if err != nil {
			return nil, err
		}
		side, err := RenderTree(ctx, opts.Renderer, tree, opts.Environment)
		if err != nil {
			return nil, fmt.Errorf("rendering %s at %s: %w", opts.Environment, c, err)
		}
		return side, nil
	}
	base, err := atRev(opts.Base)
	if err != nil {
		return nil, err
	}
	var head *Side
	if opts.Head == "" {
		head, err = RenderWorkTree(ctx, opts.Renderer, opts.Dir, opts.Environment)
		if err != nil {
			return nil, fmt.Errorf("rendering %s from the working tree: %w", opts.Environment, err)
		}
	} else if head, err = atRev(opts.Head); err != nil {
		return nil, err
	}
	return CompareSides(opts.Environment, base, head)
}
