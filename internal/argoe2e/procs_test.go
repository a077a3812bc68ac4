package argoe2e_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aigw-dev/aigw/internal/kubetest"
	"github.com/aigw-dev/aigw/internal/xrender"
)

// envBinDir names the directory printed by .ci/tools/argocd.sh.
const envBinDir = "AIGW_ARGOCD_BIN_DIR"

var argocdVersionRE = regexp.MustCompile(`(?m)^\s*(?:require\s+)?github\.com/argoproj/argo-cd/v3\s+(v[0-9][^\s]*)`)

// argocdBinDir returns the directory holding the argocd binary and its
// argv[0] names. Missing: fail under CI, skip otherwise.
func argocdBinDir(t *testing.T) string {
	t.Helper()
	dir, err := findArgocd()
	if err == nil {
		return dir
	}
	if xrender.InCI() {
		t.Fatalf("argoe2e: %v (CI is set: build it with .ci/tools/argocd.sh and export %s)", err, envBinDir)
	}
	t.Skipf("argoe2e: %v; build it with `export %s=\"$(.ci/tools/argocd.sh | tail -n1)\"`", err, envBinDir)
	return ""
}

func findArgocd() (string, error) {
	dir := os.Getenv(envBinDir)
	if dir == "" {
		root, err := kubetest.RepoRoot()
		if err != nil {
			return "", err
		}
		data, err := os.ReadFile(filepath.Join(root, ".ci", "argocd", "go.mod"))
		if err != nil {
			return "", fmt.Errorf("reading the Argo CD version: %w", err)
		}
		m := argocdVersionRE.FindSubmatch(data)
		if m == nil {
			return "", errors.New("no github.com/argoproj/argo-cd/v3 requirement in .ci/argocd/go.mod")
		}
		cache := os.Getenv(kubetest.EnvToolsCache)
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			cache = filepath.Join(home, ".cache", "aigw-tools")
		}
		dir = filepath.Join(cache, "argocd-"+string(m[1]))
	}
	for _, name := range []string{"argocd-repo-server", "argocd-cmp-server", "argocd-application-controller", "git-verify-wrapper.sh"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return "", fmt.Errorf("argocd binaries not found: %w", err)
		}
	}
	return dir, nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// proc is a background process of the test with its log file.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

// start runs a process until the test ends; terms is how many SIGTERMs it
// takes to stop (the cmp-server exits on the second).
func start(t *testing.T, logDir, name string, env []string, terms int, argv ...string) *proc {
	t.Helper()
	return startAs(t, logDir, name, nil, env, terms, argv...)
}

// startAs is start as the user of cred (nil: the test's).
func startAs(t *testing.T, logDir, name string, cred *syscall.Credential, env []string, terms int, argv ...string) *proc {
	t.Helper()
	p := &proc{name: name, log: filepath.Join(logDir, name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: cred}
	if err := p.cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() { _ = p.cmd.Wait(); f.Close(); close(p.done) }()
	t.Cleanup(func() {
		for i := 0; i < terms; i++ {
			_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
			select {
			case <-p.done:
				return
			case <-time.After(5 * time.Second):
			}
		}
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	})
	return p
}

// exited reports an early exit of the process, with its log's tail.
func (p *proc) exited() error {
	select {
	case <-p.done:
		return fmt.Errorf("%s exited: %v\n%s", p.name, p.cmd.ProcessState, p.tail(40))
	default:
		return nil
	}
}

func (p *proc) tail(n int) string {
	data, _ := os.ReadFile(p.log)
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// waitPort waits until something listens on the loopback port.
func waitPort(t *testing.T, p *proc, port int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if err := p.exited(); err != nil {
			t.Fatal(err)
		}
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s does not listen on %d:\n%s", p.name, port, p.tail(40))
}

// run runs a command to completion in dir and fails the test on error.
func run(t *testing.T, dir string, argv ...string) string {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=aigw", "GIT_AUTHOR_EMAIL=aigw@example.com",
		"GIT_COMMITTER_NAME=aigw", "GIT_COMMITTER_EMAIL=aigw@example.com")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	return string(out)
}
