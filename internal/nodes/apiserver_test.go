package nodes_test

import (
	"os"
	"testing"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// TestAPIServerAccepts creates the NodePool and EC2NodeClass of every
// variant on a real kube-apiserver with Karpenter's CRDs (dry run, strict
// field validation, CEL rules included).
func TestAPIServerAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kube-apiserver")
	}
	example.DryRun(t, kube.Server(t), variants(t), build)
}
