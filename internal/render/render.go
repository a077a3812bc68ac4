package render

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/aigw-dev/aigw/internal/appfs"
	"github.com/aigw-dev/aigw/internal/assemble"
	"github.com/aigw-dev/aigw/internal/chartsource"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// SpecFile is the file aigw reads in an application folder.
const SpecFile = "aigateway.yaml"

// Options select what to render.
type Options struct {
	// Dir is the application folder holding aigateway.yaml. Nothing outside
	// it is ever opened (no "..", no symlink that leaves it).
	Dir string
	// DisplayDir prefixes file names in error messages (the path the user
	// typed); empty means file names alone.
	DisplayDir string
	Resolve    resolve.Options
	// Capabilities of the target cluster, for Helm.
	Capabilities component.Capabilities
}

// Renderer runs the pipeline with a set of builders. It holds no state
// between calls and is safe for concurrent use.
type Renderer struct {
	// Builders run in order; their objects are merged and sorted. Nil
	// means BuildersFor the environment or preview.
	Builders []component.Builder
	// Embedded holds base/ and overlays/ and the embedded chart (aigw.Files).
	Embedded fs.FS
	// Charts reads the LiteLLM chart before the builders run; nil means
	// chartsource.New(Embedded) (the embedded chart, downloads cached in
	// chartsource.DefaultCacheDir).
	Charts *chartsource.Loader
}

// Load opens the application folder and parses its spec.
func Load(dir, displayDir string) (*spec.Document, *os.Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("opening application folder: %w", err)
	}
	data, err := appfs.ReadFile(root.FS(), SpecFile, spec.MaxSpecBytes)
	if err != nil {
		root.Close()
		var notRegular *appfs.NotRegularError
		var tooLarge *appfs.TooLargeError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil, fmt.Errorf("%s: no %s in this folder", displayName(dir, displayDir, ""), SpecFile)
		case errors.As(err, &notRegular):
			notRegular.Name = displayName(dir, displayDir, SpecFile)
			return nil, nil, notRegular
		case errors.As(err, &tooLarge):
			tooLarge.Name = displayName(dir, displayDir, SpecFile)
			return nil, nil, tooLarge
		}
		return nil, nil, fmt.Errorf("reading %s: %w", SpecFile, err)
	}
	doc, err := spec.Parse(displayName(dir, displayDir, SpecFile), data)
	if err != nil {
		root.Close()
		return nil, nil, err
	}
	return doc, root, nil
}

func displayName(dir, displayDir, file string) string {
	if displayDir == "" {
		if file == "" {
			return dir
		}
		return file
	}
	return filepath.Join(displayDir, file)
}

// Render runs the whole pipeline for one environment.
func (r *Renderer) Render(ctx context.Context, opts Options) (*Result, error) {
	doc, root, err := Load(opts.Dir, opts.DisplayDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return r.RenderDocument(ctx, doc, root.FS(), opts)
}

// Input is what the builders read for g: the chart stage's I/O (the LiteLLM
// chart the contract names, read from the application folder, a repository
// or the embedded files) happens here, so that builders are pure functions
// of it.
func (r *Renderer) Input(ctx context.Context, g *resolve.Gateway, app fs.FS, caps component.Capabilities) (*component.Input, error) {
	charts := r.Charts
	if charts == nil {
		charts = chartsource.New(r.Embedded)
	}
	chart, err := charts.Load(ctx, g.Contract().Chart, app)
	if err != nil {
		// Named like the builder that renders it, as before the chart stage.
		return nil, fmt.Errorf("litellm: %w", err)
	}
	return &component.Input{Gateway: g, Capabilities: caps, AppFS: app, Chart: chart}, nil
}

// RenderDocument runs the pipeline from an already parsed document.
func (r *Renderer) RenderDocument(ctx context.Context, doc *spec.Document, app fs.FS, opts Options) (*Result, error) {
	g, err := resolve.Resolve(doc, opts.Resolve)
	if err != nil {
		return nil, err
	}
	in, err := r.Input(ctx, g, app, opts.Capabilities)
	if err != nil {
		return nil, err
	}
	var objs []map[string]any
	builders := r.Builders
	if builders == nil {
		builders = BuildersFor(g)
	}
	for _, b := range builders {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		built, err := b.Build(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name(), err)
		}
		for _, o := range built {
			m, err := component.ToMap(o)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", b.Name(), err)
			}
			objs = append(objs, m)
		}
	}
	if err := checkUnique(objs); err != nil {
		return nil, err
	}
	for _, o := range objs {
		defaultWave(o)
	}
	sortObjects(objs)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	stream, err := encodeResources(objs)
	if err != nil {
		return nil, err
	}
	out, err := assemble.Assemble(assemble.Input{
		Embedded:   r.Embedded,
		Resources:  stream,
		Overlay:    g.Tier,
		Labels:     g.Labels(),
		AppFS:      app,
		DisplayDir: opts.DisplayDir,
	})
	if err != nil {
		return nil, err
	}
	sortObjects(out)
	return &Result{Gateway: g, Objects: out}, nil
}
