package spec

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a spec, located by file, line, column and field path.
type Error struct {
	File   string
	Line   int
	Column int
	// Path is the field path in the document, for example
	// spec.environments.prod.database.instances or spec.litellm.models[0].name.
	Path string
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// List is several spec errors, sorted by position. Its message has one line
// per error, the first line being the first error.
type List []*Error

func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil for an empty list and the sorted list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		if l[i].Column != l[j].Column {
			return l[i].Column < l[j].Column
		}
		return l[i].Path < l[j].Path
	})
	return l
}

// Errors returns the individual spec errors wrapped in err (nil if none).
func Errors(err error) []*Error {
	var l List
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}
