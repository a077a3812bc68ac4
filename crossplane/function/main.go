package main

import (
	"flag"
	"fmt"
	"os"

	function "github.com/crossplane/function-sdk-go"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "function-slots:", err)
		os.Exit(1)
	}
}

// run parses the flags Crossplane's function runtime passes and serves the
// function until the process is stopped.
func run(args []string) error {
	fs := flag.NewFlagSet("function-slots", flag.ContinueOnError)
	debug := fs.Bool("debug", false, "emit debug logs in addition to info logs")
	network := fs.String("network", "tcp", "network on which to listen for gRPC connections")
	address := fs.String("address", ":9443", "address at which to listen for gRPC connections")
	certs := fs.String("tls-server-certs-dir", os.Getenv("TLS_SERVER_CERTS_DIR"),
		"directory holding tls.crt, tls.key and the client CA ca.crt (env TLS_SERVER_CERTS_DIR)")
	insecure := fs.Bool("insecure", false, "serve without mTLS (local rendering only)")
	metrics := fs.String("metrics-address", "", "address of the Prometheus metrics endpoint; none when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log, err := function.NewLogger(*debug)
	if err != nil {
		return fmt.Errorf("creating the logger: %w", err)
	}
	err = function.Serve(&Function{log: log},
		function.Listen(*network, *address),
		function.MTLSCertificates(*certs),
		function.Insecure(*insecure),
		function.WithMetricsServer(*metrics))
	if err != nil {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}
