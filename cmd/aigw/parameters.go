package main

import (
	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/plugin"
)

func newParametersCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "parameters",
		Short: "Argo CD plugin dynamic parameters: announce the environments of ./aigateway.yaml",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			doc, root, err := render.Load(".", "")
			if err != nil {
				return err
			}
			root.Close()
			b, err := plugin.Announce(doc.Environments())
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}
