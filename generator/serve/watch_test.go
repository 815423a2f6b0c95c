package serve

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"kith/internal/sitetest"
)

var (
	writeSite = sitetest.New
	put       = sitetest.Write
)

// startWatch writes watchedSite into a new folder and watches it until the test ends.
func startWatch(t *testing.T, opts WatchOptions) (string, *Watcher) {
	t.Helper()
	dir := writeSite(t, watchedSite)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := Watch(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return dir, w
}

// watchedSite has a file in each folder the watcher watches.
var watchedSite = sitetest.Parse(`
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/_index.md --
+++
title = "Home"
+++
Welcome.
-- content/lessons/first.md --
+++
title = "First"
+++
One.
-- content/lessons/second.md --
+++
title = "Second"
+++
Two.
-- quizzes/check.toml --
title = "Check"
-- themes/default/layouts/x.t --
x
`)

// sentinel is a file no test otherwise touches, written to learn that the watcher has reported
// everything before it.
const sentinel = "content/sentinel.md"

// nothingElse writes the sentinel and checks that the next batch is the sentinel alone: the
// watcher reported nothing besides what the test already took. It waits for that event rather
// than for a window of silence, which a loaded machine can stretch.
func nothingElse(t *testing.T, dir string, w *Watcher) {
	t.Helper()
	put(t, dir, sentinel, time.Now().String())
	if got := next(t, w, 10*time.Second); !reflect.DeepEqual(got, []string{sentinel}) {
		t.Fatalf("changes = %v, want only %s, written after everything else", got, sentinel)
	}
}

// waitPending waits until the watcher holds exactly want for its caller's next call.
func waitPending(t *testing.T, w *Watcher, want []string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		w.mu.Lock()
		got := slices.Sorted(maps.Keys(w.pending))
		w.mu.Unlock()
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the watcher holds %v, want %v", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// next waits for the watcher's next batch of changes, or returns nil after wait.
func next(t *testing.T, w *Watcher, wait time.Duration) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	got, err := w.Next(ctx)
	if err != nil {
		return nil
	}
	return got
}

// TestWatcherEditorSaves checks that each way editors save a file gives exactly one change,
// naming the file, and that saves which change no bytes give none.
func TestWatcherEditorSaves(t *testing.T) {
	const file = "content/lessons/first.md"
	cases := []struct {
		name string
		save func(t *testing.T, dir string) // must leave file with final, or unchanged
		want []string
		// twice is set when the save writes the file twice: the first may be read at its
		// first event, and the second is then a second change.
		twice bool
	}{
		{"write in place", func(t *testing.T, dir string) {
			put(t, dir, file, "+++\ntitle = \"First\"\n+++\nhalf")
			put(t, dir, file, "+++\ntitle = \"First\"\n+++\nfinal\n")
		}, []string{file}, true},
		{"temporary file renamed over (VS Code, JetBrains)", func(t *testing.T, dir string) {
			put(t, dir, "content/lessons/first.md___jb_tmp___", "+++\ntitle = \"First\"\n+++\nfinal\n")
			rename(t, dir, file, "content/lessons/first.md___jb_old___")
			rename(t, dir, "content/lessons/first.md___jb_tmp___", file)
			remove(t, dir, "content/lessons/first.md___jb_old___")
		}, []string{file}, false},
		{"vim: 4913 probe, backup renamed away, new file written", func(t *testing.T, dir string) {
			put(t, dir, "content/lessons/4913", "")
			remove(t, dir, "content/lessons/4913")
			put(t, dir, "content/lessons/.first.md.swp", "swap")
			rename(t, dir, file, "content/lessons/first.md~")
			put(t, dir, file, "+++\ntitle = \"First\"\n+++\nfinal\n")
			remove(t, dir, "content/lessons/first.md~")
		}, []string{file}, false},
		{"slow rename over: the file is missing for a moment", func(t *testing.T, dir string) {
			rename(t, dir, file, "content/lessons/first.md~")
			time.Sleep(40 * time.Millisecond)
			put(t, dir, file, "+++\ntitle = \"First\"\n+++\nfinal\n")
		}, []string{file}, false},
		{"chmod only", func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, file), 0o600); err != nil {
				t.Fatal(err)
			}
		}, nil, false},
		{"touch and same bytes written again", func(t *testing.T, dir string) {
			now := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(dir, file), now, now); err != nil {
				t.Fatal(err)
			}
			put(t, dir, file, watchedSite[file])
		}, nil, false},
		{"swap, backup and lock files only", func(t *testing.T, dir string) {
			put(t, dir, "content/lessons/.first.md.swp", "swap")
			put(t, dir, "content/lessons/first.md~", "backup")
			put(t, dir, "content/lessons/#first.md#", "autosave")
			put(t, dir, "content/lessons/.#first.md", "lock")
			put(t, dir, "quizzes/4913", "")
		}, nil, false},
		{"a file outside the inputs", func(t *testing.T, dir string) {
			put(t, dir, "notes.txt", "x")
		}, nil, false},
	}
	for _, pollMode := range []bool{false, true} {
		for _, c := range cases {
			name := c.name
			if pollMode {
				name += " (polling)"
			}
			t.Run(name, func(t *testing.T) {
				dir, w := startWatch(t, WatchOptions{Poll: pollMode, Interval: 20 * time.Millisecond})
				c.save(t, dir)
				if c.want == nil {
					nothingElse(t, dir, w)
					return
				}
				if got := next(t, w, 10*time.Second); !reflect.DeepEqual(got, c.want) {
					t.Fatalf("changes = %v, want %v", got, c.want)
				}
				// One save gives one rebuild, or two when it wrote twice and its first write
				// was read at once.
				if c.twice {
					if got := next(t, w, 200*time.Millisecond); got != nil && !reflect.DeepEqual(got, c.want) {
						t.Fatalf("second batch = %v, want %v or none", got, c.want)
					}
				}
				nothingElse(t, dir, w)
				data, _ := os.ReadFile(filepath.Join(dir, file))
				if string(data) != "+++\ntitle = \"First\"\n+++\nfinal\n" {
					t.Fatalf("the file holds %q after the save", data)
				}
			})
		}
	}
}

