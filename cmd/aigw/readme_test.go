package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readmeSample is the sample error the README shows: a misspelled field at a
// given line and column of the example gateway.
var readmeSample = regexp.MustCompile(`(?m)^examples/ai-gateway/aigateway\.yaml:(\d+):(\d+): (\S+): unknown field "(\w+)" \(did you mean "(\w+)"\?\)$`)

// TestREADMEErrorSample keeps the README's sample error true: the example,
// with the field at that line and column misspelled as the README says, must
// produce exactly that message (line numbers drift as the example grows).
func TestREADMEErrorSample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := readmeSample.FindStringSubmatch(string(readme))
	if m == nil {
		t.Fatal("README.md has no sample error for examples/ai-gateway/aigateway.yaml")
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	wrong, right := m[4], m[5]
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "ai-gateway", "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if line > len(lines) || !strings.HasPrefix(lines[line-1][col-1:], right+":") {
		t.Fatalf("README sample: line %d column %d of the example is not the field %q", line, col, right)
	}
	lines[line-1] = lines[line-1][:col-1] + wrong + lines[line-1][col-1+len(right):]
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "aigateway.yaml"), strings.Join(lines, "\n"))
	stdout, stderr, code := cli(t, "validate", dir, "--all-envs")
	if code == 0 || stdout != "" {
		t.Fatalf("validate: exit %d, stdout %q", code, stdout)
	}
	want := filepath.Join(dir, "aigateway.yaml") + strings.TrimPrefix(m[0], "examples/ai-gateway/aigateway.yaml")
	if strings.TrimSpace(stderr) != want {
		t.Errorf("validate says\n%s\nthe README says\n%s", strings.TrimSpace(stderr), want)
	}
}
