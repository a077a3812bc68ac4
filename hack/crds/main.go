// Command crds regenerates third_party/crds, the copies of the upstream
// CustomResourceDefinitions the tests install into the API server and
// validate objects against, from a directory of the unchanged upstream files
// laid out as in [sources]:
//
//	go run ./hack/crds UPSTREAM_DIR
//
// Each copy is the upstream CRD reduced to its structural schema: the
// description of every schema node (upstream prose) is removed; every type,
// enum, pattern, format, default, CEL rule, x-kubernetes-* extension,
// version, subresource and printer column stays. A property that is itself
// named "description" stays too. A bundle whose CRDs all come as single
// files as well is not copied. The output depends only on the input: the
// same upstream files give byte-identical copies, so a version bump is one
// reviewable diff. The folder's README (provenance and licence of each file)
// is generated with it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	out := flag.String("out", "third_party/crds", "the folder to regenerate")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./hack/crds [-out DIR] UPSTREAM_DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "crds:", err)
		os.Exit(1)
	}
}

// file is one generated file.
type file struct {
	src     source
	name    string // base name
	crds    []crd
	removed int // descriptions removed
}

func (f file) rel() string { return filepath.ToSlash(filepath.Join(f.src.dir, f.name)) }

// run reads the upstream CRDs under in and rewrites out.
func run(in, out string) error {
	files, err := read(in)
	if err != nil {
		return err
	}
	files, skipped, err := dedupe(files)
	if err != nil {
		return err
	}
	if err := clean(out); err != nil {
		return err
	}
	for _, f := range files {
		data, err := encode(f.crds)
		if err != nil {
			return fmt.Errorf("%s: %w", f.rel(), err)
		}
		path := filepath.Join(out, filepath.FromSlash(f.rel()))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil { //nolint:gosec // checked-in data
			return err
		}
	}
	return os.WriteFile(filepath.Join(out, "README.md"), readme(files, skipped), 0o644) //nolint:gosec // checked-in docs
}

// read decodes and strips every *.yaml file of every source folder under in.
func read(in string) ([]file, error) {
	known := map[string]bool{}
	var files []file
	for _, src := range sources {
		known[src.dir] = true
		dir := filepath.Join(in, filepath.FromSlash(src.dir))
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("upstream folder of %s: %w", src.repo, err)
		}
		for _, e := range entries {
			if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			crds, err := decode(data)
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %w", src.dir, e.Name(), err)
			}
			if len(crds) == 0 {
				return nil, fmt.Errorf("%s/%s: no CRD", src.dir, e.Name())
			}
			f := file{src: src, name: e.Name(), crds: crds}
			for _, c := range crds {
				f.removed += strip(c)
			}
			files = append(files, f)
		}
	}
	// Every upstream file must have a provenance.
	err := filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return err
		}
		rel, err := filepath.Rel(in, filepath.Dir(path))
		if err != nil {
			return err
		}
		if !known[filepath.ToSlash(rel)] {
			return fmt.Errorf("%s: folder %s is not in the sources table of hack/crds", path, rel)
		}
		return nil
	})
	return files, err
}

// dedupe drops the bundles whose CRDs all come as single files too, and
// fails on a CRD defined differently in two files.
func dedupe(files []file) (kept []file, skipped []string, err error) {
	single := map[string][]byte{} // CRD name → encoded, from one-CRD files
	where := map[string]string{}
	for _, f := range files {
		if len(f.crds) != 1 {
			continue
		}
		c := f.crds[0]
		data, err := encode(f.crds)
		if err != nil {
			return nil, nil, err
		}
		if prev, ok := where[c.name]; ok {
			return nil, nil, fmt.Errorf("CRD %s is in %s and %s", c.name, prev, f.rel())
		}
		single[c.name], where[c.name] = data, f.rel()
	}
	for _, f := range files {
		if len(f.crds) == 1 {
			kept = append(kept, f)
			continue
		}
		covered := true
		for _, c := range f.crds {
			data, ok := single[c.name]
			if !ok {
				covered = false
				continue
			}
			own, err := encode([]crd{c})
			if err != nil {
				return nil, nil, err
			}
			if !bytes.Equal(own, data) {
				return nil, nil, fmt.Errorf("CRD %s is defined differently in %s and %s", c.name, f.rel(), where[c.name])
			}
		}
		if covered {
			skipped = append(skipped, f.rel())
			continue
		}
		kept = append(kept, f)
	}
	slices.SortFunc(kept, func(a, b file) int { return strings.Compare(a.rel(), b.rel()) })
	return kept, skipped, nil
}

// clean removes the generated files of a previous run: every *.yaml file and
// the README below out (and the folders left empty).
func clean(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var dirs []string
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			if path != out {
				dirs = append(dirs, path)
			}
			return nil
		case strings.HasSuffix(path, ".yaml") || path == filepath.Join(out, "README.md"):
			return os.Remove(path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Reverse(dirs) // children first
	for _, d := range dirs {
		_ = os.Remove(d) // removes only the folders left empty
	}
	return nil
}
