package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// git runs one git command in dir and returns its standard output. The error
// carries git's own message (its standard error), which names the problem
// better than anything aigw could add.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = gitEnv()
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, errors.New("git is not installed (or not on PATH): aigw reads revisions with the git CLI")
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("git %s: %w", args[0], ctx.Err())
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, &Error{Args: args, Msg: msg}
	}
	return stdout.Bytes(), nil
}

// gitEnv is the environment of git commands: the caller's, with messages in
// English (they are shown to users and matched nowhere), no terminal prompt
// (a command never waits for credentials) and no pager.
func gitEnv() []string {
	env := os.Environ()
	return append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "GIT_OPTIONAL_LOCKS=0")
}

// Error is a git command that failed.
type Error struct {
	Args []string
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("git %s: %s", e.Args[0], e.Msg)
}
