package kubetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
)

const (
	// DefaultStartTimeout bounds how long Start waits for /readyz.
	DefaultStartTimeout = 90 * time.Second
	// FieldManager is the server-side apply field manager used by this
	// package.
	FieldManager = "aigw-test"
	// ServiceClusterIPRange is the --service-cluster-ip-range of the server.
	ServiceClusterIPRange = "10.0.0.0/24"

	loopback     = "127.0.0.1"
	adminUser    = "aigw-test-admin"
	startRetries = 3
	logTailLines = 40
)

// Options configures Start.
type Options struct {
	// AssetsDir holds the kube-apiserver and etcd binaries. Empty means
	// DefaultAssetsDir().
	AssetsDir string
	// StartTimeout bounds the wait for etcd and for the API server's
	// /readyz. Zero means DefaultStartTimeout.
	StartTimeout time.Duration
	// UpstreamCRDs installs every CRD under CRDsDir() once the server is
	// ready.
	UpstreamCRDs bool
	// CRDDirs are further directories whose CRDs are installed once the
	// server is ready (see InstallCRDs).
	CRDDirs []string
	// ExtraAPIServerArgs are appended to the kube-apiserver command line
	// (a later flag overrides an earlier one).
	ExtraAPIServerArgs []string
}

// Server is a running etcd plus kube-apiserver pair. Its methods may be used
// concurrently.
type Server struct {
	dir       string
	etcd      *process
	apiserver *process
	config    *rest.Config
	dynamic   dynamic.Interface
	discovery discovery.DiscoveryInterface
	mapper    *restmapper.DeferredDiscoveryRESTMapper
	stopOnce  sync.Once
}

