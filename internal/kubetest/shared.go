package kubetest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Shared is one server shared by all tests of a package. When EnvKubeconfig
// names a kubeconfig (.ci/test starts one server for the whole run), it is
// that server; otherwise the package starts its own, lazily, on the first
// call to Server, so tests that do not need it (or a -run filter that
// selects none of them) pay nothing, and Run stops it when the package's
// tests are done. Declare it as a package variable of the test
// package and call Run from TestMain:
//
//	var kube = kubetest.NewShared(kubetest.Options{UpstreamCRDs: true})
//
//	func TestMain(m *testing.M) { os.Exit(kube.Run(m)) }
type Shared struct {
	opts Options

	mu      sync.Mutex
	started bool
	stopped bool
	srv     *Server
	err     error
}

// NewShared returns a Shared that starts a server with opts when first used.
func NewShared(opts Options) *Shared {
	return &Shared{opts: opts}
}

// Server returns the shared server, starting it on first use. It skips the
// test (or fails it when CI is set) if the binaries are missing, see Assets,
// and fails the test if the server could not be started; a start failure is
// remembered and reported to every later caller rather than retried.
func (s *Shared) Server(t testing.TB) *Server {
	t.Helper()
	kubeconfig := os.Getenv(EnvKubeconfig)
	if s.opts.Private {
		kubeconfig = ""
	}
	opts := s.opts
	if opts.AssetsDir == "" && kubeconfig == "" {
		opts.AssetsDir = Assets(t)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		t.Fatal("kubetest: shared server used after Stop")
	}
	if !s.started {
		s.started = true
		if kubeconfig != "" {
			s.srv, s.err = connect(context.Background(), kubeconfig, opts)
		} else {
			s.srv, s.err = Start(context.Background(), opts)
		}
	}
	if s.err != nil {
		t.Fatalf("kubetest: %v", s.err)
	}
	return s.srv
}

// connect reaches the server of the test run and installs the package's own
// CRD folders. The upstream CRDs are installed by the apiserver command that
// started the server; they are read here all the same, so that go test's
// cache counts them as inputs of the result.
func connect(ctx context.Context, kubeconfig string, opts Options) (*Server, error) {
	srv, err := Connect(kubeconfig)
	if err != nil {
		return nil, err
	}
	if opts.UpstreamCRDs {
		if err := readCRDs(); err != nil {
			return nil, err
		}
	}
	for _, dir := range opts.CRDDirs {
		if err := srv.InstallCRDs(ctx, dir); err != nil {
			return nil, err
		}
	}
	return srv, nil
}

// Stop stops the server if it was started. Later calls to Server fail.
func (s *Shared) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	s.srv.Stop()
	s.srv = nil
}

// Run runs the tests and then stops the server; pass its result to os.Exit
// from TestMain.
func (s *Shared) Run(m *testing.M) int {
	defer s.Stop()
	return m.Run()
}

// readCRDs reads every file of CRDsDir.
func readCRDs() error {
	dir, err := CRDsDir()
	if err != nil {
		return err
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, err = os.ReadFile(path)
		return err
	})
}
