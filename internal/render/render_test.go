package render_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/golden"
)

const exampleDir = "../../examples/ai-gateway"

func renderEnv(t testing.TB, env string) []byte {
	t.Helper()
	return renderWith(t, resolve.Options{Environment: env})
}

func renderWith(t testing.TB, opts resolve.Options) []byte {
	t.Helper()
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: exampleDir, Resolve: opts})
	if err != nil {
		t.Fatalf("render %+v: %v", opts, err)
	}
	b, err := res.YAML()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGolden pins the whole output of every example environment.
func TestGolden(t *testing.T) {
	for _, env := range []string{"dev", "staging", "prod"} {
		t.Run(env, func(t *testing.T) {
			golden.Assert(t, filepath.Join("testdata", "ai-gateway-"+env+".yaml"), renderEnv(t, env))
		})
	}
	// The preview of pull request 42, derived from dev (spec.previews.from).
	t.Run("dev-pr-42", func(t *testing.T) {
		golden.Assert(t, filepath.Join("testdata", "ai-gateway-dev-pr-42.yaml"), renderWith(t, resolve.Options{Preview: "42"}))
	})
}

// TestDeterministic renders each environment many times, concurrently (as
// Argo CD does on one folder), and wants byte-identical output.
func TestDeterministic(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		want := renderEnv(t, env)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := renderEnv(t, env); !bytes.Equal(got, want) {
					errs <- fmt.Errorf("%s: run %d differs", env, i)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}
}

func TestUserKustomization(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(exampleDir, "aigateway.yaml"), filepath.Join(dir, "aigateway.yaml"))
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), "commonAnnotations:\n  owner: team-ai\npatches:\n- path: ns.yaml\n")
	writeFile(t, filepath.Join(dir, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ai-gateway-dev\n  labels:\n    cost-center: \"42\"\n")
	r := &render.Renderer{Embedded: aigw.Files}
	res, err := r.Render(context.Background(), render.Options{Dir: dir, Resolve: resolve.Options{Environment: "dev"}})
	if err != nil {
		t.Fatal(err)
	}
	var ns map[string]any
	for _, o := range res.Objects {
		if o["kind"] == "Namespace" {
			ns = o
		}
		ann, _ := o["metadata"].(map[string]any)["annotations"].(map[string]any)
		if ann["owner"] != "team-ai" {
			t.Errorf("%s %v lacks the user's annotation", o["kind"], o["metadata"].(map[string]any)["name"])
		}
	}
	labels := ns["metadata"].(map[string]any)["labels"].(map[string]any)
	if labels["cost-center"] != "42" || labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("namespace labels after the user's patch: %v", labels)
	}
}
