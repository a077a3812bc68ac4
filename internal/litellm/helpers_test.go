package litellm_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"testing/fstest"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

const exampleSpec = "../../examples/ai-gateway/aigateway.yaml"

var exampleEnvs = []string{"dev", "staging", "prod"}

func exampleData(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(exampleSpec)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func gatewayFrom(t testing.TB, data []byte, env string) *resolve.Gateway {
	t.Helper()
	doc, err := spec.Parse("aigateway.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Environment: env})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// previewGateway resolves the example's preview of pull request number.
func previewGateway(t testing.TB, number string) *resolve.Gateway {
	t.Helper()
	doc, err := spec.Parse("aigateway.yaml", exampleData(t))
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Preview: number})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func gateway(t testing.TB, env string) *resolve.Gateway {
	t.Helper()
	return gatewayFrom(t, exampleData(t), env)
}

// newBuilder never touches the user's cache directory.
func newBuilder(t testing.TB, opts ...litellm.Option) *litellm.Builder {
	return litellm.New(append([]litellm.Option{litellm.WithCacheDir(t.TempDir())}, opts...)...)
}

func buildWith(t testing.TB, b *litellm.Builder, in *component.Input) []*unstructured.Unstructured {
	t.Helper()
	objs, err := b.Build(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*unstructured.Unstructured, 0, len(objs))
	for _, o := range objs {
		u, ok := o.(*unstructured.Unstructured)
		if !ok {
			m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
			if err != nil {
				t.Fatal(err)
			}
			u = &unstructured.Unstructured{Object: m}
		}
		out = append(out, u)
	}
	return out
}

func build(t testing.TB, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	return buildWith(t, newBuilder(t), &component.Input{Gateway: g, AppFS: fstest.MapFS{}})
}

func toYAML(t testing.TB, objs []*unstructured.Unstructured) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, o := range objs {
		y, err := yaml.Marshal(o.Object)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n")
		b.Write(y)
	}
	return b.Bytes()
}

func find(objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	return nil
}
