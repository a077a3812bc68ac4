package doclinks_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/doclinks"
	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

func isMarkdown(name string) bool { return strings.HasSuffix(name, ".md") }

// repoRoot is the module root, two folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root: %v", err)
	}
	return root
}

// TestRepositoryLinks checks every local link and anchor of every Markdown
// file of the repository.
func TestRepositoryLinks(t *testing.T) {
	root := repoRoot(t)
	files, err := doclinks.Files(root, isMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	// A walk that finds nothing would pass vacuously.
	for _, want := range []string{"README.md", "docs/spec.md", "crossplane/README.md"} {
		if !slices.Contains(files, want) {
			t.Fatalf("the walk did not find %s (found %v)", want, files)
		}
	}
	c := doclinks.NewChecker(root)
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			problems, err := c.Markdown(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// TestRepositoryCitations checks the Markdown files that code comments,
// scripts, manifests and the spec's doc tags name.
func TestRepositoryCitations(t *testing.T) {
	root := repoRoot(t)
	files, err := doclinks.Files(root, func(name string) bool { return !isMarkdown(name) })
	if err != nil {
		t.Fatal(err)
	}
	c := doclinks.NewChecker(root)
	for _, f := range files {
		problems, err := c.Citations(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
	}
}

// TestFixture runs the checker over a fixture with known good and broken
// links: the check must fail on exactly the broken ones.
func TestFixture(t *testing.T) {
	root := filepath.Join("testdata", "fixture")
	c := doclinks.NewChecker(root)
	var got []string
	files, err := doclinks.Files(root, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		check := c.Citations
		if isMarkdown(f) {
			check = c.Markdown
		}
		problems, err := check(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			got = append(got, p.String())
		}
	}
	want := []string{
		`README.md:23: "docs/missing.md": no such file or folder`,
		`README.md:24: "docs/guide.md#nope": no heading or anchor #nope in docs/guide.md`,
		`README.md:25: "#two-words-2": no heading or anchor #two-words-2 in README.md`,
		`README.md:26: "../outside.md": leaves the repository`,
		`README.md:27: "main.go#section": anchor into a file that is not Markdown`,
		`README.md:28: "docs/guide.md#missing-anchor": no heading or anchor #missing-anchor in docs/guide.md`,
		`README.md:29: "docs/gone.md": no such file or folder`,
		`README.md:30: "#Two-words": no heading or anchor #Two-words in README.md`,
		`config.yaml:1: "docs/guide.md#install": no heading or anchor #install in docs/guide.md`,
		`main.go:1: "docs/guide.md#nope": no heading or anchor #nope in docs/guide.md`,
		`main.go:2: ".md (Setup)": cite the section as file.md#anchor`,
		`main.go:6: "docs/missing.md": no such file or folder`,
		`main_test.go:4: "crossplane/README.md": no such file or folder`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSlug(t *testing.T) {
	for _, tt := range []struct{ heading, want string }{
		{"Two commands on a fresh clone", "two-commands-on-a-fresh-clone"},
		{"LiteLLM: two Helm releases of one chart", "litellm-two-helm-releases-of-one-chart"},
		{"config.yaml", "configyaml"},
		{"What aigw appset prints", "what-aigw-appset-prints"},
		{"1. Install the sidecar", "1-install-the-sidecar"},
		{"Floors: why 30 ms and 10× are out of reach", "floors-why-30-ms-and-10-are-out-of-reach"},
		{"Secrets (External Secrets, AWS Secrets Manager)", "secrets-external-secrets-aws-secrets-manager"},
		{"snake_case and kebab-case", "snake_case-and-kebab-case"},
		{"Ünïcode & punctuation!", "ünïcode--punctuation"},
	} {
		if got := doclinks.Slug(tt.heading); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.heading, got, tt.want)
		}
	}
}

// TestParse checks the heading texts GitHub slugs (inline markup removed,
// duplicates numbered) and that code holds no links.
func TestParse(t *testing.T) {
	src := "# A `b` *c* [d](x.md)\n\n# A b c d\n\n<a name=\"e\"></a>\n\n`[f](g.md)`\n\n    [h](i.md)\n\n| t | [j](k.md) |\n|---|---|\n"
	d := doclinks.Parse([]byte(src))
	for _, a := range []string{"a-b-c-d", "a-b-c-d-1", "e"} {
		if !d.Anchors[a] {
			t.Errorf("anchor %q missing from %v", a, d.Anchors)
		}
	}
	var dests []string
	for _, l := range d.Links {
		dests = append(dests, l.Dest)
	}
	if want := []string{"x.md", "k.md"}; !slices.Equal(dests, want) {
		t.Errorf("links %v, want %v", dests, want)
	}
}
