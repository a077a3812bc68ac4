package nodes_test

import (
	"testing"

	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// TestPreviewOwnsNoPool: a preview emits no NodePool or EC2NodeClass, and
// its pods select and tolerate the source environment's pool.
func TestPreviewOwnsNoPool(t *testing.T) {
	g := example.Preview(t, "42")
	if objs := buildObjects(t, g); len(objs) != 0 {
		t.Errorf("a preview emits %d objects", len(objs))
	}
	if pool := g.Contract().NodePool.Name; pool != "ai-gateway-dev-litellm" {
		t.Errorf("pool %s, want the source environment's", pool)
	}
}
