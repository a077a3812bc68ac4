package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/argocd"
	"github.com/aigw-dev/aigw/internal/gitrepo"
	"github.com/aigw-dev/aigw/internal/render"
)

func newAppsetCmd(a *app) *cobra.Command {
	var opts argocd.Options
	cmd := &cobra.Command{
		Use:   "appset [PATH] [--repo URL]",
		Short: "Print the Argo CD Applications and the pull-request preview ApplicationSet of a gateway",
		Long: `appset prints the Argo CD objects that deploy the gateway in PATH:

  - one Application per environment, named <gateway>-<environment>, tracking the environment's
    branch (spec.environments.<name>.branch, default env/<name>) with the aigw plugin and its
    environment parameter; promotion is a merge into that branch (see aigw promote);
  - with spec.previews: an ApplicationSet whose pull-request generator creates one preview
    Application per open pull request into the branch of spec.previews.from, tracking the
    pull request's head commit with the plugin parameter preview=<number>, in the namespace
    <gateway>-pr-<number>, confined by the AppProject <gateway>-previews.

The repository URL defaults to the folder's origin remote, and the application path to the
folder's path in its git work tree.`,
		Example: `  aigw appset examples/ai-gateway --repo https://github.com/example/gateways.git | kubectl apply -f -
  aigw appset . --scm gitlab --scm-token-secret gitlab-token`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dirArg(args)
			doc, root, err := render.Load(dir, dir)
			if err != nil {
				return err
			}
			root.Close()
			if opts.RepoURL == "" || opts.Path == "" {
				repo, err := gitrepo.Open(cmd.Context(), dir)
				if err != nil {
					return fmt.Errorf("%w (or pass --repo and --path)", err)
				}
				if opts.Path == "" {
					opts.Path = repo.Path()
				}
				if opts.RepoURL == "" {
					if opts.RepoURL, err = repo.RemoteURL(cmd.Context(), "origin"); err != nil {
						return fmt.Errorf("%w; pass --repo URL", err)
					}
				}
			}
			objs, err := argocd.Build(doc, opts)
			if err != nil {
				return err
			}
			b, err := argocd.Encode(objs)
			if err != nil {
				return err
			}
			_, err = bytes.NewReader(b).WriteTo(a.stdout)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.RepoURL, "repo", "", "git repository URL Argo CD reads (default: the origin remote)")
	f.StringVar(&opts.Path, "path", "", "application folder in the repository (default: PATH's path in its git work tree)")
	f.StringVar(&opts.SCM, "scm", argocd.SCMGitHub, "pull-request provider of previews: "+strings.Join(argocd.SCMProviders(), ", "))
	f.StringVar(&opts.TokenSecret, "scm-token-secret", "", "Secret in Argo CD's namespace whose key token authenticates the pull-request generator")
	f.StringArrayVar(&opts.PreviewLabels, "preview-label", nil, "preview only pull requests with this label (repeatable)")
	f.StringVar(&opts.Project, "project", argocd.DefaultProject, "Argo CD project of the environment Applications")
	f.StringVar(&opts.Namespace, "argocd-namespace", argocd.DefaultNamespace, "namespace of Argo CD")
	_ = cmd.RegisterFlagCompletionFunc("scm", cobra.FixedCompletions(argocd.SCMProviders(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
