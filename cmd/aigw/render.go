package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/internal/spec"
)

type renderFlags struct {
	env, namespace, output, kubeVersion, preview string
	apiVersions                                  []string
}

func newRenderCmd(a *app) *cobra.Command {
	var f renderFlags
	cmd := &cobra.Command{
		Use:   "render [PATH] --env NAME | --preview N",
		Short: "Print every object of one environment (what Argo CD will apply)",
		Example: `  aigw render examples/ai-gateway --env dev
  aigw render ./gateways/ai-gateway --env prod -o json
  aigw render . --env staging --kube-version 1.34
  aigw render examples/ai-gateway --preview 42`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if f.env == "" && f.preview == "" {
				return fmt.Errorf(`required flag(s) "env" not set (or pass --preview N for the preview of pull request N)`)
			}
			if f.output != "yaml" && f.output != "json" {
				return fmt.Errorf("--output must be yaml or json, not %q", f.output)
			}
			res, err := a.renderer().Render(cmd.Context(), render.Options{
				Dir:          dir,
				DisplayDir:   dir,
				Resolve:      resolve.Options{Environment: f.env, Namespace: f.namespace, Preview: f.preview},
				Capabilities: component.Capabilities{KubeVersion: f.kubeVersion, APIVersions: f.apiVersions},
			})
			if err != nil {
				return err
			}
			return a.write(res, f.output)
		},
	}
	cmd.Flags().StringVarP(&f.env, "env", "e", "", "environment to render (a key of spec.environments)")
	cmd.Flags().StringVarP(&f.namespace, "namespace", "n", "", "namespace override (default: spec, else <name>-<environment>)")
	cmd.Flags().StringVar(&f.preview, "preview", "", "render the preview of this pull request number (derived from spec.previews.from, namespace <name>-pr-<N>)")
	cmd.Flags().StringVarP(&f.output, "output", "o", "yaml", "output format: yaml or json")
	cmd.Flags().StringVar(&f.kubeVersion, "kube-version", "", "Kubernetes version for Helm capabilities (default 1.34)")
	cmd.Flags().StringSliceVar(&f.apiVersions, "api-versions", nil, "extra API versions for Helm capabilities")
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvironments)
	return cmd
}

// write encodes the result completely before writing, so that an error never
// leaves partial output on stdout.
func (a *app) write(res *render.Result, format string) error {
	var (
		b   []byte
		err error
	)
	if format == "json" {
		b, err = res.JSON()
	} else {
		b, err = res.YAML()
	}
	if err != nil {
		return err
	}
	if len(b) > spec.MaxOutputBytes {
		return fmt.Errorf("the rendered output is %d MiB, more than the limit of %d MiB (docs/input-limits.md); nothing was written", len(b)>>20, spec.MaxOutputBytes>>20)
	}
	_, err = bytes.NewReader(b).WriteTo(a.stdout)
	return err
}

// completeEnvironments completes --env from the spec in the PATH argument.
func completeEnvironments(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	doc, root, err := render.Load(dir, dir)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	root.Close()
	var out []string
	for _, e := range doc.Environments() {
		if strings.HasPrefix(e, toComplete) {
			out = append(out, e)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
