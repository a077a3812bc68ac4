package gitrepo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"
)

// Limits of one application folder read from git: a gateway folder holds a
// spec, perhaps a kustomization and a chart, never this much. They stop a
// mistaken PATH (the root of a monorepo) from reading gigabytes.
const (
	maxFiles = 20000
	maxBytes = 64 << 20
	// maxLinkDepth bounds chains of symbolic links.
	maxLinkDepth = 8
)

// ErrEscapes is returned when a file of the tree is a symbolic link that
// leaves the application folder (or points nowhere): like the render
// pipeline, a tree never follows such a link.
var ErrEscapes = errors.New("symbolic link leaves the application folder")

// Tree is the application folder at one commit, an fs.FS whose root is the
// folder. Files are read eagerly, so a Tree holds no process or file open.
type Tree struct {
	files fstest.MapFS
	// links are symbolic links that leave the folder or dangle: opening
	// one fails with ErrEscapes.
	links map[string]string
	// Commit is the revision the tree was read at.
	Commit Commit
	// prefix is the folder's path in the repository ("" for the root).
	prefix string
}

var _ fs.ReadFileFS = (*Tree)(nil)

// entry is one line of git ls-tree.
type entry struct {
	mode, typ, oid, name string
	size                 int64
}

// ReadTree reads the application folder as it is at commit c.
func (r *Repo) ReadTree(ctx context.Context, c Commit) (*Tree, error) {
	args := []string{"ls-tree", "-r", "-z", "-l", "--full-tree", c.ID}
	if r.prefix != "" {
		args = append(args, "--", r.prefix+"/")
	}
	out, err := git(ctx, r.top, nil, args...)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", c.String()+":"+r.Path(), err)
	}
	entries, err := parseLsTree(out, r.prefix)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", c.String()+":"+r.Path(), err)
	}
	t := &Tree{files: fstest.MapFS{}, links: map[string]string{}, Commit: c, prefix: r.prefix}
	if len(entries) == 0 {
		return t, nil
	}
	contents, err := r.readBlobs(ctx, entries)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", c.String()+":"+r.Path(), err)
	}
	targets := map[string]string{}
	for _, e := range entries {
		data := contents[e.oid]
		switch e.mode {
		case "120000":
			targets[e.name] = string(data)
		case "100755":
			t.files[e.name] = &fstest.MapFile{Data: data, Mode: 0o755}
		default:
			t.files[e.name] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
	}
	t.resolveLinks(targets)
	return t, nil
}

// parseLsTree parses `git ls-tree -r -z -l` output, keeping the blobs under
// prefix with names relative to it. Submodules (commits) are skipped: aigw
// never reads them.
func parseLsTree(out []byte, prefix string) ([]entry, error) {
	var (
		entries []entry
		total   int64
	)
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := strings.Cut(string(rec), "\t")
		if !ok {
			return nil, fmt.Errorf("unexpected ls-tree line %q", rec)
		}
		f := strings.Fields(meta)
		if len(f) != 4 {
			return nil, fmt.Errorf("unexpected ls-tree line %q", rec)
		}
		if f[1] != "blob" {
			continue
		}
		rel := name
		if prefix != "" {
			var under bool
			rel, under = strings.CutPrefix(name, prefix+"/")
			if !under {
				continue
			}
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("unexpected size in ls-tree line %q", rec)
		}
		total += size
		entries = append(entries, entry{mode: f[0], typ: f[1], oid: f[2], name: rel, size: size})
		if len(entries) > maxFiles || total > maxBytes {
			return nil, fmt.Errorf("the folder holds more than %d files or %d MiB; point aigw at the gateway's own folder", maxFiles, maxBytes>>20)
		}
	}
	return entries, nil
}

// readBlobs reads the blobs of entries with one git cat-file --batch.
func (r *Repo) readBlobs(ctx context.Context, entries []entry) (map[string][]byte, error) {
	var in bytes.Buffer
	want := map[string]bool{}
	for _, e := range entries {
		if !want[e.oid] {
			want[e.oid] = true
			in.WriteString(e.oid + "\n")
		}
	}
	out, err := git(ctx, r.top, &in, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	blobs := map[string][]byte{}
	br := bufio.NewReader(bytes.NewReader(out))
	for len(blobs) < len(want) {
		header, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("short cat-file output: %w", err)
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[1] != "blob" {
			return nil, fmt.Errorf("unexpected cat-file header %q", strings.TrimSpace(header))
		}
		size, err := strconv.Atoi(f[2])
		if err != nil || size < 0 {
			return nil, fmt.Errorf("unexpected cat-file header %q", strings.TrimSpace(header))
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(br, data); err != nil {
			return nil, fmt.Errorf("short cat-file output for %s: %w", f[0], err)
		}
		if _, err := br.Discard(1); err != nil {
			return nil, fmt.Errorf("short cat-file output for %s: %w", f[0], err)
		}
		blobs[f[0]] = data
	}
	return blobs, nil
}

// resolveLinks replaces each symbolic link that stays inside the folder by a
// copy of its target (a file, or every file under a directory) and records
// the others, so that opening them fails as the render pipeline's confined
// folder does.
func (t *Tree) resolveLinks(targets map[string]string) {
	names := make([]string, 0, len(targets))
	for n := range targets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		target, ok := followLink(name, targets)
		if !ok {
			t.links[name] = targets[name]
			continue
		}
		if f, isFile := t.files[target]; isFile {
			t.files[name] = f
			continue
		}
		copied := false
		for n, f := range t.files {
			if rest, under := strings.CutPrefix(n, target+"/"); under {
				t.files[name+"/"+rest] = f
				copied = true
			}
		}
		if !copied {
			t.links[name] = targets[name]
		}
	}
}

// followLink resolves a chain of links from name; ok is false when the chain
// leaves the folder, is absolute, or is too long.
func followLink(name string, targets map[string]string) (string, bool) {
	cur := name
	for range maxLinkDepth {
		target, isLink := targets[cur]
		if !isLink {
			return cur, true
		}
		if path.IsAbs(target) {
			return "", false
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") || next == "." {
			return "", false
		}
		cur = next
	}
	return "", false
}

// Open implements fs.FS.
func (t *Tree) Open(name string) (fs.File, error) {
	if err := t.check("open", name); err != nil {
		return nil, err
	}
	return t.files.Open(name)
}

// ReadFile implements fs.ReadFileFS.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	if err := t.check("read", name); err != nil {
		return nil, err
	}
	return t.files.ReadFile(name)
}

// check fails for a path through a link that leaves the folder.
func (t *Tree) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	for p := name; p != "."; p = path.Dir(p) {
		if _, bad := t.links[p]; bad {
			return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("%w (%s -> %s)", ErrEscapes, p, t.links[p])}
		}
	}
	return nil
}

// Has reports whether the tree holds a regular file name.
func (t *Tree) Has(name string) bool {
	_, ok := t.files[name]
	return ok
}

// FileName names a file of the tree in messages: "origin/main:gateways/ai/aigateway.yaml".
func (t *Tree) FileName(name string) string {
	rev := t.Commit.Rev
	if rev == "" {
		rev = t.Commit.Short
	}
	return rev + ":" + path.Join(t.prefix, name)
}

// Len is the number of files in the tree.
func (t *Tree) Len() int { return len(t.files) }
