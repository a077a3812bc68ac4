package chartsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/getter"
	"helm.sh/helm/v3/pkg/registry"
	"helm.sh/helm/v3/pkg/repo"
	"sigs.k8s.io/yaml"
)

// FetchTimeout bounds each download from a chart repository.
const FetchTimeout = 60 * time.Second

// fetchChart returns the packaged chart (.tgz) name@version of a repository
// (https:// with an index.yaml, or oci://), from the cache when present.
//
// The cache is <CacheDir>/<sha256(repository, name, version)>/<name>-<version>.tgz.
// A version is immutable in a well-run repository, so a cached archive is
// used without asking the repository again. A download is checked against
// the index digest (https) and against name and version before it is cached
// (atomically, so a cache entry is always a whole download).
// Writing the cache is best effort: a read-only or missing cache directory
// only costs a download per render.
func (l *Loader) fetchChart(ctx context.Context, repository, name, version string) ([]byte, error) {
	if name == "" || version == "" {
		return nil, errors.New("a chart from a repository needs name and version")
	}
	file := ""
	if l.CacheDir != "" {
		sum := sha256.Sum256([]byte(repository + "\x00" + name + "\x00" + version))
		file = filepath.Join(l.CacheDir, hex.EncodeToString(sum[:16]), name+"-"+version+".tgz")
		if data, err := os.ReadFile(file); err == nil {
			return data, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading the chart cache: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var data []byte
	var err error
	switch {
	case strings.HasPrefix(repository, "oci://"):
		data, err = pullOCI(repository, name, version)
	case strings.HasPrefix(repository, "https://"), strings.HasPrefix(repository, "http://"):
		data, err = pullHTTP(repository, name, version)
	default:
		err = fmt.Errorf("repository %q: only https:// and oci:// are supported", repository)
	}
	if err != nil {
		return nil, err
	}
	if err := checkArchive(data, name, version); err != nil {
		return nil, err
	}
	if file != "" {
		writeCache(file, data)
	}
	return data, nil
}

// pullHTTP reads the repository index, finds exactly name@version and
// downloads its archive, verifying the index digest when there is one.
func pullHTTP(repository, name, version string) ([]byte, error) {
	g, err := getter.NewHTTPGetter(getter.WithTimeout(FetchTimeout))
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(repository, "/")
	idx, err := g.Get(base+"/index.yaml", getter.WithURL(repository))
	if err != nil {
		return nil, fmt.Errorf("reading the repository index: %w", err)
	}
	var index repo.IndexFile
	if err := yaml.Unmarshal(idx.Bytes(), &index); err != nil {
		return nil, fmt.Errorf("parsing the repository index: %w", err)
	}
	var cv *repo.ChartVersion
	for _, v := range index.Entries[name] {
		if v != nil && v.Metadata != nil && v.Version == version {
			cv = v
			break
		}
	}
	if cv == nil {
		return nil, fmt.Errorf("version %s of chart %s is not in the repository index", version, name)
	}
	if len(cv.URLs) == 0 {
		return nil, fmt.Errorf("the repository index lists no URL for %s %s", name, version)
	}
	u, err := repo.ResolveReferenceURL(base+"/", cv.URLs[0])
	if err != nil {
		return nil, fmt.Errorf("chart URL %q: %w", cv.URLs[0], err)
	}
	buf, err := g.Get(u, getter.WithURL(repository))
	if err != nil {
		return nil, fmt.Errorf("downloading %s: %w", u, err)
	}
	data := buf.Bytes()
	if cv.Digest != "" {
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != strings.TrimPrefix(cv.Digest, "sha256:") {
			return nil, fmt.Errorf("downloaded %s has digest %s, the index says %s", u, got, cv.Digest)
		}
	}
	return data, nil
}

// pullOCI pulls <repository>/<name>:<version> with Helm's registry client
// (credentials from helm registry login or the Docker config).
func pullOCI(repository, name, version string) ([]byte, error) {
	client, err := registry.NewClient(registry.ClientOptEnableCache(true))
	if err != nil {
		return nil, fmt.Errorf("registry client: %w", err)
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(repository, "oci://"), "/") + "/" + name + ":" + version
	res, err := client.Pull(ref, registry.PullOptWithChart(true))
	if err != nil {
		return nil, fmt.Errorf("pulling %s: %w", ref, err)
	}
	if res.Chart == nil || len(res.Chart.Data) == 0 {
		return nil, fmt.Errorf("pulling %s: no chart layer", ref)
	}
	return res.Chart.Data, nil
}

// checkArchive makes sure data is the chart that was asked for.
func checkArchive(data []byte, name, version string) error {
	ch, err := loader.LoadArchive(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not a chart archive: %w", err)
	}
	if ch.Metadata.Name != name || ch.Metadata.Version != version {
		return fmt.Errorf("the archive holds %s %s, not %s %s", ch.Metadata.Name, ch.Metadata.Version, name, version)
	}
	return nil
}

// writeCache stores data atomically (temporary file and rename), so that
// concurrent renders never read a partial archive. Failures are ignored.
func writeCache(file string, data []byte) {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".download-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), file) != nil {
		os.Remove(tmp.Name())
	}
}
