package secrets_test

import (
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/secrets"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// build runs the builder and returns its objects as the render pipeline
// serialises them.
func build(t testing.TB, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	return example.Unstructured(example.Objects(t, secrets.New(), g))
}

func toYAML(t testing.TB, objs []*unstructured.Unstructured) []byte {
	t.Helper()
	return example.YAML(t, example.Maps(objs))
}
