// Command argocd is the part of Argo CD v3.5.7 the end-to-end test runs:
// the repo-server, the CMP server and the application controller, chosen by
// the name it is called under (argv[0]), as in Argo CD's own image, where
// they are symlinks to one argocd binary. Only these three commands are
// linked in (no API server, UI, Dex, notifications or CLI), which keeps the
// cold build short; each is Argo CD's own command, unchanged.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	appcontroller "github.com/argoproj/argo-cd/v3/cmd/argocd-application-controller/commands"
	cmpserver "github.com/argoproj/argo-cd/v3/cmd/argocd-cmp-server/commands"
	reposerver "github.com/argoproj/argo-cd/v3/cmd/argocd-repo-server/commands"
	"github.com/argoproj/argo-cd/v3/common"
	"github.com/argoproj/argo-cd/v3/util/log"
	"github.com/spf13/cobra"
	"k8s.io/klog/v2"
)

func main() {
	// As Argo CD's main does: klog through Argo CD's logger. (Its main also
	// turns gRPC's SRV lookups off again, which grpclb turns on when it is
	// linked in; it is not linked here, so they stay off and Argo CD's
	// check of that workaround would panic.)
	klog.SetLogger(log.NewLogrusLogger(log.NewWithCurrentConfig()))

	var cmd *cobra.Command
	switch name := filepath.Base(os.Args[0]); name {
	case common.CommandRepoServer:
		cmd = reposerver.NewCommand()
	case common.CommandCMPServer:
		cmd = cmpserver.NewCommand()
	case common.CommandApplicationController:
		cmd = appcontroller.NewCommand()
	default:
		fmt.Fprintf(os.Stderr, "%s: call me as %s, %s or %s\n", name,
			common.CommandRepoServer, common.CommandCMPServer, common.CommandApplicationController)
		os.Exit(2)
	}
	if err := cmd.Execute(); err != nil {
		os.Exit(1)
	}
}
