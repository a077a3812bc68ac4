package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aigw-dev/aigw/internal/render"
	"github.com/aigw-dev/aigw/internal/spec"
)

// TestWorstAcceptedInput: the largest spec the limits admit renders, below
// the output limit (the limits are consistent with each other).
func TestWorstAcceptedInput(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "aigateway.yaml"), string(worstSpec()))
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"render", dir, "--env", "dev"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if n := stdout.Len(); n == 0 || n > spec.MaxOutputBytes {
		t.Errorf("output of %d bytes, want some and at most %d", n, spec.MaxOutputBytes)
	}
}

// TestOutputLimit: an output above the limit is an error and nothing is
// written.
func TestOutputLimit(t *testing.T) {
	big := strings.Repeat("x", spec.MaxOutputBytes)
	res := &render.Result{Objects: []map[string]any{{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "a"}, "data": map[string]any{"a": big}}}}
	var stdout bytes.Buffer
	err := (&app{stdout: &stdout}).write(res, "yaml")
	if err == nil || !strings.Contains(err.Error(), "more than the limit of 16 MiB") || stdout.Len() != 0 {
		t.Errorf("error %v, %d bytes written", err, stdout.Len())
	}
}

// BenchmarkWorstAcceptedInput renders worstSpec, the largest input
// the limits admit, with the aigw binary as it ships, and reports the peak
// RSS of the process (docs/input-limits.md quotes it):
//
//	go test ./cmd/aigw -run '^$' -bench WorstAcceptedInput -benchtime 5x
func BenchmarkWorstAcceptedInput(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "aigw")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "aigateway.yaml"), worstSpec(), 0o644); err != nil {
		b.Fatal(err)
	}
	var peak int64
	var out int
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, "render", dir, "--env", "dev")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("aigw render: %v\n%s", err, stderr.String())
		}
		out = stdout.Len()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
	}
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
	b.ReportMetric(float64(out)/(1<<20), "output-MiB")
}
