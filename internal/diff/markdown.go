package diff

import (
	"fmt"
	"io"
	"strings"

	"sigs.k8s.io/yaml"
)

// Markdown limits. GitHub refuses comments over 65,536 characters; the
// default limit leaves room for a workflow's own wrapping.
const (
	// DefaultMarkdownLimit is the default size limit of Markdown output, in bytes
	// (a byte count bounds the character count).
	DefaultMarkdownLimit = 60000
	// maxSection bounds the body of one object's section.
	maxSection = 12000
	// footerReserve is kept free for the "not shown" summary.
	footerReserve = 4000
)

// MarkdownOptions configure Markdown.
type MarkdownOptions struct {
	// Limit is the maximum size of the output in bytes; 0 means
	// DefaultMarkdownLimit.
	Limit int
}

// Marker starts every Markdown report, so that a CI job can find and
// update its earlier comment for the same environment.
func Marker(env string) string { return "<!-- aigw-diff:" + env + " -->" }

// Markdown writes the report as a pull-request comment: a summary, the
// danger section, and one collapsible section per object. When everything
// does not fit in the limit, the objects that are left out are summarised
// (danger first, so the danger section and its objects are never cut
// before anything else).
func (r *Report) Markdown(w io.Writer, opts MarkdownOptions) error {
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultMarkdownLimit
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n### aigw diff: environment `%s`\n\n", Marker(r.Environment), r.Environment)
	fmt.Fprintf(&b, "%s → %s", code(r.Base), code(r.Head))
	if !r.HasChanges() {
		fmt.Fprintf(&b, ": **no changes** (%d objects).\n", r.Summary.Unchanged)
		r.writeNotes(&b)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, ": **%s**\n", r.summaryLine())
	r.writeNotes(&b)
	if len(r.Danger) > 0 {
		r.writeDanger(&b, limit/3)
	}
	b.WriteString("\n")
	shown := 0
	for _, o := range r.Objects {
		section, err := objectSection(o)
		if err != nil {
			return err
		}
		if b.Len()+len(section) > limit-footerReserve {
			break
		}
		b.WriteString(section)
		shown++
	}
	if rest := r.Objects[shown:]; len(rest) > 0 {
		writeCut(&b, rest, limit)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) writeNotes(b *strings.Builder) {
	for _, n := range r.Notes {
		fmt.Fprintf(b, "\n> [!NOTE]\n> %s\n", escapeLine(n))
	}
}

// writeDanger writes the danger section, within budget bytes.
func (r *Report) writeDanger(b *strings.Builder, budget int) {
	start := b.Len()
	fmt.Fprintf(b, "\n> [!CAUTION]\n> **Danger: %d finding(s).** Deleting or replacing these destroys data, or the sync fails. Review them before merging.\n>\n", len(r.Danger))
	for i, d := range r.Danger {
		item := fmt.Sprintf("> - **%s** %s: %s\n", d.Kind, code(d.Ref.String()), escapeLine(d.Message))
		if b.Len()-start+len(item) > budget {
			fmt.Fprintf(b, "> - … and %d more (see the JSON output: `aigw diff -o json`)\n", len(r.Danger)-i)
			return
		}
		b.WriteString(item)
	}
}

// objectSection is one object's collapsible section.
func objectSection(o ObjectDiff) (string, error) {
	var body []string
	lang := "diff"
	var summary string
	switch o.Action {
	case Removed:
		summary = "removed"
		body = []string{"- " + o.Ref.String()}
	case Added:
		summary = "added"
		lang = "yaml"
		y, err := yaml.Marshal(o.Object)
		if err != nil {
			return "", fmt.Errorf("encoding %s: %w", o.Ref, err)
		}
		body = strings.Split(strings.TrimSuffix(string(y), "\n"), "\n")
	case Changed:
		summary = fmt.Sprintf("changed, %d field(s)", len(o.Changes))
		for _, c := range o.Changes {
			body = append(body, markdownChange(c)...)
		}
	}
	if o.Danger {
		summary = "⚠️ " + summary
	}
	body = capLines(body, maxSection)
	text := strings.Join(body, "\n")
	fence := fenceFor(text)
	return fmt.Sprintf("<details><summary><b>%s</b> <code>%s</code></summary>\n\n%s%s\n%s\n%s\n\n</details>\n",
		htmlText.Replace(summary), htmlText.Replace(o.Ref.String()), fence, lang, text, fence), nil
}

// markdownChange is one field change in a diff code block.
func markdownChange(c Change) []string {
	out := []string{"@@ " + c.Path + " @@"}
	if s, ok := oneLine(c); ok {
		switch c.Op {
		case OpAdded:
			return append(out, "+ "+s)
		case OpRemoved:
			return append(out, "- "+s)
		}
		o, _ := inline(c.Old)
		n, _ := inline(c.New)
		return append(out, "- "+o, "+ "+n)
	}
	for _, l := range changeLines(c) {
		switch l.op {
		case '~':
			out = append(out, "  …")
		default:
			out = append(out, string(l.op)+" "+l.text)
		}
	}
	return out
}

// capLines keeps whole lines up to max bytes and says how many it cut.
func capLines(lines []string, max int) []string {
	n := 0
	for i, l := range lines {
		n += len(l) + 1
		if n > max {
			return append(lines[:i:i], fmt.Sprintf("… %d more line(s) cut; run aigw diff locally to see them", len(lines)-i))
		}
	}
	return lines
}

// writeCut summarises the objects that did not fit.
func writeCut(b *strings.Builder, rest []ObjectDiff, limit int) {
	counts := map[Action]int{}
	for _, o := range rest {
		counts[o.Action]++
	}
	fmt.Fprintf(b, "\n**Cut to stay under GitHub's comment limit:** %d more object(s) not shown (%d changed, %d added, %d removed). Run `aigw diff` locally, or use `-o json`, to see everything.\n\n",
		len(rest), counts[Changed], counts[Added], counts[Removed])
	for i, o := range rest {
		item := fmt.Sprintf("- %s %s\n", o.Action, code(o.Ref.String()))
		if b.Len()+len(item)+100 > limit {
			fmt.Fprintf(b, "- … and %d more\n", len(rest)-i)
			return
		}
		b.WriteString(item)
	}
}

// code formats s as inline code, with a fence longer than any run of
// backticks in s.
func code(s string) string {
	f := "`"
	for strings.Contains(s, f) {
		f += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return f + " " + s + " " + f
	}
	return f + s + f
}

// fenceFor returns a code fence longer than any run of backticks in text.
func fenceFor(text string) string {
	f := "```"
	for strings.Contains(text, f) {
		f += "`"
	}
	return f
}

// htmlText escapes what GitHub would read as HTML.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeLine keeps a message on one Markdown line and out of HTML.
func escapeLine(s string) string {
	return htmlText.Replace(strings.ReplaceAll(s, "\n", " "))
}
