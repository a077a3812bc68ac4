package litellm_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"testing/fstest"

	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update for go test ./... -update
)

// TestDeterministic: two builds of every example environment are
// byte-identical (the objects themselves are pinned by the render goldens,
// internal/render/testdata).
func TestDeterministic(t *testing.T) {
	for _, env := range example.Environments() {
		t.Run(env, func(t *testing.T) {
			got := toYAML(t, build(t, example.Gateway(t, env)))
			if again := toYAML(t, build(t, example.Gateway(t, env))); !bytes.Equal(got, again) {
				t.Error("two builds differ")
			}
		})
	}
}

// TestConcurrentBuilds: one Builder used from several goroutines (as Argo CD
// renders one folder concurrently) gives the same objects.
func TestConcurrentBuilds(t *testing.T) {
	b := newBuilder(t)
	g := example.Gateway(t, "prod")
	want := toYAML(t, buildWith(t, b, &component.Input{Gateway: g, AppFS: fstest.MapFS{}}))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			objs, err := b.Build(context.Background(), &component.Input{Gateway: g, AppFS: fstest.MapFS{}})
			if err != nil {
				t.Error(err)
				return
			}
			var got bytes.Buffer
			for _, o := range objs {
				y, _ := yaml.Marshal(o)
				got.WriteString("---\n")
				got.Write(y)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Error("a concurrent build differs")
			}
		})
	}
	wg.Wait()
}
