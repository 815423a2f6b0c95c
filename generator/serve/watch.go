package serve

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"kith/generator/sitefs"
)

// WatchOptions tune a Watcher. The zero value watches with fsnotify and the default timings.
type WatchOptions struct {
	Poll bool // poll instead of using fsnotify
	// Quiet is how long no event must arrive before a burst of events is settled; a burst of
	// many files waits up to 21 times as long.
	Quiet time.Duration
	// Grace is how long a file that vanished may take to come back (an editor that renames the
	// old file away before writing the new one) before it counts as deleted.
	Grace time.Duration
	// MaxWait bounds how long a steady stream of events can delay a rebuild.
	MaxWait time.Duration
	// Interval is the time between two scans when polling.
	Interval time.Duration
	// Log receives what the author should know: that it polls, and why.
	Log func(format string, args ...any)
}

// Watcher reports which input files of a site changed their content. It watches folders, not
// files, and decides by content hash: an event on a file whose bytes are unchanged is dropped,
// and editor swap, backup and lock files are ignored.
type Watcher struct {
	root string
	opts WatchOptions
	seed maphash.Seed

	mu      sync.Mutex
	pending map[string]bool
	// since is when the first event of the changes in pending arrived, and taken the same for
	// the changes Next last returned: the start of a save, for the latency benchmark's trace.
	since, taken time.Time
	// early is set when a change in pending was read at the first event of its save, which
	// the save may not have finished writing; taken is what Next last returned, takenEarly
	// the same for it.
	early, takenEarly bool
	takenFiles        []string
	again             chan []string // files to hand to Next again once their save settles
	rechecks          atomic.Int32  // how many times Recheck handed files again, for tests
	ready             chan struct{}
	done              chan struct{}
	polling           bool

	// Owned by the watching goroutine.
	files   map[string]fileState // input files by slash path from the root
	dirs    map[string]bool      // watched folders by slash path from the root ("" is the root)
	fsw     *fsnotify.Watcher
	dirty   map[string]bool
	started time.Time // when the first event of the current burst arrived
	// eager is set while the events of a save that began after a pause (of eagerAfter, with
	// nothing else waiting) have not been handed to Next: they are read at once, instead of
	// once Quiet has passed.
	eager    bool
	lastMark time.Time       // when the last event on an input file arrived
	force    map[string]bool // dirty files to hand to Next even if their bytes are the same
}

type fileState struct {
	hash uint64
	size int64
	mod  time.Time
	ino  uint64
}

// Watch starts watching the site in root. It stops when ctx is done.
func Watch(ctx context.Context, root string, opts WatchOptions) (*Watcher, error) {
	w, err := newWatcher(root, opts)
	if err != nil {
		return nil, err
	}
	go w.run(ctx)
	return w, nil
}

// newWatcher records the site's files and adds the watches, without handling events yet.
func newWatcher(root string, opts WatchOptions) (*Watcher, error) {
	if opts.Quiet == 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.Grace == 0 {
		opts.Grace = 150 * time.Millisecond
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = time.Second
	}
	if opts.Interval == 0 {
		opts.Interval = 500 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	w := &Watcher{root: root, opts: opts, seed: maphash.MakeSeed(), pending: map[string]bool{},
		ready: make(chan struct{}, 1), done: make(chan struct{}), files: map[string]fileState{},
		dirs: map[string]bool{}, dirty: map[string]bool{}, force: map[string]bool{},
		again: make(chan []string, 1)}
	if _, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("cannot watch the site: %w", err)
	}
	w.polling = opts.Poll
	if !w.polling {
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			w.pollBecause(err)
		} else {
			w.fsw = fsw
		}
	}
	w.addTree("", false)
	if w.polling && w.fsw != nil {
		w.fsw.Close()
		w.fsw = nil
	}
	return w, nil
}

// Polling reports whether the watcher polls instead of receiving events.
func (w *Watcher) Polling() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polling
}

// Folders returns how many folders are watched.
func (w *Watcher) Folders() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.dirs)
}

