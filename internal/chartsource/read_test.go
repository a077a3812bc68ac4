package chartsource

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadFSRefusesSpecialFiles: a chart folder comes from a pull request, so
// a named pipe anywhere in it (the .helmignore read first included) must be
// refused by its type, never opened: opening a FIFO blocks until a writer
// comes, which would hang the repo-server's render.
func TestReadFSRefusesSpecialFiles(t *testing.T) {
	for _, fifo := range []string{".helmignore", "templates/a.yaml"} {
		t.Run(fifo, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "Chart.yaml"), []byte("apiVersion: v2\nname: c\nversion: 1.0.0\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, fifo), 0o644); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := ReadFS(os.DirFS(dir))
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Fatalf("ReadFS = %v, want a not-a-regular-file error for %s", err, fifo)
				}
			case <-time.After(time.Minute): // a hang detector, not a speed assertion
				t.Fatalf("ReadFS blocked on the named pipe %s", fifo)
			}
		})
	}
}
