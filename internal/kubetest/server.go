package kubetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
)

const (
	// DefaultStartTimeout bounds how long Start waits for etcd and for the
	// API server (each); envtest's own default of 20 s is too short on a
	// loaded 2-core machine.
	DefaultStartTimeout = 90 * time.Second
	// FieldManager is the server-side apply field manager used by this
	// package (suffixed with the test binary's name on a server shared by
	// several packages, so that their namespace labels add up rather than
	// replace each other).
	FieldManager = "aigw-test"
	// ServiceClusterIPRange is the --service-cluster-ip-range of the server.
	ServiceClusterIPRange = "10.0.0.0/24"

	// defaultCRDTimeout bounds the wait for installed CRDs to be served.
	defaultCRDTimeout = 3 * time.Minute
)

// Options configures Start.
type Options struct {
	// AssetsDir holds the kube-apiserver and etcd binaries. Empty means
	// DefaultAssetsDir().
	AssetsDir string
	// StartTimeout bounds the start of etcd and of the API server. Zero
	// means DefaultStartTimeout.
	StartTimeout time.Duration
	// UpstreamCRDs installs every CRD under CRDsDir() once the server is
	// ready.
	UpstreamCRDs bool
	// CRDDirs are further directories whose CRDs are installed once the
	// server is ready (see InstallCRDs).
	CRDDirs []string
	// Private makes a Shared start its own server even when the test run
	// has one (EnvKubeconfig): for tests that create real objects, which
	// would collide with the other packages' dry-run creates.
	Private bool
}

// Server is a running kube-apiserver (with its etcd) started by Start, or
// one started by another process and reached through a kubeconfig (see
// Connect). Its methods may be used concurrently.
type Server struct {
	env      *envtest.Environment // nil when the server belongs to another process
	config   *rest.Config
	manager  string
	dynamic  dynamic.Interface
	mapper   *restmapper.DeferredDiscoveryRESTMapper
	stopOnce sync.Once
}

// quietLogs silences controller-runtime's logger, which envtest logs to;
// unset, it prints a warning with a stack trace into the test output.
var quietLogs = sync.OnceFunc(func() { ctrllog.SetLogger(logr.Discard()) })

// Start starts etcd and kube-apiserver with controller-runtime's envtest,
// both listening on 127.0.0.1 only, waits until the API server is ready and
// installs the requested CRDs. The caller must call Stop. ctx bounds the
// CRD installation.
//
// The server differs from envtest's default in one respect: the
// ServiceAccount admission plugin is enabled, as in a real cluster, so a Pod
// needs its ServiceAccount (EnsureNamespace creates "default").
func Start(ctx context.Context, opts Options) (*Server, error) {
	quietLogs()
	if opts.AssetsDir == "" {
		dir, err := DefaultAssetsDir()
		if err != nil {
			return nil, fmt.Errorf("starting kube-apiserver: %w", err)
		}
		opts.AssetsDir = dir
	} else if err := checkAssets(opts.AssetsDir); err != nil {
		return nil, fmt.Errorf("starting kube-apiserver: %w", err)
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	crdDirs := opts.CRDDirs
	if opts.UpstreamCRDs {
		dir, err := CRDsDir()
		if err != nil {
			return nil, fmt.Errorf("starting kube-apiserver: %w", err)
		}
		crdDirs = append([]string{dir}, crdDirs...)
	}

	env := &envtest.Environment{
		BinaryAssetsDirectory:    opts.AssetsDir,
		ControlPlaneStartTimeout: opts.StartTimeout,
		ControlPlaneStopTimeout:  20 * time.Second,
	}
	env.ControlPlane.GetAPIServer().Configure().
		Disable("disable-admission-plugins").
		Set("service-cluster-ip-range", ServiceClusterIPRange).
		// Nothing runs the endpoints of the kubernetes Service.
		Set("endpoint-reconciler-type", "none")
	config, err := env.Start()
	if err != nil {
		_ = env.Stop()
		return nil, fmt.Errorf("starting kube-apiserver: %w", err)
	}
	config.UserAgent = "aigw-kubetest"
	config.Timeout = 2 * time.Minute
	s := &Server{env: env, config: config, manager: FieldManager}
	if err := s.initClients(); err != nil {
		s.Stop()
		return nil, err
	}
	for _, dir := range crdDirs {
		if err := s.InstallCRDs(ctx, dir); err != nil {
			s.Stop()
			return nil, err
		}
	}
	return s, nil
}

// Connect returns the server that the kubeconfig file describes, started by
// another process (see EnvKubeconfig); Stop leaves it running.
func Connect(kubeconfig string) (*Server, error) {
	data, err := readUntracked(kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("connecting to the API server of %s: %w", kubeconfig, err)
	}
	config, err := clientcmd.RESTConfigFromKubeConfig(data)
	if err != nil {
		return nil, fmt.Errorf("connecting to the API server of %s: %w", kubeconfig, err)
	}
	config.UserAgent = "aigw-kubetest"
	config.Timeout = 2 * time.Minute
	config.QPS, config.Burst = 1000, 2000
	s := &Server{config: config, manager: FieldManager + "/" + strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")}
	if err := s.initClients(); err != nil {
		return nil, err
	}
	return s, nil
}

// readUntracked reads a file without the os package's test log, which would
// make the file an input of the test result: go test would then never reuse
// a cached result, as the kubeconfig (fresh certificates) is new each run.
// Which server the tests talk to does not change what they check; the CRDs
// it serves do, and those files are read as tracked inputs (see connect).
func readUntracked(path string) ([]byte, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20))
}

