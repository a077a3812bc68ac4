package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	example := filepath.Join("..", "..", "examples", "ai-gateway")
	broken := t.TempDir()
	spec, err := os.ReadFile(filepath.Join(example, "aigateway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// prod alone becomes invalid: one database instance is fine, zero is not.
	text := strings.Replace(string(spec), "        instances: 3\n", "        instances: 0\n", 1)
	if text == string(spec) {
		t.Fatal("the edit does not apply to the example")
	}
	writeFile(t, filepath.Join(broken, "aigateway.yaml"), text)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{
			name: "all environments and a preview", args: []string{"validate", example, "--all-envs"},
			wantOut: []string{"environment dev is valid", "environment prod is valid", "environment staging is valid", "preview 1 of environment dev is valid"},
		},
		{name: "one environment", args: []string{"validate", example, "--env", "staging"}, wantOut: []string{"environment staging is valid"}},
		{name: "a preview", args: []string{"validate", example, "--preview", "7"}, wantOut: []string{"preview 7 of environment dev is valid"}},
		{name: "one invalid environment fails the whole run", args: []string{"validate", broken, "--all-envs"}, wantCode: 1, wantErr: "spec.environments.prod.database.instances: must be at least 1, not 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr, nil)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if tt.wantCode != 0 {
				if stdout.Len() != 0 {
					t.Errorf("stdout must stay empty on error, got:\n%s", stdout.String())
				}
				if !strings.Contains(stderr.String(), tt.wantErr) {
					t.Errorf("stderr %q lacks %q", stderr.String(), tt.wantErr)
				}
				return
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if len(lines) != len(tt.wantOut) {
				t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(tt.wantOut), stdout.String())
			}
			for i, w := range tt.wantOut {
				if !strings.Contains(lines[i], w) {
					t.Errorf("line %d %q lacks %q", i, lines[i], w)
				}
			}
		})
	}
}
