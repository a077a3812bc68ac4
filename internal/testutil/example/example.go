// Package example gives tests the example gateway,
// examples/ai-gateway/aigateway.yaml: its file, its environments and
// pull-request previews resolved, and the objects a builder makes of them in
// the form the render pipeline serialises.
//
// Every function resolves afresh, so a test may change what it gets.
package example

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

// Rel is the example's path from the module root.
const Rel = "examples/ai-gateway/aigateway.yaml"

// Environments returns the environments the example defines, in the order
// of the file.
func Environments() []string { return []string{"dev", "staging", "prod"} }

// File returns the absolute path of the example, found from the module root.
func File(t testing.TB) string {
	t.Helper()
	root, err := kubetest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, Rel)
}

// Data returns the text of the example.
func Data(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(File(t))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Document parses the example.
func Document(t testing.TB) *spec.Document {
	t.Helper()
	doc, err := spec.Parse(File(t), Data(t))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Gateway resolves the environment env of the example.
func Gateway(t testing.TB, env string) *resolve.Gateway {
	t.Helper()
	return resolveDoc(t, Document(t), resolve.Options{Environment: env})
}

// GatewayFrom resolves the environment env of data, the text of a gateway
// file (typically the example's, edited).
func GatewayFrom(t testing.TB, data []byte, env string) *resolve.Gateway {
	t.Helper()
	doc, err := spec.Parse(filepath.Base(Rel), data)
	if err != nil {
		t.Fatal(err)
	}
	return resolveDoc(t, doc, resolve.Options{Environment: env})
}

// Preview resolves the preview of pull request number of the example, which
// derives from the environment of spec.previews.from (dev).
func Preview(t testing.TB, number string) *resolve.Gateway {
	t.Helper()
	return resolveDoc(t, Document(t), resolve.Options{Preview: number})
}

func resolveDoc(t testing.TB, doc *spec.Document, opts resolve.Options) *resolve.Gateway {
	t.Helper()
	g, err := resolve.Resolve(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Objects runs the builder b for g and returns its objects as the render
// pipeline serialises them (its build stage, component.Build).
func Objects(t testing.TB, b component.Builder, g *resolve.Gateway) []map[string]any {
	t.Helper()
	return Build(t, b, &component.Input{Gateway: g})
}

// Build is Objects for any input.
func Build(t testing.TB, b component.Builder, in *component.Input) []map[string]any {
	t.Helper()
	objs, err := component.Build(context.Background(), in, b)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// Unstructured wraps each object.
func Unstructured(objs []map[string]any) []*unstructured.Unstructured {
	out := make([]*unstructured.Unstructured, len(objs))
	for i, o := range objs {
		out[i] = &unstructured.Unstructured{Object: o}
	}
	return out
}

// Maps returns the content of each object.
func Maps(objs []*unstructured.Unstructured) []map[string]any {
	out := make([]map[string]any, len(objs))
	for i, o := range objs {
		out[i] = o.Object
	}
	return out
}

// YAML returns objs as a stream of YAML documents, each introduced by "---".
func YAML(t testing.TB, objs []map[string]any) []byte {
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

// DryRun creates every object of every variant on srv as a dry run (strict
// field validation, see kubetest.Server.DryRunCreate), creating the
// namespace of a namespaced object first, and reports each rejection with
// the name of the variant.
func DryRun(t *testing.T, srv *kubetest.Server, variants map[string]*resolve.Gateway, objects func(testing.TB, *resolve.Gateway) []map[string]any) {
	t.Helper()
	ctx := context.Background()
	namespaces := map[string]bool{}
	for name, g := range variants {
		for _, o := range objects(t, g) {
			u := &unstructured.Unstructured{Object: o}
			if ns := u.GetNamespace(); ns != "" && !namespaces[ns] {
				if err := srv.EnsureNamespace(ctx, ns, nil); err != nil {
					t.Fatal(err)
				}
				namespaces[ns] = true
			}
			if err := srv.DryRunCreate(ctx, u); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}