// Next waits until some input files have changed and returns their slash paths from the site's
// folder, sorted. Changes that happen while the caller is busy are gathered for the next call.
func (w *Watcher) Next(ctx context.Context) ([]string, error) {
	for {
		w.mu.Lock()
		if len(w.pending) > 0 {
			out := make([]string, 0, len(w.pending))
			for p := range w.pending {
				out = append(out, p)
			}
			w.pending = map[string]bool{}
			w.taken, w.since = w.since, time.Time{}
			w.takenEarly, w.early = w.early, false
			sort.Strings(out)
			w.takenFiles = out
			w.mu.Unlock()
			return out, nil
		}
		w.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-w.done:
			return nil, errors.New("the watcher stopped")
		case <-w.ready:
		}
	}
}

// Recheck reports whether the changes Next last returned were read at the first event of a
// save, before the save may have been whole. If so, Next returns them again once the save has
// settled (no event for Quiet), even if their bytes are the same then: a rebuild that failed on
// them is tried again before its errors are shown, so that a half-written file never is.
func (w *Watcher) Recheck() bool {
	w.mu.Lock()
	early, files := w.takenEarly, w.takenFiles
	w.takenEarly = false
	w.mu.Unlock()
	if !early {
		return false
	}
	w.rechecks.Add(1)
	for {
		select {
		case w.again <- files:
			return true
		case more := <-w.again:
			// Not taken yet: hand both.
			files = append(files, more...)
		case <-w.done:
			return true
		}
	}
}

// takenSince returns when the first event of the changes Next last returned arrived.
func (w *Watcher) takenSince() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.taken
}

func (w *Watcher) pollBecause(err error) {
	w.mu.Lock()
	already := w.polling
	w.polling = true
	w.mu.Unlock()
	if already {
		return
	}
	reason := err.Error()
	if errors.Is(err, syscall.ENOSPC) {
		reason = "the system's limit on watched folders is reached (raise fs.inotify.max_user_watches)"
	} else if errors.Is(err, syscall.EMFILE) {
		reason = "the system's limit on file watchers is reached (raise fs.inotify.max_user_instances)"
	}
	w.opts.Log("cannot watch for changes: %s; checking for changes every %s instead", reason, w.opts.Interval)
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	settle := time.NewTimer(time.Hour)
	settle.Stop()
	var tick <-chan time.Time
	var ticker *time.Ticker
	startPolling := func() {
		if ticker == nil {
			ticker = time.NewTicker(w.opts.Interval)
			tick = ticker.C
		}
	}
	if w.Polling() {
		startPolling()
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
		defer w.fsw.Close()
	}
	arm := func() {
		now := time.Now()
		if len(w.dirty) == 0 {
			return
		}
		if w.started.IsZero() {
			w.started = now
		}
		settle.Reset(max(0, min(w.quiet(), w.started.Add(w.opts.MaxWait).Sub(now))))
	}
	for {
		select {
		case <-ctx.Done():
			if ticker != nil {
				ticker.Stop()
			}
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.event(ev)
			arm()
			if w.eager && w.settleEarly() {
				// The rest of the save, if any, settles as before.
				w.started = time.Now()
				settle.Reset(w.quiet())
			}
		case files := <-w.again:
			for _, rel := range files {
				w.dirty[rel], w.force[rel] = true, true
			}
			w.eager = false
			w.started = time.Time{}
			arm()
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.opts.Log("too many changes at once to follow; checking every file")
				w.scan()
				arm()
			}
		case <-tick:
			w.scan()
			arm()
		case <-settle.C:
			if wait, _ := w.settle(false); wait > 0 {
				settle.Reset(wait)
			} else {
				w.eager = false
			}
		}
		if w.fsw != nil && w.Polling() {
			// The watch limit ran out while adding a new folder: poll from now on.
			w.fsw.Close()
			w.fsw, events, errs = nil, nil, nil
			startPolling()
		}
	}
}

// quiet is how long to wait for the next event of a burst. The more files a burst has touched,
// the longer: a single save is settled quickly, while a checkout of many files on a busy machine
// can pause between files and must still be one rebuild. (At an eighth of Quiet a file, a
// checkout that paused 35 ms after 21 files split in two under a loaded CI run; half of Quiet a
// file waits up to 210 ms, which only bursts of many files ever wait.)
func (w *Watcher) quiet() time.Duration {
	return w.opts.Quiet + time.Duration(min(len(w.dirty)-1, 40))*w.opts.Quiet/2
}

