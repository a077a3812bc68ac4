package nodes_test

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/nodes"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
	"github.com/aigw-dev/aigw/internal/testutil/crdschema"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

const exampleFile = "../../examples/ai-gateway/aigateway.yaml"

var environments = []string{"dev", "staging", "prod"}

func gatewayFor(t testing.TB, env string) *resolve.Gateway {
	t.Helper()
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse(exampleFile, data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Environment: env})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func buildObjects(t testing.TB, g *resolve.Gateway) []component.Object {
	t.Helper()
	objs, err := nodes.New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// build returns the objects in their JSON form, as the pipeline serialises them.
func build(t testing.TB, g *resolve.Gateway) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, o := range buildObjects(t, g) {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
		if err != nil {
			t.Fatal(err)
		}
		if meta, ok := m["metadata"].(map[string]any); ok && meta["creationTimestamp"] == nil {
			delete(meta, "creationTimestamp")
		}
		delete(m, "status") // builders never set one
		dropNulls(m)
		out = append(out, m)
	}
	return out
}

func marshalStream(t testing.TB, objs []map[string]any) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, o := range objs {
		y, err := yaml.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n")
		b.Write(y)
	}
	return b.Bytes()
}

var loadCRDs = sync.OnceValues(func() (*crdschema.Set, error) {
	dir, err := kubetest.CRDsDir()
	if err != nil {
		return nil, err
	}
	return crdschema.Load(dir)
})

func crds(t testing.TB) *crdschema.Set {
	t.Helper()
	s, err := loadCRDs()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dropNulls removes null values: a typed object serialises an unset field
// without omitempty (EC2NodeClass capacityReservationSelectorTerms) as null,
// which the API server prunes and the pipeline drops.
func dropNulls(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			delete(m, k)
		case map[string]any:
			dropNulls(v)
		case []any:
			for _, e := range v {
				if em, ok := e.(map[string]any); ok {
					dropNulls(em)
				}
			}
		}
	}
}
