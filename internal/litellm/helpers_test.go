package litellm_test

import (
	"testing"
	"testing/fstest"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// newBuilder never touches the user's cache directory.
func newBuilder(t testing.TB, opts ...litellm.Option) *litellm.Builder {
	return litellm.New(append([]litellm.Option{litellm.WithCacheDir(t.TempDir())}, opts...)...)
}

// buildWith runs b on in and returns the objects as the render pipeline
// serialises them.
func buildWith(t testing.TB, b *litellm.Builder, in *component.Input) []*unstructured.Unstructured {
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
