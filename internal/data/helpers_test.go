package data

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/testutil/example"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden" // defines -update
	"github.com/aigw-dev/aigw/internal/xrender"
)

// kube is the API server of this package's tests, with every upstream CRD.
var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})

// fns are the composition functions, started on first use.
var fns sharedRunner

func TestMain(m *testing.M) {
	code := kube.Run(m)
	fns.close()
	os.Exit(code)
}

// repoRoot is the module root (tests run in internal/data).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := kubetest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// env is one resolved example environment and what the builder emits for it.
type env struct {
	name string
	g    *resolve.Gateway
	objs []*unstructured.Unstructured
}

// exampleEnvs resolves every environment of the example gateway and builds
// its composites.
func exampleEnvs(t *testing.T) []env {
	t.Helper()
	doc := example.Document(t)
	var out []env
	for _, name := range doc.Environments() {
		g, err := resolve.Resolve(doc, resolve.Options{Environment: name})
		if err != nil {
			t.Fatalf("resolving %s: %v", name, err)
		}
		out = append(out, env{name: name, g: g, objs: build(t, g)})
	}
	if len(out) == 0 {
		t.Fatalf("%s defines no environment", example.Rel)
	}
	return out
}

func build(t *testing.T, g *resolve.Gateway) []*unstructured.Unstructured {
	t.Helper()
	objs, err := New().Build(context.Background(), &component.Input{Gateway: g})
	if err != nil {
		t.Fatalf("Build(%s): %v", g.Environment.Name, err)
	}
	out := make([]*unstructured.Unstructured, len(objs))
	for i, o := range objs {
		u, ok := o.(*unstructured.Unstructured)
		if !ok {
			t.Fatalf("Build returned a %T, want *unstructured.Unstructured", o)
		}
		out[i] = u
	}
	return out
}

// sharedRunner starts the functions once per test binary: the
// function-patch-and-transform binary from the tools cache and function-slots
// built from crossplane/function.
type sharedRunner struct {
	once   sync.Once
	runner *xrender.Runner
	dir    string
	err    error
}

// Functions of crossplane/install/functions.yaml.
const (
	fnPatchAndTransform = "crossplane-contrib-function-patch-and-transform"
	fnSlots             = "aigw-dev-function-slots"
)

func (s *sharedRunner) get(t *testing.T) *xrender.Runner {
	t.Helper()
	root := repoRoot(t)
	tools := xrender.RequireTools(t, root)
	s.once.Do(func() {
		s.dir, s.err = os.MkdirTemp("", "aigw-function-slots-")
		if s.err != nil {
			return
		}
		slots := filepath.Join(s.dir, "function-slots")
		cmd := exec.Command("go", "build", "-o", slots, "./crossplane/function")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			s.err = &buildError{err: err, out: string(out)}
			return
		}
		s.runner, s.err = xrender.Start(context.Background(), tools.Crossplane,
			filepath.Join(root, "crossplane", "install", "functions.yaml"),
			map[string]string{fnPatchAndTransform: tools.FunctionPAT, fnSlots: slots})
	})
	if s.err != nil {
		t.Fatalf("starting the composition functions: %v", s.err)
	}
	return s.runner
}

func (s *sharedRunner) close() {
	if s.runner != nil {
		s.runner.Close()
	}
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string {
	return "go build ./crossplane/function: " + e.err.Error() + "\n" + e.out
}
