package plugin_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Refresh storm parameters. After a commit every Application of the
// repository misses the manifest cache at once, and the application
// controller refreshes them with its status processors (20 by default), each
// waiting on a GenerateManifest call through the repo-server to the aigw
// sidecar.
const (
	stormCalls = 200
	// stormConcurrency is the default number of calls in flight; override
	// with AIGW_STORM_CONCURRENCY.
	stormConcurrency = 20
)

// BenchmarkCMPServerStorm sends stormCalls GenerateManifest calls for the
// example's environments through Argo CD's cmp-server serving plugin.yaml
// (the same harness as TestCMPServer), stormConcurrency at a time. It reports
// calls per second and the memory of the aigw processes the cmp-server
// starts: the peak RSS of one process (VmHWM, which counts the binary's
// mapped pages), and the peak, over time, of the anonymous (private) memory
// of all the aigw processes running at once, which is what the sidecar's
// memory limit must hold on top of one copy of the binary.
//
//	go test ./plugin -run '^$' -bench CMPServerStorm -benchtime 1x
func BenchmarkCMPServerStorm(b *testing.B) {
	concurrency := stormConcurrency
	if s := os.Getenv("AIGW_STORM_CONCURRENCY"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("AIGW_STORM_CONCURRENCY=%q: want a positive number", s)
		}
		concurrency = n
	}
	root := moduleRoot(b)
	// Build aigw as it ships: static (see bench/run.sh).
	b.Setenv("CGO_ENABLED", "0")
	bin := buildAIGW(b, root)
	startCMPServer(b, root, bin)
	repo := writeRepo(b, root)
	var apps []string
	for _, env := range []string{"dev", "staging", "prod"} {
		apps = append(apps, application("gateways/ai-gateway", "ai-gateway-"+env, fmt.Sprintf("{name: aigw, parameters: [{name: environment, string: %s}]}", env)))
	}
	// One call outside the measurement: the cmp-server and the page cache
	// are warm, as in a running sidecar.
	if _, _, err := generateManifests(b.Context(), b, repo, parseApplication(b, apps[0])); err != nil {
		b.Fatalf("GenerateManifest: %v", err)
	}

	mon := startProcMonitor("aigw")
	var elapsed time.Duration
	for b.Loop() {
		start := time.Now()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= stormCalls {
						return
					}
					objs, _, err := generateManifests(b.Context(), b, repo, parseApplication(b, apps[i%len(apps)]))
					if err != nil {
						b.Errorf("call %d: GenerateManifest: %v", i, err)
						return
					}
					if len(objs) == 0 {
						b.Errorf("call %d: no objects", i)
						return
					}
				}
			}()
		}
		wg.Wait()
		elapsed += time.Since(start)
	}
	peak := mon.stop()
	b.ReportMetric(float64(stormCalls*b.N)/elapsed.Seconds(), "calls/s")
	b.ReportMetric(float64(peak.hwm)/1024, "peak-RSS-MiB/proc")
	b.ReportMetric(float64(peak.anonSum)/1024, "peak-anon-MiB/all")
	b.ReportMetric(float64(peak.procs), "peak-procs")
	b.ReportMetric(0, "ns/op")
}

// procPeak is what a procMonitor saw, in KiB.
type procPeak struct {
	// hwm is the largest VmHWM (peak RSS) of one process.
	hwm int64
	// anonSum is the largest sum of RssAnon over the processes alive at
	// one sample.
	anonSum int64
	// procs is the largest number of processes alive at one sample.
	procs int
}

// procMonitor samples, every millisecond, the children of this process whose
// command is name (the cmp-server runs the plugin's commands directly, so
// they are children of the test process).
type procMonitor struct {
	name string
	done chan struct{}
	out  chan procPeak
}

func startProcMonitor(name string) *procMonitor {
	m := &procMonitor{name: name, done: make(chan struct{}), out: make(chan procPeak)}
	go m.run()
	return m
}

func (m *procMonitor) stop() procPeak {
	close(m.done)
	return <-m.out
}

func (m *procMonitor) run() {
	var peak procPeak
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-m.done:
			m.out <- peak
			return
		case <-tick.C:
		}
		var anon int64
		procs := 0
		for _, pid := range children() {
			st, ok := procStatus(pid)
			if !ok || st["Name"] != m.name {
				continue
			}
			procs++
			anon += kib(st["RssAnon"])
			peak.hwm = max(peak.hwm, kib(st["VmHWM"]))
		}
		peak.anonSum = max(peak.anonSum, anon)
		peak.procs = max(peak.procs, procs)
	}
}

// children lists the child processes of every thread of this process.
func children() []string {
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	var pids []string
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		pids = append(pids, strings.Fields(string(b))...)
	}
	return pids
}

// procStatus reads /proc/<pid>/status as key/value pairs.
func procStatus(pid string) (map[string]string, bool) {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return nil, false
	}
	st := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
			st[k] = strings.TrimSpace(v)
		}
	}
	return st, true
}

// kib parses a /proc size such as "1234 kB".
func kib(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSuffix(s, " kB"), 10, 64)
	return n
}
