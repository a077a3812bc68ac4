package main

import (
	"bytes"
	"context"
	"fmt"
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
	// A base error (every environment and the preview), one that the
	// production tier alone raises on a base field, and one of prod's own.
	many := t.TempDir()
	text = strings.Replace(text, "  database:\n    instanceClass: db.r7g.large\n", "  database:\n    instanceClass: db.r7g.large\n    deletionProtection: false\n", 1)
	text = strings.Replace(text, "  region: eu-west-1\n", "  region: eu-west-1\n  admin:\n    resources: {cpu: \"100\"}\n", 1)
	writeFile(t, filepath.Join(many, "aigateway.yaml"), text)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
		// wantLines, when set, are the exact lines of stderr (the folder
		// name stripped).
		wantLines []string
	}{
		{
			name: "all environments and a preview", args: []string{"validate", example, "--all-envs"},
			wantOut: []string{"environment dev is valid", "environment prod is valid", "environment staging is valid", "preview 1 of environment dev is valid"},
		},
		{name: "one environment", args: []string{"validate", example, "--env", "staging"}, wantOut: []string{"environment staging is valid"}},
		{name: "a preview", args: []string{"validate", example, "--preview", "7"}, wantOut: []string{"preview 7 of environment dev is valid"}},
		{name: "each problem once, naming the environments only when not all", args: []string{"validate", many, "--all-envs"}, wantCode: 1, wantLines: []string{
			fmt.Sprintf("aigateway.yaml:%d:17: spec.admin.resources.cpu:", lineOf(text, "resources: {cpu: \"100\"}")) + ` 100 is out of range: must be between 100m and 64`,
			fmt.Sprintf("aigateway.yaml:%d:5: spec.database.deletionProtection:", lineOf(text, "    deletionProtection: false")) + ` is off in production environment "prod"; set database.allowUnprotected: true to accept that (in environment prod)`,
			fmt.Sprintf("aigateway.yaml:%d:9: spec.environments.prod.database.instances:", lineOf(text, "        instances: 0")) + ` must be at least 1, not 0`,
		}},
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
				if tt.wantLines != nil {
					got := strings.Split(strings.TrimSpace(stderr.String()), "\n")
					for i := range got {
						got[i] = strings.TrimPrefix(got[i], many+string(filepath.Separator))
					}
					if strings.Join(got, "\n") != strings.Join(tt.wantLines, "\n") {
						t.Errorf("stderr lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.wantLines, "\n"))
					}
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

// lineOf is the 1-based line of the first line of text containing s.
func lineOf(text, s string) int {
	i := strings.Index(text, s)
	if i < 0 {
		return 0
	}
	return strings.Count(text[:i], "\n") + 1
}
