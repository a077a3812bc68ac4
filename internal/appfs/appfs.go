// Package appfs reads the user's files of an application folder (the spec,
// the last-mile kustomization and the files it names) the way aigw must in
// Argo CD's repo-server: regular files only, each of bounded size. A named
// pipe would block a read forever and a device could be endless.
package appfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// MaxFileBytes bounds every file aigw reads from an application folder
// other than the spec (whose own limit is spec.MaxSpecBytes).
const MaxFileBytes = 1 << 20

// NotRegularError is the error of a file that is not a regular file.
type NotRegularError struct {
	Name string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file: aigw reads only regular files", e.Name, kind(e.Mode))
}

// TooLargeError is the error of a file above its size limit.
type TooLargeError struct {
	Name  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the limit for this file (see docs/input-limits.md)", e.Name, size(e.Limit))
}

// ReadFile reads name from fsys if it is a regular file (a symlink to one
// is followed by fsys) of at most limit bytes. The type is checked before
// the file is opened: opening a named pipe blocks until a writer comes.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	if st.Size() > limit {
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Checked again on the open file: the name may have been replaced.
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	return b, nil
}

// IsNotRegular reports whether err is a NotRegularError.
func IsNotRegular(err error) bool {
	var e *NotRegularError
	return errors.As(err, &e)
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
