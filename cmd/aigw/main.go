// Command aigw renders an AIGateway spec (aigateway.yaml) into the
// Kubernetes objects of one environment, as a CLI and as an Argo CD config
// management plugin. The commands are thin: the work is in internal/render.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/aigw-dev/aigw/cmd/aigw/internal/gcstart"
)

func main() {
	gcstart.Done()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Environ())
	stop()
	os.Exit(code)
}

// run executes the CLI and returns the exit code. On error nothing is written
// to stdout: Argo CD would prune everything on an empty but successful output.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, environ []string) int {
	cmd := newRoot(&app{stdout: stdout, stderr: stderr, environ: environ})
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	if err := cmd.ExecuteContext(ctx); err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		return exitCode(err)
	}
	return 0
}
