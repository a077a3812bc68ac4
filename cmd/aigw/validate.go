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
		env, preview string
		all          bool
	)
	cmd := &cobra.Command{
		Use:   "validate [PATH] --env NAME | --all-envs | --preview N",
		Short: "Check a spec without a cluster (decode, validate and render)",
		Example: `  aigw validate examples/ai-gateway --all-envs
  aigw validate . --env prod
  aigw validate . --preview 42`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			switch {
			case all && (env != "" || preview != ""):
				return errors.New("--all-envs validates every environment: pass it without --env and --preview")
			case !all && env == "" && preview == "":
				return errors.New("pass exactly one of --env NAME, --all-envs or --preview N")
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
				res, err := r.RenderDocument(cmd.Context(), doc, root.FS(), render.Options{Resolve: resolve.Options{Environment: e, Preview: preview}})
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if preview != "" {
					fmt.Fprintf(a.stdout, "%s: preview %s of environment %s is valid (%d objects)\n", doc.File, preview, res.Gateway.Environment.Name, len(res.Objects))
					continue
				}
				fmt.Fprintf(a.stdout, "%s: environment %s is valid (%d objects)\n", doc.File, e, len(res.Objects))
			}
			return errors.Join(errs...)
		},
	}
	cmd.Flags().StringVarP(&env, "env", "e", "", "environment to validate")
	cmd.Flags().BoolVar(&all, "all-envs", false, "validate every environment")
	cmd.Flags().StringVar(&preview, "preview", "", "validate the preview of this pull request number (derived from spec.previews.from)")
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvironments)
	return cmd
}
