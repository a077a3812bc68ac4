package image_test

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/aigw-dev/aigw/internal/testutil/golden"
)

// instructions reads the Dockerfile's instructions, continuation lines
// joined and comments dropped.
func instructions(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimSuffix(line, "\\") + " ")
			continue
		}
		cur.WriteString(line)
		out = append(out, strings.Join(strings.Fields(cur.String()), " "))
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDockerfile(t *testing.T) {
	ins := instructions(t)
	var froms []string
	var final []string // instructions of the last stage
	for _, in := range ins {
		if strings.HasPrefix(in, "FROM ") {
			froms = append(froms, in)
			final = nil
		}
		final = append(final, in)
	}
	if len(froms) != 2 {
		t.Fatalf("want a build stage and a final stage, got %v", froms)
	}
	if !strings.Contains(froms[0], "--platform=$BUILDPLATFORM") {
		t.Errorf("the build stage must run on the build platform and cross-compile: %s", froms[0])
	}
	if !regexp.MustCompile(`^FROM gcr\.io/distroless/static(-debian\d+)?(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$`).MatchString(froms[1]) {
		t.Errorf("the final stage must be distroless static: %s", froms[1])
	}
	all := strings.Join(ins, "\n")
	for _, want := range []string{
		"ARG TARGETOS", "ARG TARGETARCH",
		"CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH}",
		"-trimpath", "./cmd/aigw",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	finalText := strings.Join(final, "\n")
	for _, want := range []string{"COPY --from=build /out/aigw /usr/local/bin/aigw", "USER 999:999"} {
		if !strings.Contains(finalText, want) {
			t.Errorf("the final stage lacks %q", want)
		}
	}
	if strings.Contains(finalText, "RUN ") {
		t.Error("the final stage must not RUN anything (no shell in distroless)")
	}
	// The toolchain of the image is at least the module's go version.
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVer := regexp.MustCompile(`(?m)^go (\S+)`).FindSubmatch(gomod)
	arg := regexp.MustCompile(`ARG GO_VERSION=(\S+)`).FindStringSubmatch(all)
	if goVer == nil || arg == nil || versionLess(arg[1], string(goVer[1])) {
		t.Errorf("GO_VERSION %v is older than go.mod's go %s", arg, goVer)
	}
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if len(pa[i]) != len(pb[i]) {
			return len(pa[i]) < len(pb[i])
		}
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

var arches = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

func goCmd(t *testing.T, goarch string, args ...string) *exec.Cmd {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command(gobin, args...)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
	return cmd
}

// TestPureGo lists aigw's packages for each target as the image build
// does (CGO_ENABLED=0): a dependency that needs cgo would leave a package
// without files and fail here. It is cheap; TestCrossBuild builds.
func TestPureGo(t *testing.T) {
	for arch := range arches {
		out, err := goCmd(t, arch, "list", "-deps", "-f", "{{if .Error}}{{.ImportPath}}: {{.Error}}{{end}}", "./cmd/aigw").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			t.Errorf("linux/%s with CGO_ENABLED=0: %v\n%s", arch, err, out)
		}
	}
}

// TestCrossBuild builds the image's binary for linux/amd64 and linux/arm64
// and checks it is static. The arm64 build compiles everything again
// (minutes on a cold cache; under .ci/test the amd64 one reuses the tests'
// packages, built with the same CGO_ENABLED=0 -trimpath), so it runs only
// with AIGW_CROSS_BUILD=1 (CI sets it).
func TestCrossBuild(t *testing.T) {
	if os.Getenv("AIGW_CROSS_BUILD") != "1" {
		t.Skip("set AIGW_CROSS_BUILD=1 to cross-compile aigw for linux/amd64 and linux/arm64")
	}
	dir := t.TempDir()
	for arch, machine := range arches {
		out := filepath.Join(dir, "aigw-"+arch)
		if b, err := goCmd(t, arch, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./cmd/aigw").CombinedOutput(); err != nil {
			t.Fatalf("linux/%s: %v\n%s", arch, err, b)
		}
		f, err := elf.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if f.Machine != machine {
			t.Errorf("linux/%s: machine %v", arch, f.Machine)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("linux/%s: not static (program header %v)", arch, p.Type)
			}
		}
		f.Close()
		if fi, err := os.Stat(out); err == nil {
			t.Logf("linux/%s: %.1f MiB", arch, float64(fi.Size())/(1<<20))
		}
	}
}
