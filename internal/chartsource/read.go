package chartsource

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/ignore"

	"github.com/aigw-dev/aigw/internal/appfs"
)

// Bounds of a chart read from a folder.
const (
	maxChartFiles = 2000
	maxChartBytes = 20 << 20
)

// ReadFS reads a chart folder like helm's directory loader: honouring
// .helmignore, refusing irregular files, and within size bounds.
func ReadFS(fsys fs.FS) ([]*loader.BufferedFile, error) {
	rules := ignore.Empty()
	// Every file is read through appfs: a named pipe in a chart folder (even
	// as .helmignore) must be refused, never opened, or the render blocks.
	if data, err := appfs.ReadFile(fsys, ignore.HelmIgnore, appfs.MaxFileBytes); err == nil {
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
		if len(files) >= maxChartFiles {
			return fmt.Errorf("more than %d files", maxChartFiles)
		}
		data, err := appfs.ReadFile(fsys, name, int64(maxChartBytes-total))
		if err != nil {
			if _, ok := errors.AsType[*appfs.TooLargeError](err); ok {
				return fmt.Errorf("larger than %d MiB", maxChartBytes>>20)
			}
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
	return slices.ContainsFunc(files, func(f *loader.BufferedFile) bool { return strings.EqualFold(f.Name, "Chart.yaml") })
}
