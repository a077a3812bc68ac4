package litellm_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// BenchmarkBuild measures one Build: reading the embedded chart and
// rendering and normalising both releases of the prod environment.
func BenchmarkBuild(b *testing.B) {
	builder := newBuilder(b)
	in := &component.Input{Gateway: example.Gateway(b, "prod"), AppFS: fstest.MapFS{}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := builder.Build(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
