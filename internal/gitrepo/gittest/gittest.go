// Package gittest builds real git repositories in temporary folders for
// tests, with the git CLI. Repositories are isolated from the user's and the
// system's git configuration, and commits have fixed authors and dates, so
// that commit IDs are the same on every run.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Repo is a git work tree in a temporary folder.
type Repo struct {
	t   testing.TB
	Dir string
}

// Skip skips the test when git is not installed.
func Skip(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// New creates an empty repository whose first branch is main.
func New(t testing.TB) *Repo {
	t.Helper()
	Skip(t)
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "--quiet", "--initial-branch=main")
	r.Git("config", "user.name", "aigw test")
	r.Git("config", "user.email", "test@aigw.invalid")
	r.Git("config", "commit.gpgsign", "false")
	return r
}

// Clone makes a clone of r in a new temporary folder with extra git clone
// arguments (for example --depth=1).
func (r *Repo) Clone(args ...string) *Repo {
	r.t.Helper()
	c := &Repo{t: r.t, Dir: r.t.TempDir()}
	run(r.t, "", append(append([]string{"clone", "--quiet"}, args...), "file://"+r.Dir, c.Dir)...)
	c.Git("config", "user.name", "aigw test")
	c.Git("config", "user.email", "test@aigw.invalid")
	return c
}

// Git runs git in the repository and returns its trimmed output; an error
// fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return run(r.t, r.Dir, args...)
}

// Write writes a file (relative to the repository root), creating folders.
func (r *Repo) Write(name, content string) {
	r.t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// Read reads a file of the work tree.
func (r *Repo) Read(name string) string {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(name)))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b)
}

// Edit replaces old by new in a file of the work tree; old must occur.
func (r *Repo) Edit(name, old, new string) {
	r.t.Helper()
	s := r.Read(name)
	if !strings.Contains(s, old) {
		r.t.Fatalf("%s does not contain %q", name, old)
	}
	r.Write(name, strings.Replace(s, old, new, 1))
}

// Commit stages everything and commits; it returns the commit ID.
func (r *Repo) Commit(msg string) string {
	r.t.Helper()
	r.Git("add", "--all")
	r.Git("commit", "--quiet", "--allow-empty", "-m", msg)
	return r.Git("rev-parse", "HEAD")
}

// Path is the absolute path of a file or folder of the work tree.
func (r *Repo) Path(name string) string {
	return filepath.Join(r.Dir, filepath.FromSlash(name))
}

func run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z",
		"GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
		"GIT_TERMINAL_PROMPT=0",
		"LC_ALL=C",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}
