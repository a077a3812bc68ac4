package nodes_test

import (
	"os"
	"testing"

	"github.com/aigw-dev/aigw/internal/nodes"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// TestPreviewOwnsNoPool: a preview emits no NodePool or EC2NodeClass, and
// its pods select and tolerate the source environment's pool.
func TestPreviewOwnsNoPool(t *testing.T) {
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse(exampleFile, data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Preview: "42"})
	if err != nil {
		t.Fatal(err)
	}
	if objs := buildObjects(t, g); len(objs) != 0 {
		t.Errorf("a preview emits %d objects", len(objs))
	}
	if pool := nodes.PoolName(g); pool != "ai-gateway-dev-litellm" {
		t.Errorf("pool %s, want the source environment's", pool)
	}
}