// TestWatcherReadsASaveAtOnce checks that a save that begins after a pause is handed over at its
// first event, without waiting for the save to settle, but not while the file is empty (an
// editor that truncates it before writing) or gone; and that Recheck hands such a save over
// again once it has settled, the same bytes or not.
func TestWatcherReadsASaveAtOnce(t *testing.T) {
	// A Quiet far longer than the test waits: only a save read at once can arrive in time.
	dir, w := startWatch(t, WatchOptions{Quiet: 2 * time.Second, MaxWait: 10 * time.Second})
	const file = "content/lessons/first.md"
	time.Sleep(eagerAfter)
	put(t, dir, file, "+++\ntitle = \"First\"\n+++\nsaved\n")
	if got := next(t, w, time.Second); !reflect.DeepEqual(got, []string{file}) {
		t.Fatalf("changes = %v, want %s at once", got, file)
	}
	if !w.Recheck() {
		t.Fatal("Recheck = false after a save read at its first event")
	}
	if got := next(t, w, 10*time.Second); !reflect.DeepEqual(got, []string{file}) {
		t.Fatalf("after Recheck, changes = %v, want %s again", got, file)
	}
	if w.Recheck() {
		t.Fatal("Recheck = true after a save that had settled")
	}

	// Truncated, then written after a while: the empty file is not read at once.
	time.Sleep(eagerAfter)
	put(t, dir, file, "")
	if got := next(t, w, time.Second); got != nil {
		t.Fatalf("an emptied file was handed over at once: %v", got)
	}
	put(t, dir, file, "+++\ntitle = \"First\"\n+++\nwritten\n")
	if got := next(t, w, 10*time.Second); !reflect.DeepEqual(got, []string{file}) {
		t.Fatalf("changes = %v, want %s", got, file)
	}
}

