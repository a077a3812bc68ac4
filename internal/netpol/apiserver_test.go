package netpol_test

import (
	"context"
	"os"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

var kube = kubetest.NewShared(kubetest.Options{})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// TestAPIServerAccepts creates every policy of every example environment on
// a real kube-apiserver (dry run, strict field validation): the built-in
// NetworkPolicy validation has the last word.
func TestAPIServerAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kube-apiserver")
	}
	srv := kube.Server(t)
	ctx := context.Background()
	for _, env := range example.Environments() {
		g := example.Gateway(t, env)
		if err := srv.EnsureNamespace(ctx, g.Namespace, nil); err != nil {
			t.Fatal(err)
		}
		for _, p := range policies(t, g) {
			m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.DryRunCreate(ctx, &unstructured.Unstructured{Object: m}); err != nil {
				t.Errorf("%s: %v", env, err)
			}
		}
	}
	// The server does reject a broken policy.
	g := example.Gateway(t, "dev")
	bad := policies(t, g)[2]
	bad.Spec.Ingress[0].From[0].IPBlock.CIDR = "10.20.0.0/33"
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(bad)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.DryRunCreate(ctx, &unstructured.Unstructured{Object: m}); !kubetest.IsRejected(err) {
		t.Errorf("an invalid CIDR: got %v, want a rejection", err)
	}
}
