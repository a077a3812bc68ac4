package main

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/diff"
)

// reportFormats are the values of --output of aigw diff and promote.
func reportFormats() []string { return []string{"text", "markdown", "json"} }

// addReportOutputFlag defines --output (-o) of aigw diff and promote, with its
// completion.
func addReportOutputFlag(cmd *cobra.Command, output *string) {
	cmd.Flags().StringVarP(output, "output", "o", "text", "output format: text, markdown or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(reportFormats(), cobra.ShellCompDirectiveNoFileComp))
}

// checkReportOutput checks the value of --output of aigw diff and promote.
func checkReportOutput(output string) error {
	if !slices.Contains(reportFormats(), output) {
		return fmt.Errorf("--output must be text, markdown or json, not %q", output)
	}
	return nil
}

// report is the result of aigw diff or promote.
type report interface {
	Text(w io.Writer, opts diff.TextOptions) error
	JSON(w io.Writer) error
}

// writeReport writes r to stdout in the format output (markdown writes its
// Markdown form), only once it is complete: nothing is written on an error.
func (a *app) writeReport(output string, r report, markdown func(io.Writer) error) error {
	var b bytes.Buffer
	var err error
	switch output {
	case "markdown":
		err = markdown(&b)
	case "json":
		err = r.JSON(&b)
	default:
		err = r.Text(&b, diff.TextOptions{Color: a.color()})
	}
	if err != nil {
		return err
	}
	_, err = b.WriteTo(a.stdout)
	return err
}
