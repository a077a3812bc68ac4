package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// samplePreview is the pull-request number validate --all-envs renders the
// preview with.
const samplePreview = "1"

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
			targets := []resolve.Options{{Environment: env, Preview: preview}}
			if all {
				targets = targets[:0]
				for _, e := range doc.Environments() {
					targets = append(targets, resolve.Options{Environment: e})
				}
				// With previews, --all-envs also renders one (any number
				// stands for every pull request).
				if doc.Gateway.Spec.Previews != nil {
					targets = append(targets, resolve.Options{Preview: samplePreview})
				}
			}
			r := a.renderer()
			var (
				errs []error
				out  bytes.Buffer // written only when every target is valid
			)
			for _, t := range targets {
				res, err := r.RenderDocument(cmd.Context(), doc, root.FS(), render.Options{Resolve: t})
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if t.Preview != "" {
					fmt.Fprintf(&out, "%s: preview %s of environment %s is valid (%d objects)\n", doc.File, t.Preview, res.Gateway.Environment.Name, len(res.Objects))
					continue
				}
				fmt.Fprintf(&out, "%s: environment %s is valid (%d objects)\n", doc.File, t.Environment, len(res.Objects))
			}
			if err := errors.Join(errs...); err != nil {
				return err
			}
			_, err = out.WriteTo(a.stdout)
			return err
		},
	}
	cmd.Flags().StringVarP(&env, "env", "e", "", "environment to validate")
	cmd.Flags().BoolVar(&all, "all-envs", false, "validate every environment (and a preview, when the spec has previews)")
	cmd.Flags().StringVar(&preview, "preview", "", "validate the preview of this pull request number (derived from spec.previews.from)")
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvironments)
	return cmd
}
