// Command apiserver starts the one kube-apiserver of a test run: .ci/test
// runs it before `go test ./...` and exports AIGW_KUBECONFIG, so that every
// package's kubetest.Shared uses this server instead of starting its own
// (and installing every CRD again).
//
//	apiserver -out FILE [-parent PID]
//
// It starts etcd and kube-apiserver (kubetest.Start, with the upstream CRDs
// of third_party/crds), writes the admin kubeconfig to FILE once they are
// ready, and runs until it receives SIGTERM or SIGINT or until the process
// PID is gone; then it stops the server and removes FILE. It is test
// support, like the kubetest package.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/aigw-dev/aigw/internal/kubetest"
)

func main() {
	kubeconfig := flag.String("out", "", "where to write the admin kubeconfig once the server is ready")
	parent := flag.Int("parent", 0, "stop when the process with this id is gone (0: never)")
	flag.Parse()
	if *kubeconfig == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: apiserver -out FILE [-parent PID]")
		os.Exit(2)
	}
	if err := run(*kubeconfig, *parent); err != nil {
		fmt.Fprintln(os.Stderr, "apiserver:", err)
		os.Exit(1)
	}
}

func run(kubeconfig string, parent int) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	srv, err := kubetest.Start(ctx, kubetest.Options{UpstreamCRDs: true})
	if err != nil {
		return err
	}
	defer srv.Stop()
	data, err := srv.KubeConfig()
	if err != nil {
		return err
	}
	// Written whole and renamed, so a reader never sees half a file.
	tmp := filepath.Join(filepath.Dir(kubeconfig), "."+filepath.Base(kubeconfig)+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, kubeconfig); err != nil {
		return err
	}
	defer os.Remove(kubeconfig)

	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if parent > 0 && !alive(parent) {
				return nil
			}
		}
	}
}

// alive reports whether a process with the id exists.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
