package litellm_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"

	"github.com/aigw-dev/aigw/internal/chartsource"
	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// packageChart returns fsys (a chart folder) as a .tgz.
func packageChart(t *testing.T, fsys fstest.MapFS) []byte {
	t.Helper()
	files, err := chartsource.ReadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := loader.LoadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	file, err := chartutil.Save(ch, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// chartRepo serves index.yaml and one archive; digest "" means the right one.
func chartRepo(t *testing.T, archive []byte, digest string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	if digest == "" {
		sum := sha256.Sum256(archive)
		digest = hex.EncodeToString(sum[:])
	}
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/charts/index.yaml", func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		fmt.Fprintf(w, "apiVersion: v1\nentries:\n  mini:\n  - apiVersion: v2\n    name: mini\n    version: 1.2.3\n    digest: %s\n    urls: [mini-1.2.3.tgz]\n  - apiVersion: v2\n    name: mini\n    version: 1.2.4\n    urls: [mini-1.2.4.tgz]\n", digest)
	})
	mux.HandleFunc("/charts/mini-1.2.3.tgz", func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Write(archive)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func repoInput(t *testing.T, url, version string) *component.Input {
	t.Helper()
	src := strings.Replace(string(example.Data(t)), "    version: v1.77.7-stable\n",
		fmt.Sprintf("    version: v1.77.7-stable\n    chart:\n      repository: %s\n      name: mini\n      version: %s\n", url, version), 1)
	// The spec accepts https:// and oci:// only; the test server is plain
	// HTTP, so the URL is set after validation.
	g := example.GatewayFrom(t, []byte(strings.Replace(src, "http://", "https://", 1)), "dev")
	g.LiteLLM.Chart.Repository = url
	return &component.Input{Gateway: g, AppFS: fstest.MapFS{}}
}

// TestRepositoryChart pulls a chart from a repository once, then renders
// from the cache without asking the repository again.
func TestRepositoryChart(t *testing.T) {
	srv, hits := chartRepo(t, packageChart(t, miniChart(nil)), "")
	cache := t.TempDir()
	b := newBuilder(t, withCacheDir(cache))
	in := repoInput(t, srv.URL+"/charts", "1.2.3")
	objs := buildWith(t, b, in)
	if find(objs, "Deployment", "ai-gateway-api") == nil || find(objs, "Job", "ai-gateway-api-migrations") == nil {
		t.Fatalf("objects %v", names(objs))
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests for the first render, want 2 (index and archive)", n)
	}
	buildWith(t, newBuilder(t, withCacheDir(cache)), in)
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests after a cached render, want still 2", n)
	}
	// Without a cache, every render downloads.
	buildWith(t, newBuilder(t, withCacheDir("")), in)
	if n := hits.Load(); n != 4 {
		t.Errorf("%d requests without a cache, want 4", n)
	}
}

func TestRepositoryChartErrors(t *testing.T) {
	archive := packageChart(t, miniChart(nil))
	tests := []struct {
		name    string
		digest  string
		version string
		want    string
	}{
		{"digest mismatch", strings.Repeat("0", 64), "1.2.3", "digest"},
		{"unknown version", "", "9.9.9", "not in the repository index"},
		{"archive missing", "", "1.2.4", "downloading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := chartRepo(t, archive, tt.digest)
			cache := t.TempDir()
			_, err := newBuilder(t, withCacheDir(cache)).Build(context.Background(), repoInput(t, srv.URL+"/charts", tt.version))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(cache); len(entries) != 0 {
				t.Errorf("a failed download left %d cache entries", len(entries))
			}
		})
	}
}