// Start starts etcd and kube-apiserver, both listening on 127.0.0.1 only, and
// waits until the API server is ready. The caller must call Stop. ctx bounds
// the start-up only, not the server's lifetime.
func Start(ctx context.Context, opts Options) (*Server, error) {
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

	var (
		s   *Server
		err error
	)
	for attempt := 1; ; attempt++ {
		var portClash bool
		s, portClash, err = start(ctx, opts)
		if err == nil || !portClash || attempt == startRetries || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
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

// start makes one attempt; portClash reports a lost race for a free port.
func start(ctx context.Context, opts Options) (_ *Server, portClash bool, err error) {
	dir, err := os.MkdirTemp("", "aigw-kubetest-")
	if err != nil {
		return nil, false, fmt.Errorf("starting kube-apiserver: %w", err)
	}
	s := &Server{dir: dir}
	defer func() {
		if err != nil {
			s.Stop()
		}
	}()

	ports, err := freePorts(3)
	if err != nil {
		return nil, false, fmt.Errorf("starting kube-apiserver: %w", err)
	}
	etcdURL := "http://" + net.JoinHostPort(loopback, strconv.Itoa(ports[0]))
	peerURL := "http://" + net.JoinHostPort(loopback, strconv.Itoa(ports[1]))
	securePort := ports[2]

	s.etcd, err = startProcess(filepath.Join(opts.AssetsDir, "etcd"), filepath.Join(dir, "etcd.log"),
		"--name=kubetest",
		"--data-dir="+filepath.Join(dir, "etcd"),
		"--listen-client-urls="+etcdURL,
		"--advertise-client-urls="+etcdURL,
		"--listen-peer-urls="+peerURL,
		"--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=kubetest="+peerURL,
		"--initial-cluster-state=new",
		"--unsafe-no-fsync=true",
		"--log-level=warn",
	)
	if err != nil {
		return nil, false, fmt.Errorf("starting etcd: %w", err)
	}
	waitCtx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	if err := waitHealthy(waitCtx, s.etcd, http.DefaultClient, etcdURL+"/health", nil, `"health":"true"`); err != nil {
		return nil, s.etcd.clashed(), fmt.Errorf("waiting for etcd: %w%s", err, s.etcd.tail())
	}

	token, err := s.writeCredentials()
	if err != nil {
		return nil, false, fmt.Errorf("starting kube-apiserver: %w", err)
	}
	certDir := filepath.Join(dir, "certs")
	args := []string{
		"--advertise-address=" + loopback,
		"--bind-address=" + loopback,
		"--secure-port=" + strconv.Itoa(securePort),
		"--cert-dir=" + certDir,
		"--etcd-servers=" + etcdURL,
		"--token-auth-file=" + filepath.Join(dir, "tokens.csv"),
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + filepath.Join(dir, "sa.pub"),
		"--service-account-signing-key-file=" + filepath.Join(dir, "sa.key"),
		"--service-cluster-ip-range=" + ServiceClusterIPRange,
		// Privileged containers are allowed by the server so that it is
		// PodSecurity admission that rejects them.
		"--allow-privileged=true",
		// Nothing runs the endpoints of the kubernetes Service; a loopback
		// address is not a valid endpoint anyway.
		"--endpoint-reconciler-type=none",
	}
	args = append(args, opts.ExtraAPIServerArgs...)
	s.apiserver, err = startProcess(filepath.Join(opts.AssetsDir, "kube-apiserver"), filepath.Join(dir, "kube-apiserver.log"), args...)
	if err != nil {
		return nil, false, fmt.Errorf("starting kube-apiserver: %w", err)
	}

	host := "https://" + net.JoinHostPort(loopback, strconv.Itoa(securePort))
	ca, err := s.waitReady(waitCtx, host, token, filepath.Join(certDir, "apiserver.crt"))
	if err != nil {
		return nil, s.apiserver.clashed(), fmt.Errorf("waiting for kube-apiserver /readyz: %w%s", err, s.apiserver.tail())
	}

	s.config = &rest.Config{
		Host:            host,
		BearerToken:     token,
		TLSClientConfig: rest.TLSClientConfig{CAData: ca},
		UserAgent:       "aigw-kubetest",
		QPS:             -1, // no client-side throttling
		Timeout:         2 * time.Minute,
	}
	if err := s.initClients(); err != nil {
		return nil, false, err
	}
	return s, false, nil
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
	s.discovery = dc
	s.mapper = restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	return nil
}

// writeCredentials writes the static token file and the service-account key
// pair into the server's directory and returns the admin token.
func (s *Server) writeCredentials() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("generating admin token: %w", err)
	}
	token := hex.EncodeToString(raw)
	tokens := fmt.Sprintf("%s,%s,%s,\"system:masters\"\n", token, adminUser, adminUser)
	if err := os.WriteFile(filepath.Join(s.dir, "tokens.csv"), []byte(tokens), 0o600); err != nil {
		return "", fmt.Errorf("writing token file: %w", err)
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", fmt.Errorf("generating service-account key: %w", err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return "", fmt.Errorf("encoding service-account key: %w", err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})
	if err := os.WriteFile(filepath.Join(s.dir, "sa.key"), keyPEM, 0o600); err != nil {
		return "", fmt.Errorf("writing service-account key: %w", err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "sa.pub"), pubPEM, 0o600); err != nil {
		return "", fmt.Errorf("writing service-account key: %w", err)
	}
	return token, nil
}

// waitReady polls /readyz until it answers "ok", trusting the self-signed
// certificate the server writes into its --cert-dir, and returns that
// certificate bundle.
func (s *Server) waitReady(ctx context.Context, host, token, certFile string) ([]byte, error) {
	var ca []byte
	var client *http.Client
	hdr := http.Header{"Authorization": {"Bearer " + token}}
	for {
		if client == nil {
			if data, err := os.ReadFile(certFile); err == nil {
				pool := x509.NewCertPool()
				if pool.AppendCertsFromPEM(data) {
					ca = data
					client = &http.Client{
						Timeout:   5 * time.Second,
						Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
					}
				}
			}
		}
		if client != nil {
			err := waitHealthy(ctx, s.apiserver, client, host+"/readyz", hdr, "ok")
			if err == nil {
				client.CloseIdleConnections()
				return ca, nil
			}
			return nil, err
		}
		if s.apiserver.exited() {
			return nil, fmt.Errorf("kube-apiserver exited: %v", s.apiserver.waitErr)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no serving certificate in %s: %w", filepath.Dir(certFile), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitHealthy polls url until it returns 200 with a body containing want, the
// process exits, or ctx ends.
func waitHealthy(ctx context.Context, p *process, client *http.Client, url string, hdr http.Header, want string) error {
	var last string
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("building request: %w", err)
		}
		for k, v := range hdr {
			req.Header[k] = v
		}
		resp, err := client.Do(req)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(want)) {
				return nil
			}
			last = fmt.Sprintf("%s: %s", resp.Status, lastLines(string(body), 10))
		} else {
			last = err.Error()
		}
		if p.exited() {
			return fmt.Errorf("%s exited: %v", p.name, p.waitErr)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last answer from %s: %s)", ctx.Err(), url, last)
		case <-p.done:
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// freePorts returns n distinct free TCP ports on 127.0.0.1. The listeners are
// closed before returning, so another process may take a port first; Start
// retries when that happens.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
		if err != nil {
			return nil, fmt.Errorf("finding a free port: %w", err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// RESTConfig returns a copy of the admin (system:masters) client config.
func (s *Server) RESTConfig() *rest.Config { return rest.CopyConfig(s.config) }

// Dynamic returns the server's dynamic client.
func (s *Server) Dynamic() dynamic.Interface { return s.dynamic }

// RESTMapper returns the server's discovery-backed REST mapper. It is reset
// by InstallCRDs.
func (s *Server) RESTMapper() meta.ResettableRESTMapper { return s.mapper }

// Stop kills kube-apiserver and etcd and removes the server's temporary
// directory. It is safe to call more than once and on a nil Server.
func (s *Server) Stop() {
	if s == nil {
		return
	}
	s.stopOnce.Do(func() {
		s.apiserver.kill()
		s.etcd.kill()
		if s.dir != "" {
			_ = os.RemoveAll(s.dir)
		}
	})
}

// process is a child process whose output goes to a log file.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	waitErr error // valid once done is closed
}

func startProcess(path, logPath string, args ...string) (*process, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating log file: %w", err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("running %s: %w", path, err)
	}
	p := &process{name: filepath.Base(path), cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		_ = logFile.Close()
		close(p.done)
	}()
	return p, nil
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *process) kill() {
	if p == nil {
		return
	}
	if !p.exited() {
		_ = p.cmd.Process.Kill()
	}
	<-p.done
}

// tail returns the end of the process log, formatted to follow an error.
func (p *process) tail() string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("\n(no %s log: %v)", p.name, err)
	}
	return fmt.Sprintf("\n--- last lines of %s log ---\n%s", p.name, lastLines(string(data), logTailLines))
}

// clashed reports whether the process failed because a port was taken.
func (p *process) clashed() bool {
	if !p.exited() {
		return false
	}
	data, err := os.ReadFile(p.logPath)
	return err == nil && bytes.Contains(data, []byte("address already in use"))
}

func lastLines(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
