package appfs

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFile: regular files within the limit are read; a FIFO, a socket,
// a device, a directory and a file above the limit are refused without
// blocking.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.yaml", "a: 1\n")
	write("big.yaml", strings.Repeat("x", 101))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "sock.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := os.Symlink("ok.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	tests := []struct {
		name, want, wantErr string
	}{
		{"ok.yaml", "a: 1\n", ""},
		{"link.yaml", "a: 1\n", ""},
		{"big.yaml", "", "big.yaml is larger than 100 bytes"},
		{"fifo.yaml", "", "fifo.yaml is a named pipe (FIFO), not a regular file"},
		{"sock.yaml", "", "sock.yaml is a socket, not a regular file"},
		{"zero.yaml", "", "zero.yaml is a character device, not a regular file"},
		{"sub", "", "sub is a directory, not a regular file"},
		{"gone.yaml", "", "no such file"},
	}
	for _, tt := range tests {
		b, err := ReadFile(fsys, tt.name, 100)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: %q, %v", tt.name, b, err)
		}
	}
}
