package main

import (
	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw/internal/spec"
)

func newSchemaCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of aigateway.yaml (for editor completion)",
		Long: `schema prints the JSON Schema of aigateway.yaml, generated from aigw's Go types.
Save it and point the YAML language server at it with a modeline on the first line:

  # yaml-language-server: $schema=./aigateway.schema.json`,
		Example: `  aigw schema > aigateway.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b, err := spec.JSONSchema()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
}
