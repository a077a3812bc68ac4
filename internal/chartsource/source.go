// Package chartsource is the pipeline stage that reads the LiteLLM chart
// before the builders run: the chart folder of the application
// (spec.litellm.chart.path), a packaged chart from a repository
// (spec.litellm.chart.repository, downloaded and cached), or the chart
// embedded in aigw. resolve chooses the source (resolve.ChartSource); the
// litellm builder receives the files in component.Input.Chart and does no
// I/O of its own.
package chartsource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"helm.sh/helm/v3/pkg/chart/loader"

	"github.com/aigw-dev/aigw/internal/component"
	"github.com/aigw-dev/aigw/internal/resolve"
)

// EmbeddedDir is the chart's folder in aigw.Files.
const EmbeddedDir = "base/charts/litellm"

// Loader reads charts. It holds configuration only and is safe for
// concurrent use.
type Loader struct {
	// Embedded holds the chart used when the spec names none (Chart.yaml at
	// its root).
	Embedded fs.FS
	// CacheDir is where charts pulled from a repository are cached; empty
	// disables the cache.
	CacheDir string
}

// New returns a Loader of the chart embedded in files (aigw.Files) that
// caches downloads in DefaultCacheDir.
func New(files fs.FS) *Loader {
	l := &Loader{CacheDir: DefaultCacheDir()}
	if sub, err := fs.Sub(files, EmbeddedDir); err == nil {
		l.Embedded = sub
	}
	return l
}

// DefaultCacheDir is <user cache dir>/aigw/charts (os.UserCacheDir, that is
// $XDG_CACHE_HOME or ~/.cache on Linux), or "" when there is none.
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "aigw", "charts")
}

// Load reads the chart src names: from app (the application folder) for a
// chart folder, from the repository (or the cache), or the embedded chart.
func (l *Loader) Load(ctx context.Context, src resolve.ChartSource, app fs.FS) (*component.Chart, error) {
	var files []*loader.BufferedFile
	var desc string
	var err error
	switch src.Kind {
	case resolve.ChartFolder:
		desc = fmt.Sprintf("chart folder %q (spec.litellm.chart.path)", src.Path)
		files, err = readFolder(app, src.Path)
	case resolve.ChartRepository:
		desc = fmt.Sprintf("chart %s %s from %s", src.Name, src.Version, src.Repository)
		var data []byte
		if data, err = l.fetchChart(ctx, src.Repository, src.Name, src.Version); err == nil {
			files, err = loader.LoadArchiveFiles(bytes.NewReader(data))
		}
	case resolve.ChartEmbedded:
		if l.Embedded == nil {
			return nil, errors.New("no embedded chart")
		}
		desc = "embedded chart"
		files, err = ReadFS(l.Embedded)
	default:
		return nil, fmt.Errorf("unknown chart source %q", src.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", desc, err)
	}
	ch := &component.Chart{Desc: desc, Files: make([]component.ChartFile, len(files))}
	for i, f := range files {
		ch.Files[i] = component.ChartFile{Name: f.Name, Data: f.Data}
	}
	return ch, nil
}

// readFolder reads the chart folder p of the application folder.
func readFolder(app fs.FS, p string) ([]*loader.BufferedFile, error) {
	if app == nil {
		return nil, errors.New("no application folder to read it from")
	}
	p = path.Clean(filepath.ToSlash(p))
	if !fs.ValidPath(p) || p == "." {
		return nil, errors.New("must be a folder inside the application folder")
	}
	sub, err := fs.Sub(app, p)
	if err != nil {
		return nil, err
	}
	return ReadFS(sub)
}
