// Command aigw renders an AIGateway spec (aigateway.yaml) into the
// Kubernetes objects of one environment, as a CLI and as an Argo CD config
// management plugin. The commands are thin: the work is in internal/render.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/aigw-dev/aigw/cmd/aigw/internal/gcstart"
)

// cancelGrace is how long aigw waits, after SIGTERM or SIGINT, for the work
// to notice the cancellation before it exits anyway. Argo CD's cmp-server
// sends SIGTERM when a generate call times out.
const cancelGrace = 2 * time.Second

// exitInterrupted is the exit status after a signal (128 + SIGINT, as a
// shell reports it).
const exitInterrupted = 130

func main() {
	gcstart.Done()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := untilSignal(ctx, stop, os.Stderr, cancelGrace, func(ctx context.Context) int {
		return run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Environ())
	})
	os.Exit(code)
}

// untilSignal runs f and returns its exit code. When ctx ends (a signal),
// the signal handler is removed, so that a second signal kills the process
// at once, and untilSignal returns at most grace later even if f, busy in a
// stage that cannot be cancelled, has not returned.
func untilSignal(ctx context.Context, stop func(), stderr io.Writer, grace time.Duration, f func(context.Context) int) int {
	done := make(chan int, 1)
	go func() { done <- f(ctx) }()
	select {
	case code := <-done:
		stop()
		return code
	case <-ctx.Done():
	}
	stop()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case code := <-done:
		return code
	case <-timer.C:
		fmt.Fprintln(stderr, "aigw: interrupted; nothing was written")
		return exitInterrupted
	}
}

// run executes the CLI and returns the exit code. On error nothing is written
// to stdout: Argo CD would prune everything on an empty but successful output.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, environ []string) int {
	cmd := newRoot(&app{stdout: stdout, stderr: stderr, environ: environ})
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	if err := cmd.ExecuteContext(ctx); err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			fmt.Fprintln(stderr, "aigw: interrupted; nothing was written")
			return exitInterrupted
		}
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		return exitCode(err)
	}
	return 0
}
