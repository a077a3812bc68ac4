// Package gcstart keeps the garbage collector off while the packages linked
// into aigw initialise, and turns it on when main starts, at a percentage
// suited to a process that renders once and exits.
//
// Package initialisation allocates about 12 MB that all stays live
// (upstream API packages decode embedded CRDs and register schemes), so
// collecting during it only costs time: about a quarter of the CPU time of
// `aigw version` (docs/performance.md#what-was-fixed). Go initialises packages in
// import-path order as far as their dependencies allow (the Go spec,
// "Package initialization"), and this package's path sorts before the heavy
// ones, so its init runs first among them; `GODEBUG=inittrace=1 aigw
// version` shows the order.
//
// GOGC or GOMEMLIMIT in the environment leave the collector alone.
package gcstart

import (
	"os"
	"runtime/debug"
)

// initLimit is a soft memory limit while the collector is off: it collects
// anyway near it (a test binary of cmd/aigw never calls Done).
const initLimit = 64 << 20

// runPercent is GOGC for the rest of the run. aigw allocates about 30 MB
// per render while its live heap stays small; at 200 instead of Go's 100
// the collector runs half as often, which saves about a seventh of the CPU
// time of aigw generate for about 5 MiB more peak RSS (measured on the
// example; docs/performance.md#what-was-fixed).
const runPercent = 200

func init() {
	if tuned() {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(initLimit)
}

// runLimit is the soft memory limit of the run: far above a real render
// (about 80 MiB peak RSS), it makes the collector work harder instead of
// letting GOGC=runPercent triple the heap of the largest input aigw accepts,
// which keeps that input under 256 MiB (docs/input-limits.md).
const runLimit = 100 << 20

// Done turns the collector on for the run (GOGC=runPercent, soft limit
// runLimit); main calls it first.
func Done() {
	if tuned() {
		return
	}
	debug.SetGCPercent(runPercent)
	debug.SetMemoryLimit(runLimit)
}

func tuned() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }
