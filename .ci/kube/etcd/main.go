// Command etcd is the etcd server, built from the same module graph as the
// kube-apiserver so that the test harness needs nothing but the Go proxy.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
