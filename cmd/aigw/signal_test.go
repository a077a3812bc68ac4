package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestUntilSignal: after the signal, aigw returns even when the work is
// stuck in a stage that does not watch the context, and says so.
func TestUntilSignal(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stopped := false
	release := make(chan struct{})
	defer close(release)
	var stderr bytes.Buffer
	cancel()
	code := untilSignal(ctx, func() { stopped = true }, &stderr, 0, func(context.Context) int {
		<-release // stuck until the test ends
		return 0
	})
	if code != exitInterrupted || !stopped || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("code %d, handler removed %v, stderr %q", code, stopped, stderr.String())
	}
}

// TestCancelledRender: a render whose context is cancelled stops with the
// interrupted status and writes nothing to stdout.
func TestCancelledRender(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"render", filepath.Join("..", "..", "examples", "ai-gateway"), "--env", "dev"}, &stdout, &stderr, nil)
	if code != exitInterrupted || stdout.Len() != 0 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("code %d, %d bytes on stdout, stderr %q", code, stdout.Len(), stderr.String())
	}
}
