package litellm

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"helm.sh/helm/v3/pkg/chart"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// EmbeddedChartDir is the chart's folder in aigw.Files.
const EmbeddedChartDir = "base/charts/litellm"

// Builder renders the two LiteLLM releases. It holds configuration only and
// is safe for concurrent use.
type Builder struct {
	embedded fs.FS
	cacheDir string
}

// Option configures a Builder.
type Option func(*Builder)

// WithCacheDir sets where charts pulled from a repository are cached.
// Default: <user cache dir>/aigw/charts (os.UserCacheDir, that is
// $XDG_CACHE_HOME or ~/.cache on Linux). Empty disables the cache.
func WithCacheDir(dir string) Option { return func(b *Builder) { b.cacheDir = dir } }

// WithEmbeddedChart replaces the chart embedded in aigw (used when the spec
// names no chart); fsys holds Chart.yaml at its root.
func WithEmbeddedChart(fsys fs.FS) Option { return func(b *Builder) { b.embedded = fsys } }

// New returns the LiteLLM builder.
func New(opts ...Option) *Builder {
	b := &Builder{}
	if dir, err := os.UserCacheDir(); err == nil {
		b.cacheDir = filepath.Join(dir, "aigw", "charts")
	}
	if sub, err := fs.Sub(aigw.Files, EmbeddedChartDir); err == nil {
		b.embedded = sub
	}
	for _, o := range opts {
		o(b)
	}
	return b
}

// Name implements component.Builder.
func (*Builder) Name() string { return "litellm" }

// renderRole renders and normalises the release of one role.
func renderRole(g *resolve.Gateway, src *chartSource, ch *chart.Chart, role string, caps capabilities, pool int) ([]component.Object, error) {
	values, err := releaseValues(g, role, caps.minor, pool)
	if err != nil {
		return nil, err
	}
	name := ReleaseName(g, role)
	objs, err := renderRelease(ch, name, g.Namespace, values, caps)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.desc, err)
	}
	norm, err := normalize(g, role, objs)
	if err != nil {
		return nil, fmt.Errorf("%s, release %s: %w", src.desc, name, err)
	}
	return norm, nil
}

// Build implements component.Builder: the API and Admin releases, rendered
// from one chart with the same capabilities.
func (b *Builder) Build(ctx context.Context, in *component.Input) ([]component.Object, error) {
	g := in.Gateway
	caps, err := helmCapabilities(in.Capabilities)
	if err != nil {
		return nil, err
	}
	pool, err := PoolLimit(g)
	if err != nil {
		return nil, err
	}
	src, err := b.source(ctx, in)
	if err != nil {
		return nil, err
	}
	ch, err := src.load()
	if err != nil {
		return nil, err
	}
	if ref := g.LiteLLM.Chart; ref.Repository != "" && (ch.Metadata.Name != ref.Name || ch.Metadata.Version != ref.Version) {
		return nil, fmt.Errorf("%s: the archive holds %s %s", src.desc, ch.Metadata.Name, ch.Metadata.Version)
	}

	// The releases render at once (Helm's engine is single-threaded, and
	// they are most of aigw's own work). They share the parsed chart unless
	// it declares dependencies: Helm resolves and prunes those in place.
	roles := []string{RoleAPI, RoleAdmin}
	charts := []*chart.Chart{ch, ch}
	if ch.Metadata.Dependencies != nil {
		if charts[1], err = src.load(); err != nil {
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
