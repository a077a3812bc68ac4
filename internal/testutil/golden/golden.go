// Package golden compares test output with golden files under testdata/.
//
// Every test package of the repository imports it (a blank import is enough)
// because `go test ./... -update` passes -update to every test binary, and a
// binary that does not define the flag fails. With -update, Assert rewrites
// the golden files instead of comparing.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// maxDiffLines bounds the diff printed on a mismatch.
const maxDiffLines = 40

// Assert compares got with the golden file at path (normally under
// testdata/). With -update it writes got to path instead, creating parent
// directories as needed. On a mismatch it fails the test with a short
// line-based diff ("-" golden, "+" got).
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden: %v (run the test with -update to create it)", err)
	}
	if bytes.Equal(want, got) {
		return
	}
	t.Errorf("golden: %s differs (- golden, + got; run with -update to accept):\n%s", path, Diff(string(want), string(got)))
}

// Diff returns a short unified-style, line-based diff of want and got: the
// common prefix and suffix are elided and the differing middle is shown, with
// at most a few lines of context and maxDiffLines lines in total.
func Diff(want, got string) string {
	w := splitLines(want)
	g := splitLines(got)
	pre := 0
	for pre < len(w) && pre < len(g) && w[pre] == g[pre] {
		pre++
	}
	suf := 0
	for suf < len(w)-pre && suf < len(g)-pre && w[len(w)-1-suf] == g[len(g)-1-suf] {
		suf++
	}
	const context = 3
	start := max(pre-context, 0)
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d @@\n", start+1)
	lines := 0
	emit := func(prefix, line string) {
		switch {
		case lines < maxDiffLines:
			b.WriteString(prefix + line + "\n")
		case lines == maxDiffLines:
			b.WriteString("... (diff truncated)\n")
		}
		lines++
	}
	for i := start; i < pre; i++ {
		emit(" ", w[i])
	}
	for i := pre; i < len(w)-suf; i++ {
		emit("-", w[i])
	}
	for i := pre; i < len(g)-suf; i++ {
		emit("+", g[i])
	}
	for i := len(w) - suf; i < min(len(w)-suf+context, len(w)); i++ {
		emit(" ", w[i])
	}
	if want != "" && got != "" && strings.HasSuffix(want, "\n") != strings.HasSuffix(got, "\n") {
		b.WriteString("(the files differ in their final newline)\n")
	}
	return b.String()
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
