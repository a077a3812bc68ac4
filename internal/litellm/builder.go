package litellm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// Builder renders the two LiteLLM releases from the chart the pipeline
// read (component.Input.Chart). It has no state and is safe for concurrent
// use.
type Builder struct{}

// New returns the LiteLLM builder.
func New() *Builder { return &Builder{} }

// Name implements component.Builder.
func (*Builder) Name() string { return "litellm" }

// renderRole renders and normalises the release of one role.
func renderRole(g *resolve.Gateway, src *component.Chart, ch *chart.Chart, role string, caps capabilities, pool int) ([]component.Object, error) {
	values, err := releaseValues(g, role, caps.minor, pool)
	if err != nil {
		return nil, err
	}
	name := ReleaseName(g, role)
	objs, err := renderRelease(ch, name, g.Namespace, values, caps)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.Desc, err)
	}
	norm, err := normalize(g, role, objs)
	if err != nil {
		return nil, fmt.Errorf("%s, release %s: %w", src.Desc, name, err)
	}
	return norm, nil
}

// Build implements component.Builder: the API and Admin releases, rendered
// from one chart with the same capabilities.
func (*Builder) Build(_ context.Context, in *component.Input) ([]component.Object, error) {
	g := in.Gateway
	caps, err := helmCapabilities(in.Capabilities)
	if err != nil {
		return nil, err
	}
	pool, err := PoolLimit(g)
	if err != nil {
		return nil, err
	}
	src := in.Chart
	if src == nil {
		return nil, errors.New("no chart: the render pipeline reads it before the builders run (package chartsource)")
	}
	ch, err := loadChart(src)
	if err != nil {
		return nil, err
	}
	if ref := g.Contract().Chart; ref.Kind == resolve.ChartRepository && (ch.Metadata.Name != ref.Name || ch.Metadata.Version != ref.Version) {
		return nil, fmt.Errorf("%s: the archive holds %s %s", src.Desc, ch.Metadata.Name, ch.Metadata.Version)
	}

	// The releases render at once (Helm's engine is single-threaded, and
	// they are most of aigw's own work). They share the parsed chart unless
	// it declares dependencies: Helm resolves and prunes those in place.
	roles := []string{RoleAPI, RoleAdmin}
	charts := []*chart.Chart{ch, ch}
	if ch.Metadata.Dependencies != nil {
		if charts[1], err = loadChart(src); err != nil {
			return nil, err
		}
	}
	objs := make([][]component.Object, len(roles))
	errs := make([]error, len(roles))
	var wg sync.WaitGroup
	for i, role := range roles {
		wg.Go(func() { objs[i], errs[i] = renderRole(g, src, charts[i], role, caps, pool) })
	}
	wg.Wait()
	var out []component.Object
	for i := range roles {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, objs[i]...)
	}
	slices.SortStableFunc(out, func(a, b component.Object) int {
		ka, kb := a.GetObjectKind().GroupVersionKind(), b.GetObjectKind().GroupVersionKind()
		return cmp.Or(cmp.Compare(ka.Kind, kb.Kind), cmp.Compare(ka.GroupVersion().String(), kb.GroupVersion().String()), cmp.Compare(a.GetName(), b.GetName()))
	})
	return out, nil
}

// loadChart parses the chart's files (Helm's install mutates a chart with
// dependencies, so such a chart is parsed once per release).
func loadChart(src *component.Chart) (*chart.Chart, error) {
	files := make([]*loader.BufferedFile, len(src.Files))
	for i, f := range src.Files {
		files[i] = &loader.BufferedFile{Name: f.Name, Data: f.Data}
	}
	ch, err := loader.LoadFiles(files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.Desc, err)
	}
	return ch, nil
}
