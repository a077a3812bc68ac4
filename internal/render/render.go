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
		// The chart comes from spec.litellm.chart (or is the embedded one).
		return nil, g.Environment.Errorf("spec.litellm.chart", "%v", err)
	}
	return &component.Input{Gateway: g, Capabilities: caps, AppFS: app, Chart: chart}, nil
}

// Prepare is the pipeline up to the builders: it resolves the document for
// opts and reads what the builders need (see Input).
func (r *Renderer) Prepare(ctx context.Context, doc *spec.Document, app fs.FS, opts Options) (*component.Input, error) {
	g, err := resolve.Resolve(doc, opts.Resolve)
	if err != nil {
		return nil, err
	}
	return r.Input(ctx, g, app, opts.Capabilities)
}

// Objects runs the builders (nil: BuildersFor the gateway) on in and
// returns the stream Kustomize reads, in order: each object converted
// (component.Build), checked unique, with its default sync wave.
func (r *Renderer) Objects(ctx context.Context, in *component.Input) ([]map[string]any, error) {
	builders := r.Builders
	if builders == nil {
		builders = BuildersFor(in.Gateway)
	}
	objs, err := component.Build(ctx, in, builders...)
	if err != nil {
		return nil, locate(in.Gateway, err)
	}
	if err := order(objs); err != nil {
		return nil, err
	}
	return objs, ctx.Err()
}

// order checks that no two objects share a key, sets default sync waves and
// sorts the objects into stream order.
func order(objs []map[string]any) error {
	if err := checkUnique(objs); err != nil {
		return err
	}
	for _, o := range objs {
		defaultWave(o)
	}
	sortObjects(objs)
	return nil
}

// RenderDocument runs the pipeline from an already parsed document.
func (r *Renderer) RenderDocument(ctx context.Context, doc *spec.Document, app fs.FS, opts Options) (*Result, error) {
	in, err := r.Prepare(ctx, doc, app, opts)
	if err != nil {
		return nil, err
	}
	g := in.Gateway
	objs, err := r.Objects(ctx, in)
	if err != nil {
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

// locate reports a builder error caused by a spec field at that field's
// position; other builder errors are returned as they are.
func locate(g *resolve.Gateway, err error) error {
	fe, ok := component.FieldOf(err)
	if !ok || g.Environment == nil {
		return err
	}
	return g.Environment.Errorf(fe.Field, "%v", err)
}
