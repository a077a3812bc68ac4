package main

import (
	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/resolve"
	"github.com/aigw-dev/aigw/plugin"
)

func newGenerateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "generate",
		Short: "Argo CD plugin entry point: render the current folder from the CMP environment",
		Long: `generate is what Argo CD's repo-server runs in the aigw sidecar (plugin.yaml). The
working directory is the application folder; the environment comes from the Application's
"environment" parameter (ARGOCD_APP_PARAMETERS), else from its plugin env AIGW_ENVIRONMENT
(ARGOCD_ENV_AIGW_ENVIRONMENT). The "preview" parameter (or AIGW_PREVIEW), a pull-request
number, renders the preview of that pull request, derived from spec.previews.from, into
<name>-pr-<number>. The namespace defaults to ARGOCD_APP_NAMESPACE;
KUBE_VERSION and KUBE_API_VERSIONS become Helm capabilities.`,
		Example: `  ARGOCD_APP_PARAMETERS='[{"name":"environment","string":"dev"}]' aigw generate`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req, err := plugin.FromEnviron(a.environ)
			if err != nil {
				return err
			}
			res, err := a.renderer().Render(cmd.Context(), render.Options{
				Dir: ".",
				Resolve: resolve.Options{
					Environment:      req.Environment,
					Namespace:        req.Namespace,
					DefaultNamespace: req.AppNamespace,
					Preview:          req.Preview,
				},
				Capabilities: component.Capabilities{KubeVersion: req.KubeVersion, APIVersions: req.APIVersions},
			})
			if err != nil {
				return err
			}
			return a.write(res, "yaml")
		},
	}
}
