package litellm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/ignore"

	"github.com/aigw-dev/aigw/internal/component"
)

// Bounds of a chart read from a folder.
const (
	maxChartFiles = 2000
	maxChartBytes = 20 << 20
)

// chartSource is a chart's files, read once per Build; loadChart parses them
// (Helm's install mutates a chart with dependencies, so such a chart is
// parsed once per release).
type chartSource struct {
	files []*loader.BufferedFile
	// desc names the chart in messages.
	desc string
}

// source finds the chart: spec.litellm.chart.path in the application
// folder, else spec.litellm.chart.repository, else the embedded chart.
func (b *Builder) source(ctx context.Context, in *component.Input) (*chartSource, error) {
	ref := in.Gateway.LiteLLM.Chart
	switch {
	case ref.Path != "":
		desc := fmt.Sprintf("chart folder %q (spec.litellm.chart.path)", ref.Path)
		if in.AppFS == nil {
			return nil, fmt.Errorf("%s: no application folder to read it from", desc)
		}
		p := path.Clean(filepath.ToSlash(ref.Path))
		if !fs.ValidPath(p) || p == "." {
			return nil, fmt.Errorf("%s: must be a folder inside the application folder", desc)
		}
		sub, err := fs.Sub(in.AppFS, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", desc, err)
		}
		files, err := readChartFS(sub)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", desc, err)
		}
		return &chartSource{files: files, desc: desc}, nil
	case ref.Repository != "":
		desc := fmt.Sprintf("chart %s %s from %s", ref.Name, ref.Version, ref.Repository)
		data, err := b.fetchChart(ctx, ref.Repository, ref.Name, ref.Version)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", desc, err)
		}
		files, err := loader.LoadArchiveFiles(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", desc, err)
		}
		return &chartSource{files: files, desc: desc}, nil
	default:
		if b.embedded == nil {
			return nil, errors.New("no embedded chart")
		}
		files, err := readChartFS(b.embedded)
		if err != nil {
			return nil, fmt.Errorf("embedded chart: %w", err)
		}
		return &chartSource{files: files, desc: "embedded chart"}, nil
	}
}

func (s *chartSource) load() (*chart.Chart, error) {
	ch, err := loader.LoadFiles(s.files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.desc, err)
	}
	return ch, nil
}

// readChartFS reads a chart folder like helm's directory loader: honouring
// .helmignore, refusing irregular files, and within size bounds.
func readChartFS(fsys fs.FS) ([]*loader.BufferedFile, error) {
	rules := ignore.Empty()
	if data, err := fs.ReadFile(fsys, ignore.HelmIgnore); err == nil {
		if rules, err = ignore.Parse(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("%s: %w", ignore.HelmIgnore, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	rules.AddDefaults()

	var files []*loader.BufferedFile
	total := 0
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		fi, err := fs.Stat(fsys, name) // follows a symlink that stays inside
		if err != nil {
			return err
		}
		if fi.IsDir() {
			if d.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("%s: symbolic links to folders are not supported", name)
			}
			if rules.Ignore(name, fi) {
				return fs.SkipDir
			}
			return nil
		}
		if rules.Ignore(name, fi) {
			return nil
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", name)
		}
		if len(files) >= maxChartFiles {
			return fmt.Errorf("more than %d files", maxChartFiles)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if total += len(data); total > maxChartBytes {
			return fmt.Errorf("larger than %d MiB", maxChartBytes>>20)
		}
		files = append(files, &loader.BufferedFile{Name: name, Data: bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 || !hasChartYAML(files) {
		return nil, errors.New("no Chart.yaml: not a Helm chart")
	}
	return files, nil
}

func hasChartYAML(files []*loader.BufferedFile) bool {
	for _, f := range files {
		if strings.EqualFold(f.Name, "Chart.yaml") {
			return true
		}
	}
	return false
}
