package assemble_test

// Benchmarks of the Kustomize stage (go test -bench . -benchmem); they do not
// run in go test without -bench.

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/assemble"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// exampleStream renders the example's prod environment: a realistic set of
// objects for Kustomize to read.
func exampleStream(b *testing.B) ([]byte, *resolve.Gateway) {
	b.Helper()
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: "../../examples/ai-gateway", Resolve: resolve.Options{Environment: "prod"}})
	if err != nil {
		b.Fatal(err)
	}
	out, err := res.YAML()
	if err != nil {
		b.Fatal(err)
	}
	return out, res.Gateway
}

// BenchmarkAssemble runs Kustomize over the embedded base and overlay:
// without objects (the fixed cost of a run), with the example's objects,
// and with those plus a last-mile kustomization in the application folder.
func BenchmarkAssemble(b *testing.B) {
	stream, g := exampleStream(b)
	user := fstest.MapFS{
		assemble.UserKustomization: {Data: []byte("commonAnnotations:\n  owner: team-ai\npatches:\n- path: ns.yaml\n")},
		"ns.yaml":                  {Data: []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + g.Namespace + "\n  labels:\n    cost-center: \"42\"\n")},
	}
	cases := []struct {
		name      string
		resources []byte
		app       fstest.MapFS
	}{
		{"empty", nil, nil},
		{"example", stream, nil},
		{"example-user-kustomization", stream, user},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			in := assemble.Input{Embedded: aigw.Files, Resources: c.resources, Overlay: g.Tier, Labels: g.Labels()}
			if c.app != nil {
				in.AppFS = c.app
			}
			b.SetBytes(int64(len(c.resources)))
			for b.Loop() {
				if _, err := assemble.Assemble(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
