package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/render"
)

// app is what every command shares: its streams and environment.
type app struct {
	stdout, stderr io.Writer
	environ        []string
}

func (a *app) renderer() *render.Renderer {
	return &render.Renderer{Embedded: aigw.Files}
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "aigw",
		Short: "Render a production AI gateway (LiteLLM on EKS) from one aigateway.yaml",
		Long: `aigw expands one aigateway.yaml into every Kubernetes object of one environment of an
AI gateway on AWS EKS: LiteLLM (API and Admin releases), Crossplane composites for Aurora
PostgreSQL, Valkey, WAF and DNS, Gateway API routes on the AWS Load Balancer Controller,
a Karpenter Graviton node pool and External Secrets. It runs as a CLI and as an Argo CD
config management plugin (aigw generate).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newRenderCmd(a),
		newGenerateCmd(a),
		newValidateCmd(a),
		newSchemaCmd(a),
		newParametersCmd(a),
		newVersionCmd(a),
		newAppsetCmd(a),
		newDiffCmd(a),
		newPromoteCmd(a),
	)
	return root
}
