package argoe2e_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	sigsyaml "sigs.k8s.io/yaml"
)

// sidecarUser returns the user and group deploy/argocd/repo-server.yaml
// runs the aigw sidecar (the cmp-server) as.
func sidecarUser(t *testing.T, root string) (uid, gid uint32) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "deploy", "argocd", "repo-server.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{}
	if err := sigsyaml.Unmarshal(data, &u.Object); err != nil {
		t.Fatal(err)
	}
	containers, _, _ := unstructured.NestedSlice(u.Object, "spec", "template", "spec", "containers")
	for _, c := range containers {
		m, _ := c.(map[string]any)
		if m["name"] != "aigw" {
			continue
		}
		// sigs.k8s.io/yaml decodes numbers as float64.
		user, _, _ := unstructured.NestedFloat64(m, "securityContext", "runAsUser")
		group, _, _ := unstructured.NestedFloat64(m, "securityContext", "runAsGroup")
		if user < 1 || group < 1 || user != float64(uint32(user)) || group != float64(uint32(group)) {
			t.Fatalf("repo-server.yaml: the aigw container has no non-root runAsUser and runAsGroup")
		}
		return uint32(user), uint32(group)
	}
	t.Fatal("repo-server.yaml has no aigw container")
	return 0, 0
}

// asUser prepares the cmp-server to run as the sidecar's user when the test
// runs as root: the test's temporary directories become traversable, the
// directories it writes are the user's, and the argocd binary is linked (or
// copied) out of the tool cache, which may sit under a 0700 home. It returns
// the credential to start the process with (nil when not root) and the
// path of the cmp-server binary.
func asUser(t *testing.T, uid, gid uint32, tmp, argocdBin string, owned []string) (*syscall.Credential, string) {
	t.Helper()
	bin := filepath.Join(argocdBin, "argocd-cmp-server")
	if os.Getuid() != 0 {
		t.Logf("cmp-server runs as the test's user %d, not root (the sidecar's is %d)", os.Getuid(), uid)
		return nil, bin
	}
	// t.TempDir's parent is 0700.
	for _, d := range []string{filepath.Dir(tmp), tmp} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range owned {
		if err := os.Chown(d, int(uid), int(gid)); err != nil {
			t.Fatal(err)
		}
	}
	target, err := filepath.EvalSymlinks(bin)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "argocd")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The argv[0] name selects the component.
	linked := filepath.Join(dir, "argocd-cmp-server")
	if err := os.Link(target, linked); err != nil {
		if err := copyFile(target, linked); err != nil {
			t.Fatal(err)
		}
	}
	return &syscall.Credential{Uid: uid, Gid: gid, Groups: []uint32{}}, linked
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// procUser returns the real user and group of a running process.
func procUser(pid int) (uid, gid uint32, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	ids := map[string]uint32{}
	for _, line := range strings.Split(string(data), "\n") {
		key, rest, ok := strings.Cut(line, ":")
		if !ok || (key != "Uid" && key != "Gid") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, 0, fmt.Errorf("/proc/%d/status: %q", pid, line)
		}
		n, err := strconv.ParseUint(f[0], 10, 32)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status: %q: %w", pid, line, err)
		}
		ids[key] = uint32(n)
	}
	if len(ids) != 2 {
		return 0, 0, fmt.Errorf("/proc/%d/status has no Uid or Gid line", pid)
	}
	return ids["Uid"], ids["Gid"], nil
}
