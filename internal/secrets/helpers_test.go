package secrets_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/secrets"
	"github.com/aigw-dev/aigw/internal/spec"
)

const exampleSpec = "../../examples/ai-gateway/aigateway.yaml"

var exampleEnvs = []string{"dev", "staging", "prod"}

func gateway(t testing.TB, file, env string) *resolve.Gateway {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return gatewayFrom(t, data, env)
}

func gatewayFrom(t testing.TB, data []byte, env string) *resolve.Gateway {
	t.Helper()
	doc, err := spec.Parse(filepath.Base(exampleSpec), data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := resolve.Resolve(doc, resolve.Options{Environment: env})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// build runs the builder and returns its objects in their JSON form.
func build(t testing.TB, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	objs, err := secrets.New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*unstructured.Unstructured, 0, len(objs))
	for _, o := range objs {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
		if err != nil {
			t.Fatal(err)
		}
		if meta, ok := m["metadata"].(map[string]any); ok && meta["creationTimestamp"] == nil {
			delete(meta, "creationTimestamp")
		}
		out = append(out, &unstructured.Unstructured{Object: m})
	}
	return out
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
