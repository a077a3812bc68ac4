package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aigw-dev/aigw/internal/gitrepo/gittest"
)

// cli runs aigw the way main's run does and returns its streams and exit
// code (exit codes of commands come from exitCode).
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := newRoot(&app{stdout: &out, stderr: &errb})
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(&errb, msg)
		}
		code = exitCode(err)
	}
	return out.String(), errb.String(), code
}

const gwDir = "gateways/ai"

// gitopsRepo holds the example gateway on main with env/dev, env/staging
// and env/prod branched from it, and an origin remote URL.
func gitopsRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	spec, err := os.ReadFile("../../examples/ai-gateway/aigateway.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := gittest.New(t)
	g.Write(gwDir+"/aigateway.yaml", string(spec))
	g.Commit("add the gateway")
	for _, b := range []string{"env/dev", "env/staging", "env/prod"} {
		g.Git("branch", b)
	}
	g.Git("remote", "add", "origin", "https://github.com/example/gateways.git")
	return g
}

func TestDiffCommand(t *testing.T) {
	g := gitopsRepo(t)
	dir := g.Path(gwDir)
	noGit := t.TempDir()
	writeFile(t, noGit+"/aigateway.yaml", g.Read(gwDir+"/aigateway.yaml"))
	tests := []struct {
		name      string
		args      []string
		edit      bool // an uncommitted change in the working tree
		code      int
		stdout    string // substring; "" means stdout must be empty
		stderr    string // substring; "" means stderr must be empty
		jsonValid bool
	}{
		{name: "no change", args: []string{"diff", dir, "--env", "dev", "--base", "main"}, code: 0, stdout: "No changes"},
		{name: "changes", args: []string{"diff", dir, "--env", "dev", "--base", "main"}, edit: true, code: 1, stdout: "metadata.labels.team"},
		{name: "markdown", args: []string{"diff", dir, "--env", "dev", "--base", "main", "-o", "markdown"}, edit: true, code: 1, stdout: "<!-- aigw-diff:dev -->"},
		{name: "json", args: []string{"diff", dir, "--env", "dev", "--base", "main", "-o", "json"}, edit: true, code: 1, stdout: `"environment": "dev"`, jsonValid: true},
		{name: "head revision", args: []string{"diff", dir, "--env", "prod", "--base", "main", "--head", "env/prod"}, code: 0, stdout: "No changes"},
		{name: "unknown base", args: []string{"diff", dir, "--env", "dev", "--base", "nope"}, code: 2, stderr: `revision "nope" is not in the repository`},
		{name: "missing env", args: []string{"diff", dir, "--base", "main"}, code: 2, stderr: "pass --env NAME and --base REF"},
		{name: "bad output", args: []string{"diff", dir, "--env", "dev", "--base", "main", "-o", "yaml"}, code: 2, stderr: "--output must be text, markdown or json"},
		{name: "unknown flag", args: []string{"diff", dir, "--env", "dev", "--base", "main", "--colour"}, code: 2, stderr: "unknown flag: --colour"},
		{name: "two paths", args: []string{"diff", dir, dir, "--env", "dev", "--base", "main"}, code: 2, stderr: "accepts at most 1 arg"},
		{name: "unknown base in this repository", args: []string{"diff", "../../examples/ai-gateway", "--env", "dev", "--base", "nope"}, code: 2, stderr: "revision"},
		{name: "not in git", args: []string{"diff", noGit, "--env", "dev", "--base", "main"}, code: 2, stderr: "is not inside a git work tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := g.Read(gwDir + "/aigateway.yaml")
			if tt.edit {
				g.Edit(gwDir+"/aigateway.yaml", "    team: platform", "    team: ai")
				defer g.Write(gwDir+"/aigateway.yaml", spec)
			}
			stdout, stderr, code := cli(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			check(t, "stdout", stdout, tt.stdout)
			check(t, "stderr", stderr, tt.stderr)
			if tt.jsonValid && !json.Valid([]byte(stdout)) {
				t.Error("-o json output is not JSON")
			}
		})
	}
}

