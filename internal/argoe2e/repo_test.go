package argoe2e_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// devNamespace is the namespace the served spec gives dev, the previews'
// source (spec.environments.dev.namespace): not the default <name>-dev, so
// the previews must find dev's Gateway where the spec puts it.
const devNamespace = "ai-dev"

// gitRepo builds the repository, the example with dev moved to
// devNamespace, and serves it; it returns the URL.
func (h *harness) gitRepo(t *testing.T, logs string) string {
	t.Helper()
	work := filepath.Join(h.tmp, "work")
	dst := filepath.Join(work, "examples", "ai-gateway")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile(filepath.Join(h.root, "examples", "ai-gateway", "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const dev = "\n  environments:\n    dev:\n"
	if !bytes.Contains(spec, []byte(dev)) {
		t.Fatalf("the example has no %q", dev)
	}
	spec = bytes.Replace(spec, []byte(dev), []byte(dev+"      namespace: "+devNamespace+"\n"), 1)
	if err := os.WriteFile(filepath.Join(dst, "aigateway.yaml"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, work, "git", "init", "-q", "-b", "main")
	run(t, work, "git", "add", ".")
	run(t, work, "git", "commit", "-q", "-m", "example gateway")
	for _, env := range []string{"dev", "staging", "prod"} {
		run(t, work, "git", "branch", "env/"+env)
	}
	served := filepath.Join(h.tmp, "served")
	run(t, h.tmp, "git", "clone", "-q", "--bare", work, filepath.Join(served, "aigw", "gateways.git"))
	port := freePort(t)
	d := start(t, logs, "git-daemon", nil, 1, "git", "daemon", "--reuseaddr", "--export-all", "--base-path="+served,
		"--listen=127.0.0.1", "--port="+strconv.Itoa(port), served)
	h.procs = append(h.procs, d)
	waitPort(t, d, port)
	run(t, work, "git", "remote", "add", "origin", fmt.Sprintf("git://127.0.0.1:%d/aigw/gateways.git", port))
	return fmt.Sprintf("git://127.0.0.1:%d/aigw/gateways.git", port)
}

// commit replaces old by new in the example's spec on the branch, pushes
// it to the served repository and returns the commit.
func (h *harness) commit(t *testing.T, branch, old, replacement string) string {
	t.Helper()
	work := filepath.Join(h.tmp, "work")
	run(t, work, "git", "checkout", "-q", branch)
	spec := filepath.Join(work, "examples", "ai-gateway", "aigateway.yaml")
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("the example has no %q to change", old)
	}
	if err := os.WriteFile(spec, bytes.Replace(data, []byte(old), []byte(replacement), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, work, "git", "commit", "-q", "-am", "change "+branch)
	run(t, work, "git", "push", "-q", filepath.Join(h.tmp, "served", "aigw", "gateways.git"), branch)
	return h.head(t, branch)
}

// head returns the commit the branch points at.
func (h *harness) head(t *testing.T, branch string) string {
	t.Helper()
	return strings.TrimSpace(run(t, filepath.Join(h.tmp, "work"), "git", "rev-parse", branch))
}
