package kubetest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// Environment variables understood by this package.
const (
	// EnvAssets names the directory holding the kube-apiserver, etcd and
	// kubectl binaries (the directory printed by .ci/tools/kube.sh).
	EnvAssets = "AIGW_KUBE_ASSETS"
	// EnvToolsCache overrides the cache root used by .ci/tools/kube.sh
	// (default $HOME/.cache/aigw-tools); it is consulted when EnvAssets is
	// unset.
	EnvToolsCache = "AIGW_TOOLS_CACHE"
	// EnvCRDs names the directory of upstream CRDs (default ../shared/crds
	// relative to the repository root).
	EnvCRDs = "AIGW_CRDS_DIR"
)

// requiredBinaries are the binaries Start needs in the assets directory.
var requiredBinaries = []string{"kube-apiserver", "etcd"}

// kubeVersionRE finds the k8s.io/kubernetes requirement in .ci/kube/go.mod,
// the single source of the tools' version (also read by .ci/tools/kube.sh).
var kubeVersionRE = regexp.MustCompile(`(?m)^\s*(?:require\s+)?k8s\.io/kubernetes\s+(v[0-9][^\s]*)`)

// Assets returns the directory holding the control-plane binaries for tests.
// When they are missing it fails the test if the CI environment variable is
// set (CI must never skip these tests silently) and skips it otherwise, with
// instructions on how to build the binaries.
func Assets(t testing.TB) string {
	t.Helper()
	dir, err := DefaultAssetsDir()
	if err == nil {
		return dir
	}
	if inCI() {
		t.Fatalf("kubetest: %v (CI is set: build them with .ci/tools/kube.sh and export %s)", err, EnvAssets)
	}
	t.Skipf("kubetest: %v; build them with `export %s=\"$(.ci/tools/kube.sh | tail -n1)\"` from the repository root", err, EnvAssets)
	return ""
}

// DefaultAssetsDir returns the directory named by AIGW_KUBE_ASSETS or, when
// that is unset, the directory .ci/tools/kube.sh builds into. It returns an
// error unless the directory holds the kube-apiserver and etcd binaries.
func DefaultAssetsDir() (string, error) {
	dir := os.Getenv(EnvAssets)
	if dir == "" {
		var err error
		if dir, err = toolsCacheDir(); err != nil {
			return "", fmt.Errorf("%s is not set and the default location is unknown: %w", EnvAssets, err)
		}
	}
	if err := checkAssets(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// toolsCacheDir mirrors the output directory of .ci/tools/kube.sh.
func toolsCacheDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	gomod := filepath.Join(root, ".ci", "kube", "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("reading tools version: %w", err)
	}
	m := kubeVersionRE.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("no k8s.io/kubernetes requirement in %s", gomod)
	}
	cache := os.Getenv(EnvToolsCache)
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("locating tools cache: %w", err)
		}
		cache = filepath.Join(home, ".cache", "aigw-tools")
	}
	return filepath.Join(cache, "kube-"+string(m[1])), nil
}

func checkAssets(dir string) error {
	for _, name := range requiredBinaries {
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("kube test binaries not found: %w", err)
		}
		if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
			return fmt.Errorf("kube test binary %s is not an executable file", p)
		}
	}
	return nil
}

// inCI reports whether the CI environment variable is set to anything but a
// false boolean.
func inCI() bool {
	v := os.Getenv("CI")
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err != nil || b
}

// CRDsDir returns the directory of upstream CRDs: AIGW_CRDS_DIR when set,
// otherwise ../shared/crds relative to the repository root (see RepoRoot).
func CRDsDir() (string, error) {
	dir := os.Getenv(EnvCRDs)
	if dir == "" {
		root, err := RepoRoot()
		if err != nil {
			return "", fmt.Errorf("locating CRDs (%s is not set): %w", EnvCRDs, err)
		}
		dir = filepath.Join(root, "..", "shared", "crds")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("locating CRDs: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("CRDs directory (set %s to override): %w", EnvCRDs, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("CRDs directory %s is not a directory", dir)
	}
	return dir, nil
}

// RepoRoot returns the nearest directory at or above the working directory
// that contains a go.mod file. Tests run in their package directory, so this
// is the root of the module under test.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding repository root: %w", err)
	}
	for {
		_, err := os.Stat(filepath.Join(dir, "go.mod"))
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("finding repository root: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding repository root: no go.mod in the working directory or its parents")
		}
		dir = parent
	}
}