func (s *Server) initClients() error {
	var err error
	if s.dynamic, err = dynamic.NewForConfig(s.config); err != nil {
		return fmt.Errorf("creating dynamic client: %w", err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(s.config)
	if err != nil {
		return fmt.Errorf("creating discovery client: %w", err)
	}
	s.mapper = restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	return nil
}

// InstallCRDs installs (creates or updates) every
// apiextensions.k8s.io/v1 CustomResourceDefinition in the *.yaml, *.yml and
// *.json files of dir and of its subfolders, waits until all of them are
// served, and then resets the REST mapper. It is idempotent, and safe to
// call from several processes at once.
func (s *Server) InstallCRDs(ctx context.Context, dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("installing CRDs from %s: %w", dir, err)
	}
	opts := envtest.CRDInstallOptions{Paths: dirs, ErrorIfPathMissing: true, MaxTime: defaultCRDTimeout}
	if deadline, ok := ctx.Deadline(); ok {
		opts.MaxTime = time.Until(deadline)
	}
	// Another package's test may create the same CRD between envtest's
	// lookup and its create: the next attempt updates it instead.
	for attempt := 1; ; attempt++ {
		installed, err := envtest.InstallCRDs(s.config, opts)
		if err == nil && len(installed) == 0 {
			return fmt.Errorf("installing CRDs from %s: no CustomResourceDefinition found", dir)
		}
		if err == nil {
			break
		}
		if !apierrors.IsAlreadyExists(err) || attempt == 3 || ctx.Err() != nil {
			return fmt.Errorf("installing CRDs from %s: %w", dir, err)
		}
	}
	s.mapper.Reset()
	return nil
}

// RESTConfig returns a copy of the admin (system:masters) client config.
func (s *Server) RESTConfig() *rest.Config { return rest.CopyConfig(s.config) }

// Dynamic returns the server's dynamic client.
func (s *Server) Dynamic() dynamic.Interface { return s.dynamic }

// RESTMapper returns the server's discovery-backed REST mapper. It is reset
// by InstallCRDs.
func (s *Server) RESTMapper() meta.ResettableRESTMapper { return s.mapper }

// KubeConfig returns a kubeconfig for the server's admin user.
func (s *Server) KubeConfig() ([]byte, error) {
	if s.env == nil || len(s.env.KubeConfig) == 0 {
		return nil, errors.New("kubeconfig: the server was not started by this process")
	}
	return s.env.KubeConfig, nil
}

// Stop stops kube-apiserver and etcd and removes their temporary
// directories, if this process started them. It is safe to call more than
// once and on a nil Server.
func (s *Server) Stop() {
	if s == nil || s.env == nil {
		return
	}
	s.stopOnce.Do(func() { _ = s.env.Stop() })
}
