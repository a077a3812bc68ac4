package edge_test

import (
	"os"
	"testing"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// TestAPIServerAccepts creates every object of every variant (a preview
// included), and the composed LoadBalancerConfiguration, on a real kube-apiserver with the
// upstream CRDs installed (dry run, strict field validation): schemas and CEL
// rules of Gateway API and of the AWS Load Balancer Controller.
func TestAPIServerAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kube-apiserver")
	}
	example.DryRun(t, kube.Server(t), variants(t), objects)
}
