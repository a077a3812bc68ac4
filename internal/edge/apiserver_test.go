package edge_test

import (
	"context"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/kubetest"
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
	srv := kube.Server(t)
	ctx := context.Background()
	for name, g := range variants(t) {
		if err := srv.EnsureNamespace(ctx, g.Namespace, nil); err != nil {
			t.Fatal(err)
		}
		for _, o := range objects(t, g) {
			if err := srv.DryRunCreate(ctx, &unstructured.Unstructured{Object: o}); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}
