//go:build unix

package sitefs

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesAreRefusedWithoutReading checks that a FIFO (which a read would wait on
// forever) and a link to /dev/zero (which a read would fill memory from) are refused at once.
func TestSpecialFilesAreRefusedWithoutReading(t *testing.T) {
	root, _ := site(t)
	if err := syscall.Mkfifo(filepath.Join(root, "content", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	symlink(t, "/dev/zero", filepath.Join(root, "content", "zero.png"))
	for rel, want := range map[string]string{"content/pipe.md": "named pipe", "content/zero.png": ""} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(root, rel); done <- err }()
		select {
		case err := <-done:
			if !Refused(err) || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: ReadFile = %v; want a refusal", rel, err)
			}
			if rel == "content/pipe.md" && !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v is not ErrNotRegular", rel, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: ReadFile still had not returned after 10 s", rel)
		}
	}
}
