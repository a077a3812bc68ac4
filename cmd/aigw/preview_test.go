package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestPreviewCommands: render and validate take --preview, with or without
// the source environment's --env.
func TestPreviewCommands(t *testing.T) {
	const example = "../../examples/ai-gateway"
	cli := func(args ...string) (string, string, int) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr, nil)
		return stdout.String(), stderr.String(), code
	}
	alone, stderr, code := cli("render", example, "--preview", "42")
	if code != 0 {
		t.Fatalf("render --preview 42: exit %d: %s", code, stderr)
	}
	if !strings.Contains(alone, "name: ai-gateway-pr-42\n") || !strings.Contains(alone, "- api-pr-42.dev.ai.example.com\n") {
		t.Error("render --preview 42 is not the preview of pull request 42")
	}
	withEnv, _, _ := cli("render", example, "--env", "dev", "--preview", "42")
	if withEnv != alone {
		t.Error("--env dev --preview 42 differs from --preview 42 (previews derive from dev)")
	}
	out, stderr, code := cli("validate", example, "--preview", "42")
	if code != 0 || !strings.Contains(out, "preview 42 of environment dev is valid") {
		t.Errorf("validate --preview 42: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if _, stderr, code := cli("validate", example); code == 0 || !strings.Contains(stderr, "--preview N") {
		t.Errorf("validate without a selection: exit %d, stderr %q", code, stderr)
	}
}
