package litellm

import "strings"

// splitManifests splits a rendered template file into its YAML documents,
// in order, exactly as Helm's releaseutil.SplitManifests followed by its
// BySplitManifestsOrder sort: the file is trimmed, separated at every
// leftmost, non-overlapping match of `(?:^|\s*\n)---\s*`, empty pieces are
// skipped and the others trimmed. It scans the text once instead of running
// that expression through Go's backtracking matcher, which was a seventh of
// the builder's time.
func splitManifests(file string) []string {
	s := strings.TrimSpace(file)
	var docs []string
	add := func(piece string) {
		if piece != "" {
			docs = append(docs, strings.TrimSpace(piece))
		}
	}
	start, pos := 0, 0 // start of the current piece; where the next match may begin
	for {
		m, end := nextSeparator(s, pos)
		if m < 0 {
			break
		}
		add(s[start:m])
		start, pos = end, end
	}
	add(s[start:])
	return docs
}

// nextSeparator finds the leftmost match of `(?:^|\s*\n)---\s*` in s that
// begins at or after pos, and returns its bounds, or -1.
func nextSeparator(s string, pos int) (int, int) {
	m := -1
	if pos == 0 && strings.HasPrefix(s, "---") {
		m = 0
	} else if i := strings.Index(s[pos:], "\n---"); i >= 0 {
		nl := pos + i
		m = nl
		for m > pos && isRESpace(s[m-1]) {
			m--
		}
	}
	if m < 0 {
		return -1, -1
	}
	end := strings.Index(s[m:], "---") + m + len("---")
	for end < len(s) && isRESpace(s[end]) {
		end++
	}
	return m, end
}

// isRESpace is \s of Go's regexp syntax: [\t\n\f\r ].
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
