package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strconv"
	"testing"
)

// previewMembers are the members of resolve.Gateway that tell a preview
// from an environment. Builders never read them: render chooses the
// builder set of each, and what differs inside a shared builder is a
// contract field resolve computes (resolve.Edge, resolve.Namespace,
// resolve.Secrets.Generated, ...).
var previewMembers = []string{"Preview", "ServesPreviews", "PreviewOf"}

// previewRef is one selection of a previewMembers name.
type previewRef struct {
	pos  token.Position
	expr string // "g.Preview"
}

func (r previewRef) String() string { return r.pos.String() + ": " + r.expr }

// previewRefs lists the selections of a previewMembers name on a value in
// one Go source file. A package-qualified identifier
// (resolve.PreviewOfLabel, some.Preview) is not a selection on a value. It
// goes by name, without type information: no builder has members of these
// names of its own, so every hit reads resolve.Gateway's (directly or
// through a value that embeds it).
func previewRefs(fset *token.FileSet, f *ast.File) []previewRef {
	imports := map[string]bool{}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = true
	}
	var out []previewRef
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || !slices.Contains(previewMembers, sel.Sel.Name) {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && imports[id.Name] {
			return true
		}
		out = append(out, previewRef{pos: fset.Position(sel.Sel.Pos()), expr: types.ExprString(sel)})
		return true
	})
	return out
}

// previewViolations parses the non-test files of every builder and lists
// their previewRefs, and how many files it read.
func previewViolations(t *testing.T, pkgs map[string]pkg) (refs []previewRef, files int) {
	t.Helper()
	fset := token.NewFileSet()
	for _, b := range builders(pkgs) {
		for _, name := range pkgs[b].files {
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			refs = append(refs, previewRefs(fset, f)...)
			files++
		}
	}
	return refs, files
}

// TestBuildersDoNotAskPreview fails when a builder's production code reads
// resolve.Gateway's Preview, ServesPreviews or PreviewOf.
func TestBuildersDoNotAskPreview(t *testing.T) {
	refs, files := previewViolations(t, packages(t))
	if files < 20 {
		t.Fatalf("read only %d files of builders", files)
	}
	for _, r := range refs {
		t.Errorf("%s: a builder never asks whether it builds a preview; choose the builders in render (BuildersFor) or compute the difference in resolve's contract", r)
	}
}

// TestPreviewRuleCatches runs the rule on made-up sources.
func TestPreviewRuleCatches(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"field", `if g.Preview != nil {}`, []string{"g.Preview"}},
		{"through the input", `_ = in.Gateway.ServesPreviews`, []string{"in.Gateway.ServesPreviews"}},
		{"method value", `f := g.PreviewOf; _ = f()`, []string{"g.PreviewOf"}},
		{"nested", `_ = b.g.Preview.Number`, []string{"b.g.Preview"}},
		{"contract fields", `_ = c.Edge.Previews; _ = c.Secrets.Generated`, nil},
		{"package-qualified", `_ = resolve.PreviewOfLabel; _ = resolve.Preview{}`, nil},
		{"renamed import", `_ = rs.Preview{}`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "package x\nimport (\n\t\"github.com/aigw-dev/aigw/internal/resolve\"\n\trs \"github.com/aigw-dev/aigw/internal/resolve\"\n)\nfunc f() {\n\t" + tt.src + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range previewRefs(fset, f) {
				got = append(got, r.expr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: flagged %v, want %v", tt.src, got, tt.want)
			}
		})
	}
}
