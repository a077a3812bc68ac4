package xrender

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// Environment variables naming the binaries (the KEY=path lines printed by
// .ci/tools/crossplane.sh).
const (
	EnvCrossplane  = "AIGW_CROSSPLANE_BIN"
	EnvFunctionPAT = "AIGW_FUNCTION_PAT_BIN"
	envToolsCache  = "AIGW_TOOLS_CACHE"
)

// Tools are the binaries the render tests run.
type Tools struct {
	// Crossplane is the crossplane CLI (render).
	Crossplane string
	// FunctionPAT is function-patch-and-transform.
	FunctionPAT string
}

// tool describes where .ci/tools/crossplane.sh puts one binary.
type tool struct {
	env, module, modDir, cacheName, binary string
}

var (
	crossplaneTool = tool{EnvCrossplane, "github.com/crossplane/crossplane/v2", ".ci/crossplane", "crossplane", "crossplane"}
	patTool        = tool{EnvFunctionPAT, "github.com/crossplane-contrib/function-patch-and-transform", ".ci/function-pat", "function-pat", "function-patch-and-transform"}
)

// DefaultTools returns the binaries named by the environment or, for each
// variable that is unset, the path .ci/tools/crossplane.sh builds to under
// the repository root root. It fails unless both are executable files.
func DefaultTools(root string) (Tools, error) {
	cp, err1 := locate(root, crossplaneTool)
	pat, err2 := locate(root, patTool)
	if err := errors.Join(err1, err2); err != nil {
		return Tools{}, err
	}
	return Tools{Crossplane: cp, FunctionPAT: pat}, nil
}

// RequireTools returns DefaultTools(root), skipping the test when a binary is
// missing, or failing it when the CI environment variable is set.
func RequireTools(t testing.TB, root string) Tools {
	t.Helper()
	tools, err := DefaultTools(root)
	if err == nil {
		return tools
	}
	msg := fmt.Sprintf("xrender: %v; build them with `eval \"$(.ci/tools/crossplane.sh | sed 's/^/export /')\"` from the repository root", err)
	if InCI() {
		t.Fatal(msg + " (CI is set: these tests must not be skipped)")
	}
	t.Skip(msg)
	return Tools{}
}

// InCI reports whether the CI environment variable is set to anything but a
// false boolean.
func InCI() bool {
	v := os.Getenv("CI")
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err != nil || b
}

func locate(root string, t tool) (string, error) {
	path := os.Getenv(t.env)
	if path == "" {
		version, err := moduleVersion(filepath.Join(root, t.modDir, "go.mod"), t.module)
		if err != nil {
			return "", err
		}
		cache := os.Getenv(envToolsCache)
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("locating the tools cache: %w", err)
			}
			cache = filepath.Join(home, ".cache", "aigw-tools")
		}
		path = filepath.Join(cache, t.cacheName+"-"+version, t.binary)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%s not found (%s): %w", t.binary, t.env, err)
	}
	if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("%s is not an executable file", path)
	}
	return path, nil
}

// moduleVersion reads the version of module required by the go.mod file, the
// single source of the tools' versions (also read by crossplane.sh).
func moduleVersion(gomod, module string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("reading the tool version: %w", err)
	}
	re := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(module) + `\s+(v[0-9][^\s]*)`)
	m := re.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("no %s requirement in %s", module, gomod)
	}
	return string(m[1]), nil
}