func check(t *testing.T, stream, got, want string) {
	t.Helper()
	if want == "" && got != "" {
		t.Errorf("%s must be empty, got:\n%s", stream, got)
	}
	if want != "" && !strings.Contains(got, want) {
		t.Errorf("%s lacks %q:\n%s", stream, want, got)
	}
}

func TestPromoteCommand(t *testing.T) {
	g := gitopsRepo(t)
	dir := g.Path(gwDir)
	g.Git("checkout", "--quiet", "env/staging")
	g.Edit(gwDir+"/aigateway.yaml", "replicas: {min: 3, max: 12}", "replicas: {min: 1, max: 12}")
	g.Commit("one API replica in prod")
	g.Git("checkout", "--quiet", "main")
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{name: "passes", args: []string{"promote", dir, "--from", "dev", "--to", "staging"}, code: 0, stdout: "PASS     data-loss"},
		{name: "blocked", args: []string{"promote", dir, "--from", "staging", "--to", "prod"}, code: 1, stdout: "FAIL     api-replicas", stderr: "blocked by guard(s) api-replicas"},
		{name: "allowed", args: []string{"promote", dir, "--from", "staging", "--to", "prod", "--allow", "api-replicas"}, code: 0, stdout: "ALLOWED  api-replicas"},
		{name: "markdown", args: []string{"promote", dir, "--from", "staging", "--to", "prod", "-o", "markdown"}, code: 1, stdout: "| `api-replicas` | ❌ **fail**", stderr: "blocked"},
		{name: "unknown guard", args: []string{"promote", dir, "--from", "staging", "--to", "prod", "--allow", "replicas"}, code: 2, stderr: `--allow "replicas": no such guard`},
		{name: "same environment", args: []string{"promote", dir, "--from", "prod", "--to", "prod"}, code: 2, stderr: "both \"prod\""},
		{name: "missing flags", args: []string{"promote", dir, "--from", "dev"}, code: 2, stderr: "pass --from ENV and --to ENV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := cli(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			check(t, "stdout", stdout, tt.stdout)
			check(t, "stderr", stderr, tt.stderr)
		})
	}
}

func TestAppsetCommand(t *testing.T) {
	g := gitopsRepo(t)
	dir := g.Path(gwDir)
	stdout, stderr, code := cli(t, "appset", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"repoURL: https://github.com/example/gateways.git", "path: gateways/ai", "targetRevision: env/prod", "kind: ApplicationSet", "owner: example"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("appset output lacks %q", want)
		}
	}
	stdout, _, code = cli(t, "appset", dir, "--repo", "https://gitlab.com/group/gateways.git", "--scm", "gitlab", "--preview-label", "preview")
	if code != 0 || !strings.Contains(stdout, "project: group/gateways") || !strings.Contains(stdout, "- preview") {
		t.Errorf("gitlab: exit %d\n%s", code, stdout)
	}
	g.Git("remote", "remove", "origin")
	stdout, stderr, code = cli(t, "appset", dir)
	if code == 0 || stdout != "" || !strings.Contains(stderr, "pass --repo URL") {
		t.Errorf("no origin: exit %d, stderr %q, stdout %d bytes", code, stderr, len(stdout))
	}
	stdout, stderr, code = cli(t, "appset", "../../examples/ai-gateway", "--repo", "https://github.com/a/b", "--path", "examples/ai-gateway", "--scm", "svn")
	if code == 0 || stdout != "" || !strings.Contains(stderr, `--scm "svn"`) {
		t.Errorf("bad scm: exit %d, stderr %q", code, stderr)
	}
}

// TestBinaryDoesNotLinkArgoCD keeps Argo CD's Go module (used by tests only)
// out of the aigw binary: the appset objects are aigw's own small types.
func TestBinaryDoesNotLinkArgoCD(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Split(string(out), "\n") {
		if strings.Contains(p, "argoproj") {
			t.Errorf("aigw links %s", p)
		}
	}
}