// TestHalfWrittenSaveShowsNoError checks that a save read before it was whole, which does not
// build, shows no error while the editor finishes writing it; and that an error that stays once
// the save has settled is shown.
func TestHalfWrittenSaveShowsNoError(t *testing.T) {
	var log strings.Builder
	srv, dir := startServer(t, previewSite, Options{Log: &syncWriter{w: &log},
		Watch: WatchOptions{Quiet: time.Second, MaxWait: 10 * time.Second}})
	_, body := get(t, "http://"+srv.Addr()+"/toolkit/lessons/first/")
	ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
	const file = "content/lessons/first.md"
	time.Sleep(eagerAfter)
	f, err := os.OpenFile(filepath.Join(dir, file), os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The front matter is not closed yet: this much does not build.
	if _, err := f.WriteString("+++\ntitle = \"First lesson\"\nweight = 1\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.watcher.rechecks.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if srv.watcher.rechecks.Load() == 0 {
		t.Fatal("the half-written save was not read at its first event: this test cannot see what it checks")
	}
	if _, err := f.WriteString("+++\nWritten in two steps.\n"); err != nil {
		t.Fatal(err)
	}
	if m := expect(t, ch, "reload"); !strings.Contains(m.HTML, "Written in two steps.") {
		t.Fatalf("the reload after the save does not show it")
	}
	if strings.Contains(log.String(), "could not be built") {
		t.Fatalf("the half-written save was reported as an error:\n%s", log.String())
	}

	// Broken for good: shown once the save has settled.
	time.Sleep(eagerAfter)
	put(t, dir, file, "+++\ntitle = \"First lesson\"\n")
	expect(t, ch, "errors")
}

// TestWatcherChmodWithNewContent checks that a chmod event is not dropped when the file's bytes
// did change, as when a Docker or network-drive notifier reports every change as a chmod.
func TestWatcherChmodWithNewContent(t *testing.T) {
	dir := writeSite(t, watchedSite)
	w, err := newWatcher(dir, WatchOptions{Poll: true})
	if err != nil {
		t.Fatal(err)
	}
	const file = "content/lessons/first.md"
	abs := filepath.Join(dir, filepath.FromSlash(file))
	w.event(fsnotify.Event{Name: abs, Op: fsnotify.Chmod})
	w.started = time.Now()
	w.settle(false)
	if len(w.pending) != 0 {
		t.Fatalf("a chmod of unchanged bytes gave changes %v", w.pending)
	}
	put(t, dir, file, "new bytes")
	w.event(fsnotify.Event{Name: abs, Op: fsnotify.Chmod})
	w.started = time.Now()
	w.settle(false)
	if !w.pending[file] {
		t.Fatalf("a chmod event on changed bytes was dropped; pending = %v", w.pending)
	}
}

// TestWatcherFolders checks folders created, renamed and removed while watching.
func TestWatcherFolders(t *testing.T) {
	dir, w := startWatch(t, WatchOptions{})
	put(t, dir, "content/extra/deep/new.md", "new")
	if got, want := next(t, w, 10*time.Second), []string{"content/extra/deep/new.md"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("new folder: changes = %v, want %v", got, want)
	}
	// A file added to the new folder later is seen too: the folder is watched.
	put(t, dir, "content/extra/deep/later.md", "later")
	if got, want := next(t, w, 10*time.Second), []string{"content/extra/deep/later.md"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("file in new folder: changes = %v, want %v", got, want)
	}
	rename(t, dir, "content/lessons", "content/chapters")
	want := []string{"content/chapters/first.md", "content/chapters/second.md", "content/lessons/first.md", "content/lessons/second.md"}
	if got := next(t, w, 10*time.Second); !reflect.DeepEqual(got, want) {
		t.Fatalf("renamed folder: changes = %v, want %v", got, want)
	}
	put(t, dir, "content/chapters/first.md", "edited after the rename")
	if got, want := next(t, w, 10*time.Second), []string{"content/chapters/first.md"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("edit in renamed folder: changes = %v, want %v", got, want)
	}
	if err := os.RemoveAll(filepath.Join(dir, "content/extra")); err != nil {
		t.Fatal(err)
	}
	if got, want := next(t, w, 10*time.Second), []string{"content/extra/deep/later.md", "content/extra/deep/new.md"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("removed folder: changes = %v, want %v", got, want)
	}
	put(t, dir, "content/extra/again.md", "a folder of the same name, again")
	if got, want := next(t, w, 10*time.Second), []string{"content/extra/again.md"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("recreated folder: changes = %v, want %v", got, want)
	}
}

// TestWatcherBurst checks that many files written at once, as by git checkout, are one batch.
// A steady stream is cut after MaxWait by design, so the test lifts that bound: writing 300 files
// takes more than the default second on a loaded machine.
func TestWatcherBurst(t *testing.T) {
	dir, w := startWatch(t, WatchOptions{MaxWait: time.Minute})
	const n = 300
	for i := range n {
		put(t, dir, fmt.Sprintf("content/burst/lesson-%03d.md", i), "text")
	}
	// The first file is read at its first event, the others once the stream has settled.
	got := next(t, w, 10*time.Second)
	if len(got) == 1 {
		got = append(got, next(t, w, 10*time.Second)...)
	}
	if len(got) != n {
		t.Fatalf("the first batches have %d changes, want the first file, then the %d others", len(got), n-1)
	}
	nothingElse(t, dir, w)
}

// TestWatcherQueuesDuringRebuild checks that changes made while the caller is busy are kept for
// its next call, none lost and none split.
func TestWatcherQueuesDuringRebuild(t *testing.T) {
	dir, w := startWatch(t, WatchOptions{})
	put(t, dir, "content/lessons/first.md", "1")
	if got := next(t, w, 10*time.Second); len(got) != 1 {
		t.Fatalf("changes = %v", got)
	}
	// The caller is "rebuilding": two saves arrive, each settled, before it asks again.
	put(t, dir, "content/lessons/first.md", "2")
	waitPending(t, w, []string{"content/lessons/first.md"})
	put(t, dir, "content/lessons/second.md", "2")
	want := []string{"content/lessons/first.md", "content/lessons/second.md"}
	waitPending(t, w, want)
	if got := next(t, w, 10*time.Second); !reflect.DeepEqual(got, want) {
		t.Fatalf("queued changes = %v, want %v", got, want)
	}
}

func rename(t testing.TB, dir, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(dir, filepath.FromSlash(from)), filepath.Join(dir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func remove(t testing.TB, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
}

// TestWatcherFallsBackToPolling checks that running out of watches is said, and that changes
// are still seen by polling.
func TestWatcherFallsBackToPolling(t *testing.T) {
	dir := writeSite(t, watchedSite)
	var said []string
	w, err := newWatcher(dir, WatchOptions{Interval: 20 * time.Millisecond, Log: func(format string, args ...any) {
		said = append(said, fmt.Sprintf(format, args...))
	}})
	if err != nil {
		t.Fatal(err)
	}
	// What inotify_add_watch returns when fs.inotify.max_user_watches is reached.
	w.pollBecause(&os.PathError{Op: "inotify_add_watch", Path: dir, Err: syscall.ENOSPC})
	if !w.Polling() || len(said) != 1 || !strings.Contains(said[0], "limit on watched folders") || !strings.Contains(said[0], "every 20ms") {
		t.Fatalf("polling = %v, said %q", w.Polling(), said)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.run(ctx)
	put(t, dir, "content/lessons/first.md", "changed")
	if got, want := next(t, w, 10*time.Second), []string{"content/lessons/first.md"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("changes = %v, want %v", got, want)
	}
}
