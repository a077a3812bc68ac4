package main

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/diff"
)

// exitError is an error with its own process exit code: aigw diff and
// promote exit 1 when there are changes (or a guard fails), which is not an
// error and prints nothing on stderr, and 2 on errors.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// ExitCode is the process exit code.
func (e *exitError) ExitCode() int { return e.code }

// exitCode maps an error returned by a command to the process exit code:
// the code an error in its chain asks for, else 1.
func exitCode(err error) int {
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

// Exit codes of aigw diff and aigw promote.
const (
	exitChanges = 1
	exitFailure = 2
)

// errorsExit2 makes every error of a command exit 2, including flag and
// argument errors, which cobra reports before RunE.
func errorsExit2(cmd *cobra.Command, args cobra.PositionalArgs) {
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{exitFailure, err} })
	cmd.Args = func(c *cobra.Command, a []string) error {
		if err := args(c, a); err != nil {
			return &exitError{exitFailure, err}
		}
		return nil
	}
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, a []string) error {
		err := run(c, a)
		var ec interface{ ExitCode() int }
		if err != nil && !errors.As(err, &ec) {
			return &exitError{exitFailure, err}
		}
		return err
	}
}

func newDiffCmd(a *app) *cobra.Command {
	var env, base, head, output string
	cmd := &cobra.Command{
		Use:   "diff [PATH] --env NAME --base REF [--head REF] [-o text|markdown|json]",
		Short: "Compare one environment's objects at two git revisions (head: the working tree)",
		Long: `diff renders one environment at two git revisions of the application folder (or at a
revision and the working tree) and prints what changes, object by object and field by field.
It starts with a DANGER section: every deletion or replacement of a stateful resource
(namespace, database, cache, DNS zone, volume, anything kept with Prune=false or Delete=false),
every weakened protection, and every change to an immutable field.

Revisions are read with the git CLI (git must be on PATH); a shallow CI clone works when both
revisions are fetched. A branch name that is not found is also tried as origin/<name>.

Exit status: 0 no change, 1 changes (the diff is printed), 2 error.`,
		Example: `  aigw diff examples/ai-gateway --env dev --base main
  aigw diff . --env prod --base origin/env/prod --head HEAD -o markdown > comment.md
  aigw diff . --env staging --base v1.2.0 -o json | jq .danger`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dirArg(args)
			if env == "" || base == "" {
				return errors.New("pass --env NAME and --base REF")
			}
			if err := checkReportOutput(output); err != nil {
				return err
			}
			r, err := diff.Run(cmd.Context(), diff.Options{Renderer: a.renderer(), Dir: dir, Environment: env, Base: base, Head: head})
			if err != nil {
				return err
			}
			markdown := func(w io.Writer) error { return r.Markdown(w, diff.MarkdownOptions{}) }
			if err := a.writeReport(output, r, markdown); err != nil {
				return err
			}
			if r.HasChanges() {
				return &exitError{code: exitChanges}
			}
			return nil
		},
	}
	errorsExit2(cmd, cobra.MaximumNArgs(1))
	cmd.Flags().StringVarP(&env, "env", "e", "", "environment to render at both revisions")
	cmd.Flags().StringVar(&base, "base", "", "base git revision (branch, tag, commit)")
	cmd.Flags().StringVar(&head, "head", "", "head git revision (default: the working tree)")
	addReportOutputFlag(cmd, &output)
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvironments)
	return cmd
}

func dirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

// color reports whether stdout is a terminal that wants colour: a character
// device, NO_COLOR unset and TERM not dumb.
func (a *app) color() bool {
	for _, kv := range a.environ {
		k, v, _ := strings.Cut(kv, "=")
		if (k == "NO_COLOR" && v != "") || (k == "TERM" && v == "dumb") {
			return false
		}
	}
	return isTerminal(a.stdout)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
