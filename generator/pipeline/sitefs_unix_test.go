//go:build unix

package pipeline

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSpecialFilesAreErrors: a FIFO used to hang kith build forever and a link to /dev/zero to
// fill memory; each is now an error at its path in build, check and serve.
func TestSpecialFilesAreErrors(t *testing.T) {
	t.Run("FIFO", func(t *testing.T) {
		for _, file := range []string{"content/basics/pipe.md", "content/pipe.png", "quizzes/pipe.toml", "themes/default/layouts/lesson.html"} {
			dir := writeSite(t, sampleSite())
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(file)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(file)), 0o644); err != nil {
				t.Fatal(err)
			}
			refusedEverywhere(t, dir, file, "named pipe (FIFO)", "")
		}
	})
	t.Run("/dev/zero", func(t *testing.T) {
		dir := writeSite(t, sampleSite())
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "content", "zero.png")); err != nil {
			t.Fatal(err)
		}
		// /dev/zero is outside the site as well as a device: either reason keeps it unread.
		refusedEverywhere(t, dir, "content/zero.png", "outside the site", "")
	})
}
