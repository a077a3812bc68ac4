package monitoring_test

import (
	"os"
	"testing"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }

// TestAPIServerAccepts creates every monitoring object of every variant on
// a real kube-apiserver with the Prometheus Operator's CRDs (dry run, strict
// field validation).
func TestAPIServerAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a kube-apiserver")
	}
	example.DryRun(t, kube.Server(t), variants(t), build)
}

// TestCRDSchemas validates the Prometheus Operator objects against the
// upstream schemas and checks that they carry every value the API server
// would default (else Argo CD shows a permanent diff).
func TestCRDSchemas(t *testing.T) {
	set := crdschema.Upstream(t)
	for name, g := range variants(t) {
		t.Run(name, func(t *testing.T) {
			var crs []map[string]any
			for _, o := range build(t, g) {
				if o["kind"] != "NetworkPolicy" && o["kind"] != "ConfigMap" {
					crs = append(crs, o)
				}
			}
			set.Check(t, crs)
		})
	}
}
