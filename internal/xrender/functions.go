package xrender

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The render.crossplane.io annotations that make `crossplane render` call a
// function that is already running instead of starting it with Docker.
const (
	AnnotationRuntime       = "render.crossplane.io/runtime"
	AnnotationRuntimeTarget = "render.crossplane.io/runtime-development-target"
	RuntimeDevelopment      = "Development"
)

const (
	functionKind       = "Function"
	functionAPIVersion = "pkg.crossplane.io/v1"
	startTimeout       = 30 * time.Second
	dialInterval       = 50 * time.Millisecond
	stopTimeout        = 5 * time.Second
)

// Runner holds the function processes of one Functions file and renders
// composites with them. Its methods may be used concurrently.
type Runner struct {
	crossplane string
	dir        string
	functions  string
	procs      []*process
	closeOnce  sync.Once
}

// process is one running function.
type process struct {
	name   string
	target string
	cmd    *exec.Cmd
	log    *syncBuffer
	done   chan struct{}
}

// Start reads the pkg.crossplane.io/v1 Function objects of functionsFile,
// starts binaries[<Function name>] for each with --insecure and
// --address=127.0.0.1:<free port>, waits until every one accepts
// connections, and writes a copy of the file annotated with the Development
// runtime and each process's address. Every Function of the file needs a
// binary. The caller must Close the Runner.
func Start(ctx context.Context, crossplane, functionsFile string, binaries map[string]string) (_ *Runner, err error) {
	fns, err := readObjects(functionsFile)
	if err != nil {
		return nil, fmt.Errorf("reading the functions: %w", err)
	}
	dir, err := os.MkdirTemp("", "aigw-xrender-")
	if err != nil {
		return nil, fmt.Errorf("starting functions: %w", err)
	}
	r := &Runner{crossplane: crossplane, dir: dir}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	var out [][]byte
	for _, fn := range fns {
		if fn.GetKind() != functionKind || fn.GetAPIVersion() != functionAPIVersion {
			return nil, fmt.Errorf("%s: %s %s is not a %s %s", functionsFile, fn.GetAPIVersion(), fn.GetKind(), functionAPIVersion, functionKind)
		}
		bin := binaries[fn.GetName()]
		if bin == "" {
			return nil, fmt.Errorf("no binary for Function %q of %s", fn.GetName(), functionsFile)
		}
		p, err := startFunction(ctx, fn.GetName(), bin)
		if err != nil {
			return nil, err
		}
		r.procs = append(r.procs, p)
		a := fn.GetAnnotations()
		if a == nil {
			a = map[string]string{}
		}
		a[AnnotationRuntime] = RuntimeDevelopment
		a[AnnotationRuntimeTarget] = p.target
		fn.SetAnnotations(a)
		data, err := marshalYAML(fn)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	r.functions = filepath.Join(dir, "functions.yaml")
	if err := os.WriteFile(r.functions, joinDocuments(out), 0o600); err != nil {
		return nil, fmt.Errorf("writing the functions: %w", err)
	}
	return r, nil
}

// startFunction starts one function on a free loopback port, retrying with
// another port if the chosen one was taken in between.
func startFunction(ctx context.Context, name, bin string) (*process, error) {
	var last error
	for range 3 {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("starting function %s: %w", name, err)
		}
		target := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		p := &process{name: name, target: target, log: &syncBuffer{}, done: make(chan struct{})}
		p.cmd = exec.Command(bin, "--insecure", "--address="+target)
		p.cmd.Stdout = p.log
		p.cmd.Stderr = p.log
		if err := p.cmd.Start(); err != nil {
			return nil, fmt.Errorf("starting function %s (%s): %w", name, bin, err)
		}
		go func() {
			_ = p.cmd.Wait()
			close(p.done)
		}()
		if last = p.waitListening(ctx); last == nil {
			return p, nil
		}
		p.stop()
	}
	return nil, fmt.Errorf("starting function %s: %w", name, last)
}

// waitListening waits until the function accepts TCP connections.
func (p *process) waitListening(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", p.target)
		if err == nil {
			_ = conn.Close()
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("the process exited before listening on %s:\n%s", p.target, p.log.String())
		case <-ctx.Done():
			return fmt.Errorf("not listening on %s after %s:\n%s", p.target, startTimeout, p.log.String())
		case <-time.After(dialInterval):
		}
	}
}

func (p *process) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
	}
}

// Close stops the function processes and removes the Runner's files.
func (r *Runner) Close() {
	r.closeOnce.Do(func() {
		for _, p := range r.procs {
			p.stop()
		}
		_ = os.RemoveAll(r.dir)
	})
}

// Logs returns what the function processes printed, for a failing test.
func (r *Runner) Logs() string {
	var b strings.Builder
	for _, p := range r.procs {
		fmt.Fprintf(&b, "--- function %s (%s)\n%s", p.name, p.target, p.log.String())
	}
	return b.String()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("finding a free port: not a TCP address")
	}
	return addr.Port, nil
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a process's
// stdout and stderr.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
