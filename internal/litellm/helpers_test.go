package litellm_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/chartsource"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// chartBuilder runs the chart stage as the render pipeline does (package
// chartsource: the chart the contract names, from the application folder,
// a repository or the embedded files), then the litellm builder on its
// result.
type chartBuilder struct{ charts *chartsource.Loader }

func (*chartBuilder) Name() string { return "litellm" }

func (b *chartBuilder) Build(ctx context.Context, in *component.Input) ([]component.Object, error) {
	chart, err := b.charts.Load(ctx, in.Gateway.Contract().Chart, in.AppFS)
	if err != nil {
		return nil, err
	}
	with := *in
	with.Chart = chart
	return litellm.New().Build(ctx, &with)
}

// option configures the chart stage of a chartBuilder.
type option func(*chartsource.Loader)

// withCacheDir sets the download cache ("" disables it).
func withCacheDir(dir string) option { return func(l *chartsource.Loader) { l.CacheDir = dir } }

// withEmbeddedChart replaces the embedded chart.
func withEmbeddedChart(fsys fs.FS) option { return func(l *chartsource.Loader) { l.Embedded = fsys } }

// newBuilder never touches the user's cache directory.
func newBuilder(t testing.TB, opts ...option) *chartBuilder {
	l := chartsource.New(aigw.Files)
	l.CacheDir = t.TempDir()
	for _, o := range opts {
		o(l)
	}
	return &chartBuilder{charts: l}
}

// buildWith runs b on in and returns the objects as the render pipeline
// serialises them.
func buildWith(t testing.TB, b component.Builder, in *component.Input) []*unstructured.Unstructured {
	t.Helper()
	return example.Unstructured(example.Build(t, b, in))
}

func build(t testing.TB, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	return buildWith(t, newBuilder(t), &component.Input{Gateway: g, AppFS: fstest.MapFS{}})
}

func toYAML(t testing.TB, objs []*unstructured.Unstructured) []byte {
	t.Helper()
	return example.YAML(t, example.Maps(objs))
}

func find(objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	return nil
}
