package diff

import (
	"fmt"
	"io"
	"strings"

	"sigs.k8s.io/yaml"
)

// TextOptions configure Text.
type TextOptions struct {
	// Color adds ANSI colours (for a terminal).
	Color bool
}

type palette struct{ red, green, yellow, cyan, bold, reset string }

func newPalette(color bool) palette {
	if !color {
		return palette{}
	}
	return palette{red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", bold: "\x1b[1m", reset: "\x1b[0m"}
}

// Text writes the report for a terminal.
func (r *Report) Text(w io.Writer, opts TextOptions) error {
	p := newPalette(opts.Color)
	var b strings.Builder
	fmt.Fprintf(&b, "%saigw diff: environment %s, %s -> %s%s\n", p.bold, r.Environment, r.Base, r.Head, p.reset)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if !r.HasChanges() {
		fmt.Fprintf(&b, "No changes (%d objects).\n", r.Summary.Unchanged)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%s\n", r.summaryLine())
	if len(r.Danger) > 0 {
		fmt.Fprintf(&b, "\n%s%sDANGER: %d finding(s)%s\n", p.bold, p.red, len(r.Danger), p.reset)
		for _, d := range r.Danger {
			fmt.Fprintf(&b, "  %s! %s%s %s: %s\n", p.red, d.Kind, p.reset, d.Ref, d.Message)
		}
	}
	for _, o := range r.Objects {
		b.WriteByte('\n')
		mark := ""
		if o.Danger {
			mark = "  " + p.red + "[danger]" + p.reset
		}
		switch o.Action {
		case Removed:
			fmt.Fprintf(&b, "%s- %s%s%s\n", p.red, o.Ref, p.reset, mark)
		case Added:
			fmt.Fprintf(&b, "%s+ %s%s%s\n", p.green, o.Ref, p.reset, mark)
			y, err := yaml.Marshal(o.Object)
			if err != nil {
				return fmt.Errorf("encoding %s: %w", o.Ref, err)
			}
			for _, l := range strings.Split(strings.TrimSuffix(string(y), "\n"), "\n") {
				fmt.Fprintf(&b, "    %s+ %s%s\n", p.green, l, p.reset)
			}
		case Changed:
			fmt.Fprintf(&b, "%s~ %s%s (%d field(s))%s\n", p.yellow, o.Ref, p.reset, len(o.Changes), mark)
			for _, c := range o.Changes {
				writeTextChange(&b, p, c)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTextChange(b *strings.Builder, p palette, c Change) {
	sym, col := "~", p.yellow
	switch c.Op {
	case OpAdded:
		sym, col = "+", p.green
	case OpRemoved:
		sym, col = "-", p.red
	}
	if s, ok := oneLine(c); ok {
		fmt.Fprintf(b, "    %s%s %s%s: %s\n", col, sym, c.Path, p.reset, s)
		return
	}
	fmt.Fprintf(b, "    %s%s %s%s:\n", col, sym, c.Path, p.reset)
	for _, l := range changeLines(c) {
		switch l.op {
		case '-':
			fmt.Fprintf(b, "        %s- %s%s\n", p.red, l.text, p.reset)
		case '+':
			fmt.Fprintf(b, "        %s+ %s%s\n", p.green, l.text, p.reset)
		case '~':
			fmt.Fprintf(b, "        %s...%s\n", p.cyan, p.reset)
		default:
			fmt.Fprintf(b, "          %s\n", l.text)
		}
	}
}

// summaryLine is "2 changed, 1 added, 1 removed (40 unchanged)".
func (r *Report) summaryLine() string {
	s := r.Summary
	line := fmt.Sprintf("%d changed, %d added, %d removed (%d unchanged)", s.Changed, s.Added, s.Removed, s.Unchanged)
	if s.Danger > 0 {
		line += fmt.Sprintf(", %d danger finding(s)", s.Danger)
	}
	return line
}
