package doclinks

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// Problem is one broken link or citation.
type Problem struct {
	File   string // relative to the repository root, slash-separated
	Line   int
	Target string
	Reason string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %q: %s", p.File, p.Line, p.Target, p.Reason)
}

// skipDir says which folders hold no documentation of the repository:
// version control, and test fixtures (which may be broken on purpose).
func skipDir(name string) bool {
	return name == ".git" || name == "testdata" || name == "node_modules"
}

// Files lists the regular files under root whose name match accepts,
// slash-separated and relative to root, in lexical order.
func Files(root string, match func(name string) bool) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !match(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	return files, err
}

// Checker resolves links inside one repository, caching parsed targets.
type Checker struct {
	root string
	docs map[string]Doc
}

// NewChecker checks links inside the folder root.
func NewChecker(root string) *Checker {
	return &Checker{root: root, docs: map[string]Doc{}}
}

// doc parses the Markdown file rel (slash-separated, relative to the root).
func (c *Checker) doc(rel string) (Doc, error) {
	if d, ok := c.docs[rel]; ok {
		return d, nil
	}
	src, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(rel)))
	if err != nil {
		return Doc{}, err
	}
	d := Parse(src)
	c.docs[rel] = d
	return d, nil
}

// Markdown checks every local link of the Markdown file rel.
func (c *Checker) Markdown(rel string) ([]Problem, error) {
	d, err := c.doc(rel)
	if err != nil {
		return nil, err
	}
	var problems []Problem
	for _, l := range d.Links {
		if reason := c.resolve(path.Dir(rel), rel, l.Dest); reason != "" {
			problems = append(problems, Problem{File: rel, Line: l.Line, Target: l.Dest, Reason: reason})
		}
	}
	return problems, nil
}

// lineAnchor is GitHub's anchor of a line or lines of a source file.
var lineAnchor = regexp.MustCompile(`^L[0-9]+(-L[0-9]+)?$`)

// resolve checks one link destination written in a file of the folder dir
// ("." for the root); self is that file. It returns why the link is broken,
// or "" when it is not (or is not local).
func (c *Checker) resolve(dir, self, dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		return "not a valid URL: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // external: not checked
	}
	target := self
	if u.Path != "" {
		if strings.HasPrefix(u.Path, "/") {
			target = path.Clean(strings.TrimPrefix(u.Path, "/"))
		} else {
			target = path.Join(dir, u.Path)
		}
		if target == ".." || strings.HasPrefix(target, "../") {
			return "leaves the repository"
		}
	}
	info, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(target)))
	if err != nil {
		return "no such file or folder"
	}
	if u.Fragment == "" {
		return ""
	}
	if info.IsDir() {
		// GitHub shows the folder's README below its listing.
		target = path.Join(target, "README.md")
		if _, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(target))); err != nil {
			return "anchor into a folder without README.md"
		}
	}
	if !strings.HasSuffix(target, ".md") {
		if lineAnchor.MatchString(u.Fragment) {
			return ""
		}
		return "anchor into a file that is not Markdown"
	}
	d, err := c.doc(target)
	if err != nil {
		return err.Error()
	}
	if !d.Anchors[u.Fragment] {
		return fmt.Sprintf("no heading or anchor #%s in %s", u.Fragment, target)
	}
	return ""
}

var (
	// citation is a Markdown file of the repository named in a comment or a
	// doc string, with an optional anchor: README.md, docs/edge.md#dns,
	// crossplane/README.md. A bare name other than README.md (such as an
	// output file in an example command) is not a citation.
	citation = regexp.MustCompile(`(?:^|[^\w./-])((?:[\w.-]+/)+[\w.-]+\.md|README\.md)(#[\w-]+)?`)
	// sectionInParens is the old way of citing a section, by its title in
	// parentheses after the file name, which no check can follow.
	sectionInParens = regexp.MustCompile(`\.md \([A-Z][^)]*\)`)
)

// Citations checks the Markdown files named in the text file rel: in a Go
// file its comments (and, outside tests, its string literals, which hold the
// spec's doc tags), in any other file its whole text. A cited path is
// relative to the repository root, or to the citing file's folder.
func (c *Checker) Citations(rel string) ([]Problem, error) {
	src, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	var problems []Problem
	check := func(text string, line int) {
		for i, l := range strings.Split(text, "\n") {
			for _, m := range sectionInParens.FindAllString(l, -1) {
				problems = append(problems, Problem{File: rel, Line: line + i, Target: m, Reason: "cite the section as file.md#anchor"})
			}
			for _, m := range citation.FindAllStringSubmatch(l, -1) {
				dest := m[1] + m[2]
				reason := c.resolve(".", rel, dest)
				if reason != "" && c.resolve(path.Dir(rel), rel, dest) == "" {
					reason = ""
				}
				if reason != "" {
					problems = append(problems, Problem{File: rel, Line: line + i, Target: dest, Reason: reason})
				}
			}
		}
	}
	if !strings.HasSuffix(rel, ".go") {
		if bytes.IndexByte(src, 0) < 0 { // text only
			check(string(src), 1)
		}
		return problems, nil
	}
	fset := token.NewFileSet()
	file := fset.AddFile(rel, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	strs := !strings.HasSuffix(rel, "_test.go")
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.COMMENT || (strs && tok == token.STRING) {
			check(lit, fset.Position(pos).Line)
		}
	}
	return problems, nil
}
