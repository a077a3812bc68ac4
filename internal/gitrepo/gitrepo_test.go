package gitrepo_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/gitrepo"
	"github.com/aigw-dev/aigw/internal/gitrepo/gittest"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

func TestReadTreeAtRevisions(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Write("README.md", "outside the app\n")
	g.Write("gw/aigateway.yaml", "version: 1\n")
	g.Write("gw/sub/patch.yaml", "a: b\n")
	g.Write("gw-other/aigateway.yaml", "not this one\n")
	first := g.Commit("first")
	g.Git("branch", "env/staging")
	g.Write("gw/aigateway.yaml", "version: 2\n")
	g.Commit("second")

	repo, err := gitrepo.Open(ctx, g.Path("gw"))
	if err != nil {
		t.Fatal(err)
	}
	if repo.Path() != "gw" {
		t.Errorf("Path() = %q, want gw", repo.Path())
	}
	tests := []struct {
		rev, want string
		branch    bool
	}{
		{rev: "main", want: "version: 2\n"},
		{rev: "HEAD~1", want: "version: 1\n"},
		{rev: first[:10], want: "version: 1\n"},
		{rev: "env/staging", want: "version: 1\n", branch: true},
	}
	for _, tt := range tests {
		t.Run(tt.rev, func(t *testing.T) {
			var c gitrepo.Commit
			if tt.branch {
				c, err = repo.ResolveBranch(ctx, tt.rev)
			} else {
				c, err = repo.Resolve(ctx, tt.rev)
			}
			if err != nil {
				t.Fatal(err)
			}
			tree, err := repo.ReadTree(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			got, err := fs.ReadFile(tree, "aigateway.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("aigateway.yaml = %q, want %q", got, tt.want)
			}
			if _, err := fs.ReadFile(tree, "sub/patch.yaml"); err != nil {
				t.Errorf("nested file: %v", err)
			}
			if tree.Len() != 2 {
				t.Errorf("tree holds %d files, want 2 (nothing outside gw/)", tree.Len())
			}
			if !strings.HasSuffix(tree.FileName("aigateway.yaml"), ":gw/aigateway.yaml") {
				t.Errorf("FileName = %q", tree.FileName("aigateway.yaml"))
			}
		})
	}
}

func TestRootFolderAndSymlinks(t *testing.T) {
	ctx := context.Background()
	g := gittest.New(t)
	g.Write("aigateway.yaml", "root\n")
	g.Write("charts/c/Chart.yaml", "name: c\n")
	g.Write("other.txt", "x\n")
	for link, target := range map[string]string{
		"inside.yaml": "other.txt",
		"chart":       "charts/c",
		"escape.yaml": "../../etc/passwd",
		"abs.yaml":    "/etc/passwd",
		"loop.yaml":   "loop.yaml",
	} {
		if err := os.Symlink(target, g.Path(link)); err != nil {
			t.Fatal(err)
		}
	}
	g.Commit("links")
	repo, err := gitrepo.Open(ctx, g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if repo.Path() != "." {
		t.Errorf("Path() = %q, want .", repo.Path())
	}
	c, err := repo.Resolve(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := repo.ReadTree(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(tree, "inside.yaml"); err != nil || string(b) != "x\n" {
		t.Errorf("link inside the folder: %q, %v", b, err)
	}
	if b, err := fs.ReadFile(tree, "chart/Chart.yaml"); err != nil || string(b) != "name: c\n" {
		t.Errorf("link to a folder inside: %q, %v", b, err)
	}
	for _, name := range []string{"escape.yaml", "abs.yaml", "loop.yaml"} {
		if _, err := fs.ReadFile(tree, name); !errors.Is(err, gitrepo.ErrEscapes) {
			t.Errorf("%s: err = %v, want ErrEscapes", name, err)
		}
		if _, err := tree.Open(name); !errors.Is(err, gitrepo.ErrEscapes) {
			t.Errorf("open %s: err = %v, want ErrEscapes", name, err)
		}
	}
}

// TestShallowClone reads two revisions in a CI-like shallow clone: the
// checked-out branch and a base branch fetched with depth 1.
func TestShallowClone(t *testing.T) {
	ctx := context.Background()
	origin := gittest.New(t)
	origin.Write("gw/aigateway.yaml", "base\n")
	origin.Commit("base")
	origin.Git("checkout", "--quiet", "-b", "feature")
	origin.Write("gw/aigateway.yaml", "head\n")
	origin.Commit("head")

	clone := origin.Clone("--depth=1", "--branch=feature")
	repo, err := gitrepo.Open(ctx, clone.Path("gw"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Resolve(ctx, "main"); err == nil || !strings.Contains(err.Error(), "git fetch --depth=1 origin main") {
		t.Fatalf("an unfetched base must be explained, got %v", err)
	}
	clone.Git("fetch", "--quiet", "--depth=1", "origin", "main:refs/remotes/origin/main")
	base, err := repo.Resolve(ctx, "main") // found as origin/main
	if err != nil {
		t.Fatal(err)
	}
	if base.Rev != "origin/main" {
		t.Errorf("Rev = %q, want origin/main", base.Rev)
	}
	head, err := repo.Resolve(ctx, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range map[gitrepo.Commit]string{base: "base\n", head: "head\n"} {
		tree, err := repo.ReadTree(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := fs.ReadFile(tree, "aigateway.yaml"); string(b) != want {
			t.Errorf("%s: %q, want %q", c, b, want)
		}
	}
	if b, err := repo.ResolveBranch(ctx, "main"); err != nil || b.Rev != "origin/main" {
		t.Errorf("ResolveBranch(main) = %v, %v; want origin/main", b, err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := gitrepo.Open(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "not inside a git work tree") {
		t.Errorf("Open outside git: %v", err)
	}
	g := gittest.New(t)
	g.Write("a", "a\n")
	g.Commit("a")
	repo, err := gitrepo.Open(ctx, g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, rev := range []string{"", "--output=/tmp/x", "a b", "nope"} {
		if _, err := repo.Resolve(ctx, rev); err == nil {
			t.Errorf("Resolve(%q) succeeded", rev)
		}
	}
	if _, err := repo.ResolveBranch(ctx, "env/none"); err == nil || !strings.Contains(err.Error(), "git fetch origin env/none") {
		t.Errorf("ResolveBranch of a missing branch: %v", err)
	}
	if _, err := repo.RemoteURL(ctx, "origin"); err == nil {
		t.Error("RemoteURL without a remote succeeded")
	}
	// A folder that does not exist at a revision is an empty tree.
	sub, err := gitrepo.Open(ctx, g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := sub.Resolve(ctx, "main")
	tree, err := sub.ReadTree(ctx, c)
	if err != nil || tree.Has("aigateway.yaml") {
		t.Errorf("tree without a spec: has=%v err=%v", tree.Has("aigateway.yaml"), err)
	}
}
