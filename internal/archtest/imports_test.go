package archtest

import (
	"go/build"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stages are the pipeline packages render imports that are not builders.
var stages = []string{"assemble", "chartsource", "component", "resolve", "spec"}

// builderMayImport are the only packages of this module a builder imports:
// the builder contract, the resolved gateway and its settings. Anything
// else (another builder, a stage doing I/O, the embedded files of the
// module root) is out of bounds.
var builderMayImport = []string{"internal/component", "internal/resolve", "internal/spec"}

// testInfra are the packages only tests may import (and their
// subpackages).
var testInfra = []string{"internal/kubetest", "internal/xrender", "internal/testutil"}

// module reads the module path and root from go.mod.
func module(t *testing.T) (root, modPath string) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return root, strings.Trim(strings.TrimSpace(m), `"`)
		}
	}
	t.Fatal("go.mod has no module line")
	return "", ""
}

// pkg is one package of the module, without its tests.
type pkg struct {
	rel     string // path relative to the module root ("internal/edge")
	imports []string
	// files are its non-test Go files (absolute paths).
	files []string
}

// packages lists every package of the module (non-test files only).
func packages(t *testing.T) map[string]pkg {
	t.Helper()
	root, modPath := module(t)
	out := map[string]pkg{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(p, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		var imports []string
		for _, imp := range bp.Imports {
			if imp == modPath {
				imports = append(imports, ".")
			} else if r, ok := strings.CutPrefix(imp, modPath+"/"); ok {
				imports = append(imports, r)
			}
		}
		var files []string
		for _, f := range bp.GoFiles {
			files = append(files, filepath.Join(p, f))
		}
		out[rel] = pkg{rel: rel, imports: imports, files: files}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// builders are the packages internal/render wires that are not pipeline
// stages.
func builders(pkgs map[string]pkg) []string {
	var out []string
	for _, imp := range pkgs["internal/render"].imports {
		if dir, name := path.Split(imp); dir == "internal/" && !slices.Contains(stages, name) {
			out = append(out, imp)
		}
	}
	return out
}

// leafViolations lists every import of a builder of a package of this
// module other than builderMayImport (a sibling builder first of all).
func leafViolations(pkgs map[string]pkg) []string {
	var out []string
	for _, b := range builders(pkgs) {
		for _, imp := range pkgs[b].imports {
			if !slices.Contains(builderMayImport, imp) {
				out = append(out, b+" imports "+imp)
			}
		}
	}
	slices.Sort(out)
	return out
}

func isInfra(rel string) bool {
	for _, p := range testInfra {
		if rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

// infraViolations lists every import of the test infrastructure by a
// package outside it.
func infraViolations(pkgs map[string]pkg) []string {
	var out []string
	for rel, p := range pkgs {
		if isInfra(rel) {
			continue
		}
		for _, imp := range p.imports {
			if isInfra(imp) {
				out = append(out, rel+" imports "+imp)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestBuildersAreLeaves fails when a builder imports another builder: the
// names they share live in resolve's contract.
func TestBuildersAreLeaves(t *testing.T) {
	pkgs := packages(t)
	if bs := builders(pkgs); len(bs) < 5 {
		t.Fatalf("found only %d builder packages among render's imports: %v", len(bs), bs)
	}
	for _, v := range leafViolations(pkgs) {
		t.Errorf("%s: builders are leaves and import only %v of this module; share names through the resolve contract, pass data in component.Input", v, builderMayImport)
	}
}

// TestProductionImportsNoTestInfra fails when a package other than the
// test infrastructure imports it.
func TestProductionImportsNoTestInfra(t *testing.T) {
	pkgs := packages(t)
	if len(pkgs) < 20 {
		t.Fatalf("found only %d packages", len(pkgs))
	}
	for _, v := range infraViolations(pkgs) {
		t.Errorf("%s: production code must not depend on test infrastructure", v)
	}
}

// TestRulesCatch runs the rules on made-up import graphs: each must flag
// exactly the offending edge.
func TestRulesCatch(t *testing.T) {
	graph := func(edges ...string) map[string]pkg {
		pkgs := map[string]pkg{}
		for _, e := range edges {
			from, to, _ := strings.Cut(e, " ")
			p := pkgs[from]
			p.rel = from
			p.imports = append(p.imports, to)
			pkgs[from] = p
		}
		return pkgs
	}
	render := []string{"internal/render internal/edge", "internal/render internal/data", "internal/render internal/resolve", "internal/render internal/component"}
	for _, tt := range []struct {
		name        string
		edges       []string
		leaf, infra []string
	}{
		{"clean", []string{"internal/edge internal/resolve", "internal/data internal/component"}, nil, nil},
		{"sibling", []string{"internal/data internal/edge"}, []string{"internal/data imports internal/edge"}, nil},
		{"stage is no builder", []string{"internal/edge internal/spec"}, nil, nil},
		{"module root", []string{"internal/edge ."}, []string{"internal/edge imports ."}, nil},
		{"I/O stage", []string{"internal/edge internal/chartsource"}, []string{"internal/edge imports internal/chartsource"}, nil},
		{"kubetest", []string{"internal/edge internal/kubetest"}, []string{"internal/edge imports internal/kubetest"}, []string{"internal/edge imports internal/kubetest"}},
		{"testutil sub", []string{"cmd/aigw internal/testutil/golden"}, nil, []string{"cmd/aigw imports internal/testutil/golden"}},
		{"infra among itself", []string{"internal/xrender internal/kubetest"}, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pkgs := graph(slices.Concat(render, tt.edges)...)
			if got := leafViolations(pkgs); !slices.Equal(got, tt.leaf) {
				t.Errorf("leaf rule: %v, want %v", got, tt.leaf)
			}
			if got := infraViolations(pkgs); !slices.Equal(got, tt.infra) {
				t.Errorf("test-infra rule: %v, want %v", got, tt.infra)
			}
		})
	}
}
