//go:build unix

package serve

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestWatcherReadsNothingKithRefuses checks that the watcher, like the build, never reads a
// FIFO or a file outside the site: a new one counts as a change (so the rebuild names the
// error), and edits to a file outside the site, behind a link, go unseen.
func TestWatcherReadsNothingKithRefuses(t *testing.T) {
	dir := writeSite(t, watchedSite)
	w, err := newWatcher(dir, WatchOptions{Poll: true})
	if err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "secret.md")
	put(t, filepath.Dir(secret), "secret.md", "first")
	if err := os.Symlink(secret, filepath.Join(dir, "content", "lessons", "leak.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "lessons", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	settle := func(files ...string) {
		t.Helper()
		for _, f := range files {
			w.event(fsnotify.Event{Name: filepath.Join(dir, filepath.FromSlash(f)), Op: fsnotify.Create})
		}
		w.started = time.Now()
		done := make(chan struct{})
		go func() { w.settle(false); close(done) }()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatal("the watcher was still reading after a minute")
		}
	}
	settle("content/lessons/leak.md", "content/lessons/pipe.md")
	for _, f := range []string{"content/lessons/leak.md", "content/lessons/pipe.md"} {
		if !w.pending[f] {
			t.Errorf("the new %s was not reported, so the preview would not name it; pending = %v", f, w.pending)
		}
	}
	w.pending = map[string]bool{}
	put(t, filepath.Dir(secret), "secret.md", "edited outside the site")
	settle("content/lessons/leak.md")
	if w.pending["content/lessons/leak.md"] {
		t.Error("an edit to a file outside the site was seen through a link: the watcher read it")
	}
}
