package litellm_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/lint/support"

	"github.com/aigw-dev/aigw"
	"github.com/aigw-dev/aigw/internal/chartsource"
	"github.com/aigw-dev/aigw/internal/litellm"
	"github.com/aigw-dev/aigw/internal/testutil/example"
)

// embeddedChartDir writes the embedded chart to a temporary folder (the lint
// package reads charts from disk).
func embeddedChartDir(t *testing.T) string {
	t.Helper()
	sub, err := fs.Sub(aigw.Files, chartsource.EmbeddedDir)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "litellm")
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLint runs `helm lint --strict` on the embedded chart: with its own
// defaults and with the values aigw passes to each release. Any warning or
// error fails.
func TestLint(t *testing.T) {
	dir := embeddedChartDir(t)
	kv, err := chartutil.ParseKubeVersion(litellm.DefaultKubeVersion)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]map[string]any{"defaults": nil}
	g := example.Gateway(t, "prod")
	pool, err := litellm.PoolLimit(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{litellm.RoleAPI, litellm.RoleAdmin} {
		v, err := litellm.ReleaseValues(g, role, 34, pool)
		if err != nil {
			t.Fatal(err)
		}
		cases[role] = v
	}
	for name, values := range cases {
		t.Run(name, func(t *testing.T) {
			l := lint.AllWithKubeVersion(dir, values, g.Namespace, kv)
			for _, m := range l.Messages {
				if m.Severity >= support.WarningSev {
					t.Errorf("%v", m)
				} else {
					t.Logf("%v", m)
				}
			}
		})
	}
}
