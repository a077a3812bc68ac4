package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/promote"
)

func newPromoteCmd(a *app) *cobra.Command {
	var (
		from, to, output string
		allow            []string
	)
	cmd := &cobra.Command{
		Use:   "promote [PATH] --from ENV --to ENV [--allow GUARD]...",
		Short: "Check what merging one environment's branch into the next would change",
		Long: `promote checks a promotion in the branch-per-environment model: each environment's Argo CD
Application tracks its own branch (spec.environments.<name>.branch, default env/<name>), and
promoting is merging the --from environment's branch into the --to environment's branch. It
renders the --to environment at both branches (origin/<branch> first, then the local branch),
prints what the merge would change, and checks the guards:

  ` + guardHelp() + `

The production guardrails apply when the --to environment's tier is production. A failed
guard blocks the promotion (exit 1) unless --allow names it; an --allow overrides that guard
only.

Exit status: 0 every guard passes (or is allowed), 1 a guard failed, 2 error.`,
		Example: `  aigw promote . --from dev --to staging
  aigw promote gateways/ai --from staging --to prod -o markdown
  aigw promote . --from staging --to prod --allow cache-multi-az`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkReportOutput(output); err != nil {
				return err
			}
			if from == "" || to == "" {
				return errors.New("pass --from ENV and --to ENV")
			}
			r, err := promote.Run(cmd.Context(), promote.Options{Renderer: a.renderer(), Dir: dirArg(args), From: from, To: to, Allow: allow})
			if err != nil {
				return err
			}
			if err := a.writeReport(output, r, r.Markdown); err != nil {
				return err
			}
			if len(r.Blocked) > 0 {
				return &exitError{exitChanges, fmt.Errorf("promotion %s -> %s blocked by guard(s) %s; after review, override one by naming it: --allow %s",
					from, to, strings.Join(r.Blocked, ", "), r.Blocked[0])}
			}
			return nil
		},
	}
	errorsExit2(cmd, cobra.MaximumNArgs(1))
	cmd.Flags().StringVar(&from, "from", "", "source environment (its branch is merged)")
	cmd.Flags().StringVar(&to, "to", "", "target environment (its branch receives the merge)")
	cmd.Flags().StringArrayVar(&allow, "allow", nil, "accept a failed guard, by name (repeatable): "+strings.Join(promote.GuardNames(), ", ")+"; or "+promote.AllowDirty+" to promote with uncommitted changes in the work tree")
	addReportOutputFlag(cmd, &output)
	_ = cmd.RegisterFlagCompletionFunc("from", completeEnvironments)
	_ = cmd.RegisterFlagCompletionFunc("to", completeEnvironments)
	_ = cmd.RegisterFlagCompletionFunc("allow", cobra.FixedCompletions(append(promote.GuardNames(), promote.AllowDirty), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func guardHelp() string {
	var lines []string
	for _, g := range promote.Guards() {
		lines = append(lines, fmt.Sprintf("%-20s %s", g.Name, g.Description))
	}
	return strings.Join(lines, "\n  ")
}