func (w *Watcher) rel(abs string) (string, bool) {
	r, err := filepath.Rel(w.root, abs)
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (w *Watcher) abs(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

func (w *Watcher) event(ev fsnotify.Event) {
	rel, ok := w.rel(ev.Name)
	if !ok || !sitefs.IsInput(rel) {
		return
	}
	if w.dirs[rel] && ev.Has(fsnotify.Remove|fsnotify.Rename) {
		w.dropTree(rel)
		return
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			w.addTree(rel, true)
			return
		}
	}
	w.mark(rel)
}

// eagerAfter is how long no event must have come for the next one to start a save that is read
// at once. A stream of events (a checkout of many files) is settled as one batch as before, but
// for its first file: while files wait to settle, no event starts a save. (At 50 ms, some of
// the latency benchmark's saves, which follow each other closely, waited for Quiet.)
const eagerAfter = 20 * time.Millisecond

func (w *Watcher) mark(rel string) {
	now := time.Now()
	switch {
	case len(w.dirty) == 0 && now.Sub(w.lastMark) >= eagerAfter:
		w.eager = true
	case !w.dirty[rel]:
		// A second file before the first was read: many files change at once, and settle as
		// one batch.
		w.eager = false
	}
	w.lastMark = now
	w.dirty[rel] = true
}

// addTree watches the folder rel and every input folder below it, and records the files in
// them. When fresh is set the folder is new, and its files count as changed.
func (w *Watcher) addTree(rel string, fresh bool) {
	if rel == "" {
		w.watchDir("")
		if st, err := os.Stat(w.abs(sitefs.ConfigFile)); err == nil && !st.IsDir() {
			w.record(sitefs.ConfigFile, fresh)
		}
		for _, r := range sitefs.InputRoots {
			if st, err := os.Stat(w.abs(r)); err == nil && st.IsDir() {
				w.addTree(r, fresh)
			}
		}
		return
	}
	w.walkInputs(rel, w.watchDir, func(r string, _ fs.DirEntry) { w.record(r, fresh) })
}

// walkInputs calls dir for every input folder at or below rel and file for every input file,
// skipping what is not an input (editor files, other folders).
func (w *Watcher) walkInputs(rel string, dir func(rel string), file func(rel string, d fs.DirEntry)) {
	_ = filepath.WalkDir(w.abs(rel), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		r, ok := w.rel(p)
		switch {
		case !ok || !sitefs.IsInput(r):
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.IsDir():
			dir(r)
		default:
			file(r, d)
		}
		return nil
	})
}

// record notes a file's state: as the baseline, or, for a new file, as a change to settle.
func (w *Watcher) record(rel string, fresh bool) {
	if fresh {
		w.mark(rel)
		return
	}
	if st, ok := w.read(rel); ok {
		w.files[rel] = st
	}
}

func (w *Watcher) watchDir(rel string) {
	w.mu.Lock()
	w.dirs[rel] = true
	polling := w.polling
	w.mu.Unlock()
	if polling || w.fsw == nil {
		return
	}
	if err := w.fsw.Add(w.abs(rel)); err != nil {
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
			w.pollBecause(err)
		} else if !errors.Is(err, fs.ErrNotExist) {
			w.opts.Log("cannot watch %s: %v", rel, err)
		}
	}
}

// dropTree forgets a folder that was removed or renamed away: every file known under it is
// settled (and found gone, unless it comes back).
func (w *Watcher) dropTree(rel string) {
	prefix := rel + "/"
	w.mu.Lock()
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, prefix) {
			delete(w.dirs, d)
			if w.fsw != nil {
				_ = w.fsw.Remove(w.abs(d))
			}
		}
	}
	w.mu.Unlock()
	for f := range w.files {
		if strings.HasPrefix(f, prefix) {
			w.mark(f)
		}
	}
}

