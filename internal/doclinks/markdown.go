package doclinks

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Link is one link destination of a Markdown document.
type Link struct {
	Dest string
	Line int // 1-based
}

// Doc is what the checker needs of a Markdown document.
type Doc struct {
	Links   []Link
	Anchors map[string]bool
}

var (
	// GitHub-flavoured Markdown, as GitHub renders the files: tables and
	// autolinks change what is a link.
	markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

	htmlLink   = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*"([^"]*)"`)
	htmlAnchor = regexp.MustCompile(`(?i)\b(?:id|name)\s*=\s*"([^"]*)"`)
)

// Parse reads the links and the anchors of a Markdown document.
func Parse(src []byte) Doc {
	doc := Doc{Anchors: map[string]bool{}}
	lines := newLineIndex(src)
	slugs := slugger{}
	root := markdown.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			doc.Anchors[slugs.slug(plainText(n, src))] = true
		case *ast.Link:
			doc.Links = append(doc.Links, Link{Dest: string(n.Destination), Line: lines.of(n, src)})
		case *ast.Image:
			doc.Links = append(doc.Links, Link{Dest: string(n.Destination), Line: lines.of(n, src)})
		case *ast.RawHTML:
			var b bytes.Buffer
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
			doc.addHTML(b.Bytes(), lines.line(n.Segments.At(0).Start))
		case *ast.HTMLBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				doc.addHTML(seg.Value(src), lines.line(seg.Start))
			}
		}
		return ast.WalkContinue, nil
	})
	return doc
}

// addHTML records the links and anchors of a piece of raw HTML.
func (d *Doc) addHTML(html []byte, line int) {
	for _, m := range htmlLink.FindAllSubmatch(html, -1) {
		d.Links = append(d.Links, Link{Dest: string(m[1]), Line: line})
	}
	for _, m := range htmlAnchor.FindAllSubmatch(html, -1) {
		d.Anchors[string(m[1])] = true
	}
}

// plainText is the text content of a node as GitHub renders it: code spans
// keep their content, emphasis and links their text, raw HTML tags vanish.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.RawHTML:
			default: // emphasis, code spans, links, images, strikethrough
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// Slug is GitHub's anchor of a heading text (the rules of github-slugger):
// lower case; letters, digits, marks, "-" and "_" kept, each space turned
// into "-", everything else dropped.
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slugger numbers repeated slugs as GitHub does: "tests", "tests-1", ...
type slugger map[string]int

func (s slugger) slug(heading string) string {
	base := Slug(heading)
	slug := base
	for {
		if _, taken := s[slug]; !taken {
			break
		}
		s[base]++
		slug = base + "-" + strconv.Itoa(s[base])
	}
	s[slug] = 0
	return slug
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(offset int) int {
	lo, hi := 0, len(l)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if l[mid] <= offset {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// of is the line of an inline node: that of its first text, else that of
// the block holding it.
func (l lineIndex) of(n ast.Node, src []byte) int {
	var found = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found >= 0 {
		return l.line(found)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return l.line(p.Lines().At(0).Start)
		}
	}
	return 0
}
