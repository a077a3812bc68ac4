package nodes_test

import (
	"context"
	"testing"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/nodes"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

func buildObjects(t testing.TB, g *resolve.Gateway) []component.Object {
	t.Helper()
	objs, err := nodes.New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// build returns the objects as the render pipeline serialises them.
func build(t testing.TB, g *resolve.Gateway) []map[string]any {
	t.Helper()
	return example.Objects(t, nodes.New(), g)
}