// scan compares every input file with what is known, for polling and after an overflow.
func (w *Watcher) scan() {
	seen := map[string]bool{}
	check := func(rel string, info fs.FileInfo) {
		seen[rel] = true
		old, known := w.files[rel]
		if !known || old.size != info.Size() || !old.mod.Equal(info.ModTime()) || old.ino != inode(info) {
			w.mark(rel)
		}
	}
	if st, err := os.Stat(w.abs(sitefs.ConfigFile)); err == nil && !st.IsDir() {
		check(sitefs.ConfigFile, st)
	}
	for _, r := range sitefs.InputRoots {
		w.walkInputs(r, func(rel string) {
			if !w.dirs[rel] {
				w.watchDir(rel)
			}
		}, func(rel string, d fs.DirEntry) {
			if info, err := d.Info(); err == nil {
				check(rel, info)
			}
		})
	}
	for f := range w.files {
		if !seen[f] {
			w.mark(f)
		}
	}
}

// settleEarly hands the changes of a save to Next at its first event, without waiting for
// Quiet to pass, and reports whether it did. A save may have only begun: it waits as before
// when a file is gone (an editor that renames the old file away first) or empty (one that
// truncates the file before writing it). What the save writes next is read when it settles;
// what it wrote so far may not parse, and Recheck tells the server so.
func (w *Watcher) settleEarly() bool {
	for rel := range w.dirty {
		if info, err := os.Lstat(w.abs(rel)); err != nil || info.Size() == 0 {
			return false
		}
	}
	if len(w.dirty) == 0 {
		return false
	}
	if wait, handed := w.settle(true); wait > 0 || !handed {
		return false
	}
	w.eager = false
	return true
}

// settle decides which dirty files really changed and hands them to Next; early says they were
// read at the first event of their save. It returns how much longer to wait when a file that
// vanished may still come back, and whether it handed any change to Next.
func (w *Watcher) settle(early bool) (time.Duration, bool) {
	now := time.Now()
	states := map[string]fileState{}
	for rel := range w.dirty {
		st, ok := w.read(rel)
		if ok {
			states[rel] = st
			continue
		}
		if _, known := w.files[rel]; known {
			if wait := w.started.Add(w.opts.Grace).Sub(now); wait > 0 {
				return wait, false
			}
		}
	}
	var changed []string
	for rel := range w.dirty {
		old, known := w.files[rel]
		st, exists := states[rel]
		switch {
		case exists && (!known || old.hash != st.hash || w.force[rel]):
			changed = append(changed, rel)
			w.files[rel] = st
		case exists:
			w.files[rel] = st // the same bytes: only the stat changed
		case known || w.force[rel]:
			changed = append(changed, rel)
			delete(w.files, rel)
		}
	}
	started := w.started
	w.dirty, w.started, w.force = map[string]bool{}, time.Time{}, map[string]bool{}
	if len(changed) == 0 {
		return 0, false
	}
	w.mu.Lock()
	for _, c := range changed {
		w.pending[c] = true
	}
	if w.since.IsZero() {
		w.since = started
	}
	w.early = w.early || early
	w.mu.Unlock()
	select {
	case w.ready <- struct{}{}:
	default:
	}
	return 0, true
}

// read hashes a file through sitefs, so that the watcher, like the build, never reads a FIFO, a
// device or a file outside the site. ok is false when the file is not there. A file kith refuses
// is there and counts as changed, with a hash of the reason, so the rebuild names it.
func (w *Watcher) read(rel string) (fileState, bool) {
	info, err := sitefs.Stat(w.root, rel)
	if sitefs.Refused(err) {
		if info, lerr := os.Lstat(w.abs(rel)); lerr == nil {
			return fileState{hash: maphash.String(w.seed, err.Error()), size: info.Size(), mod: info.ModTime(), ino: inode(info)}, true
		}
	}
	if err != nil {
		return fileState{}, false
	}
	data, err := sitefs.ReadFile(w.root, rel)
	if err != nil {
		return fileState{}, false
	}
	return fileState{hash: maphash.Bytes(w.seed, data), size: info.Size(), mod: info.ModTime(), ino: inode(info)}, true
}
