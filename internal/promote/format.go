package promote

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/aigw-dev/aigw/internal/diff"
)

// Text writes the report for a terminal: the guards, then the diff.
func (r *Report) Text(w io.Writer, opts diff.TextOptions) error {
	var b bytes.Buffer
	red, green, yellow, reset := "", "", "", ""
	if opts.Color {
		red, green, yellow, reset = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[0m"
	}
	fmt.Fprintf(&b, "aigw promote: %s -> %s (merging %s into %s)\n", r.From, r.To, r.FromBranch, r.ToBranch)
	if r.FirstPromotion != "" {
		fmt.Fprintf(&b, "%sFIRST PROMOTION%s into %s: %s; every object below is new.\n", yellow, reset, r.To, r.FirstPromotion)
	}
	if len(r.Dirty) > 0 {
		fmt.Fprintf(&b, "%sUncommitted changes%s (allowed by --allow dirty) are not part of the promotion: %s\n", yellow, reset, strings.Join(trimAll(r.Dirty), ", "))
	}
	b.WriteString("\nGuards:\n")
	for _, g := range r.Guards {
		col := ""
		switch g.Status {
		case Fail:
			col = red
		case Pass:
			col = green
		case Allowed:
			col = yellow
		}
		fmt.Fprintf(&b, "  %s%-8s%s %-20s %s\n", col, strings.ToUpper(string(g.Status)), reset, g.Guard, g.Detail)
	}
	if len(r.Blocked) > 0 {
		fmt.Fprintf(&b, "\n%sBLOCKED%s by %s. Override a guard only after review, by naming it: --allow %s\n", red, reset, strings.Join(r.Blocked, ", "), r.Blocked[0])
	}
	b.WriteString("\n")
	if err := r.Diff.Text(&b, opts); err != nil {
		return err
	}
	_, err := b.WriteTo(w)
	return err
}

// Markdown writes the report as a pull-request comment within
// diff.DefaultMarkdownLimit bytes: the guards as a table, then the diff.
func (r *Report) Markdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!-- aigw-promote:%s:%s -->\n### aigw promote: `%s` → `%s`\n\nMerging `%s` into `%s`.\n\n", r.From, r.To, r.From, r.To, r.FromBranch, r.ToBranch)
	if r.FirstPromotion != "" {
		fmt.Fprintf(&b, "> [!NOTE]\n> **First promotion** into `%s`: %s; every object below is new.\n\n", r.To, r.FirstPromotion)
	}
	if len(r.Blocked) > 0 {
		fmt.Fprintf(&b, "> [!CAUTION]\n> **Blocked** by %s. Override a guard only after review, by naming it: `aigw promote --allow %s`.\n\n", code(r.Blocked), r.Blocked[0])
	}
	b.WriteString("| guard | status | detail |\n|---|---|---|\n")
	for _, g := range r.Guards {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", g.Guard, statusCell(g.Status), strings.ReplaceAll(cell(g.Detail), "|", "\\|"))
	}
	b.WriteString("\n")
	if err := r.Diff.Markdown(&b, diff.MarkdownOptions{Limit: diff.DefaultMarkdownLimit - b.Len()}); err != nil {
		return err
	}
	_, err := b.WriteTo(w)
	return err
}

// JSON writes the report as indented JSON.
func (r *Report) JSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the report: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func statusCell(s Status) string {
	switch s {
	case Pass:
		return "✅ pass"
	case Fail:
		return "❌ **fail**"
	case Allowed:
		return "⚠️ allowed"
	}
	return "➖ skipped"
}

func code(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	return strings.Join(quoted, ", ")
}

var cellText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\n", " ")

func cell(s string) string { return cellText.Replace(s) }
