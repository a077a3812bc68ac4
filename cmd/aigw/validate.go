package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
)

func newValidateCmd(a *app) *cobra.Command {
	var (
		env string
		all bool
	)
	cmd := &cobra.Command{
		Use:   "validate [PATH] --env NAME | --all-envs",
		Short: "Check a spec without a cluster (decode, validate and render)",
		Example: `  aigw validate examples/ai-gateway --all-envs
  aigw validate . --env prod`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if (env == "") == !all {
				return errors.New("pass exactly one of --env NAME or --all-envs")
			}
			doc, root, err := render.Load(dir, dir)
			if err != nil {
				return err
			}
			defer root.Close()
			envs := []string{env}
			if all {
				envs = doc.Environments()
			}
			r := a.renderer()
			var errs []error
			for _, e := range envs {
				res, err := r.RenderDocument(cmd.Context(), doc, root.FS(), render.Options{Resolve: resolve.Options{Environment: e}})
				if err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(a.stdout, "%s: environment %s is valid (%d objects)\n", doc.File, e, len(res.Objects))
			}
			return errors.Join(errs...)
		},
	}
	cmd.Flags().StringVarP(&env, "env", "e", "", "environment to validate")
	cmd.Flags().BoolVar(&all, "all-envs", false, "validate every environment")
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvironments)
	return cmd
}
