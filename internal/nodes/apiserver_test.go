package nodes_test

import (
	"context"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/kubetest"
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
	srv := kube.Server(t)
	ctx := context.Background()
	for name, g := range variants(t) {
		for _, o := range build(t, g) {
			if err := srv.DryRunCreate(ctx, &unstructured.Unstructured{Object: o}); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}
