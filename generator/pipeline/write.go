package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// dirSink writes outputs under a folder, refusing any path that would leave it. It remembers
// the folders it made, since a site's pages share most of them.
type dirSink struct {
	root  string
	made  sync.Map
	build *stagings
}

func (d *dirSink) Write(p string, data []byte) error {
	d.build.mu.RLock()
	defer d.build.mu.RUnlock()
	if d.build.abandoned {
		return errAbandoned
	}
	if !filepath.IsLocal(filepath.FromSlash(p)) {
		return fmt.Errorf("output path %q leaves the destination", p)
	}
	full := filepath.Join(d.root, filepath.FromSlash(p))
	if err := d.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o644)
}

// mkdir makes the folder dir under the root and those above it that it has not made yet. Each
// takes one system call where os.MkdirAll takes three (two stats and the mkdir): on 10,000
// lessons that is 40,000 calls fewer.
func (d *dirSink) mkdir(dir string) error {
	if _, ok := d.made.Load(dir); ok || dir == d.root || filepath.Dir(dir) == dir {
		return nil
	}
	if err := d.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		// Another worker made it just now, or a file is in the way: MkdirAll tells them apart.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	d.made.Store(dir, true)
	return nil
}

// Marker is the file every kith output folder holds. kith replaces a destination that is not
// empty only when it holds this file, so that nothing kith did not make is ever deleted.
const Marker = ".kith-output"

const markerText = "This folder is the output of kith build, which deletes and rewrites all of it on every build.\n" +
	"Delete this file to stop kith from replacing the folder.\n"

// checkDest refuses destinations where replacing the folder would destroy an author's work, and
// returns the folder to replace: dest itself, or the folder a link at dest leads to, so that the
// link stays a link.
func checkDest(source, dest string, force bool) (string, error) {
	target := dest
	if info, err := os.Lstat(dest); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(dest)
		if err != nil {
			link, _ := os.Readlink(dest)
			return "", fmt.Errorf("the destination %s is a link to %s, which does not exist: create that folder, or remove the link", dest, link)
		}
		target = real
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	if within(source, abs) {
		return "", fmt.Errorf("the destination %s holds the site itself; choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, inside := range []string{"content", "quizzes", "themes"} {
		if within(abs, filepath.Join(source, inside)) {
			return "", fmt.Errorf("the destination %s is inside the site's %s/ folder; choose another folder", dest, inside)
		}
	}
	info, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return abs, nil
	}
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return "", fmt.Errorf("the destination %s is a file, not a folder; kith builds a folder and will not delete the file: choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	// Not even --force replaces a site, a repository or a Go module.
	for _, marker := range []string{"site.toml", ".git", "go.mod", "content"} {
		if _, err := os.Lstat(filepath.Join(abs, marker)); err == nil {
			return "", fmt.Errorf("the destination %s contains %s and does not look like a build output; kith replaces its destination, so choose an empty or new folder", dest, marker)
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return "", err
	}
	if len(entries) == 0 || force || isOutput(abs) {
		return abs, nil
	}
	return "", fmt.Errorf("the destination %s is not empty and holds no %s file, so kith did not make it; kith replaces its destination entirely, so choose an empty or new folder, or pass --force to replace %s and everything in it", dest, Marker, dest)
}

// within reports whether the folder at p is dir or inside it. Folders are compared by identity,
// so that a path spelled in another case, or through a link, is still caught.
func within(p, dir string) bool {
	d, err := os.Stat(dir)
	if err != nil {
		return false
	}
	p, err = filepath.Abs(p)
	if err != nil {
		return false
	}
	for {
		if a, err := os.Stat(p); err == nil && os.SameFile(a, d) {
			return true
		}
		if filepath.Dir(p) == p {
			return false
		}
		p = filepath.Dir(p)
	}
}

// isOutput reports whether dir was made by kith build: it holds the marker, or it is the output
// of a kith from before the marker, with the files every such output has and the theme's
// assets under hashed names.
func isOutput(dir string) bool {
	if info, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && info.Mode().IsRegular() {
		return true
	}
	for _, name := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt"} {
		if info, err := os.Lstat(filepath.Join(dir, name)); err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	assets, _ := os.ReadDir(filepath.Join(dir, "assets"))
	return slices.ContainsFunc(assets, func(e fs.DirEntry) bool { return hashedAsset.MatchString(e.Name()) })
}

// hashedAsset matches the name the theme gives an asset: its content hash before the extension.
var hashedAsset = regexp.MustCompile(`^.+\.[0-9a-f]{8}\.[a-z0-9]+$`)

// stagePrefix begins the names of the staging folders beside dest: ".public.kith-new-".
func stagePrefix(dest string) string { return "." + filepath.Base(dest) + ".kith-new-" }

// stage returns a new folder beside dest to build into, holding only the marker, after removing
// what interrupted builds left there.
func stage(dest string) (string, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	removeLeftovers(dest)
	dir, err := os.MkdirTemp(parent, stagePrefix(dest))
	if err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return dir, err
	}
	return dir, os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o644)
}

// removeLeftovers deletes the staging folders that builds stopped by a crash or a power cut left
// beside dest. A folder is removed only when kith made it: it is empty, or it is an output.
func removeLeftovers(dest string) {
	prefix := stagePrefix(dest)
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		dir := filepath.Join(filepath.Dir(dest), e.Name())
		if isOutput(dir) {
			_ = os.RemoveAll(dir)
		} else {
			_ = os.Remove(dir) // only if empty
		}
	}
}

// errNoExchange is exchange's answer where the OS or the file system cannot swap two folders in
// one step.
var errNoExchange = errors.New("cannot exchange folders atomically here")

// swap replaces dest with the staged folder. Where the OS can, the two are exchanged in one
// step, so that dest never goes missing, and staged then holds the previous output for the
// caller to remove. Elsewhere the previous output is moved aside first, leaving a moment without
// dest, and removed once the new one is in place.
func swap(staged, dest string) error {
	if _, err := os.Stat(filepath.Join(staged, Marker)); err != nil {
		return fmt.Errorf("the staging folder %s was removed while kith built into it (by another kith build at the same time?): build again", staged)
	}
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staged, dest)
	} else if err != nil {
		return err
	}
	err := exchange(staged, dest)
	if err == nil {
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("cannot put the new output in place: %w", err)
	}
	old := staged + "-old"
	if err := os.Rename(dest, old); err != nil {
		return fmt.Errorf("cannot move the previous output aside: %w", err)
	}
	if err := os.Rename(staged, dest); err != nil {
		_ = os.Rename(old, dest)
		return fmt.Errorf("cannot put the new output in place: %w", err)
	}
	return os.RemoveAll(old)
}

// stagings are the staging folders of the builds running in a process, so that a signal can
// stop them all and leave nothing behind.
type stagings struct {
	// mu is held shared by every write into a staging folder and by every swap, and exclusively
	// by abandon, which so waits for those under way; once abandoned is set, none starts.
	mu        sync.RWMutex
	abandoned bool
	dirs      sync.Map // staging folder → *staged
}

// staged is one build's staging folder.
type staged struct {
	dest    string
	swapped bool // the new output is in place: the folder now holds the previous one
}

// running are the builds of this process.
var running = &stagings{}

var errAbandoned = errors.New("the build was interrupted")

// Abandon stops every build running in this process and removes their staging folders, for a
// command about to exit on a signal. A write or a swap under way finishes first, so each
// destination holds either its previous output or the new one, whole. It returns the
// destinations left as they were. No build writes anything after it returns.
func Abandon() []string { return running.abandon() }

func (s *stagings) abandon() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.abandoned = true
	var unchanged []string
	s.dirs.Range(func(k, v any) bool {
		dir, st := k.(string), v.(*staged)
		_ = os.RemoveAll(dir)
		_ = os.RemoveAll(dir + "-old")
		if !st.swapped {
			unchanged = append(unchanged, st.dest)
		}
		return true
	})
	sort.Strings(unchanged)
	return unchanged
}

// swap replaces the destination with a staging folder, unless the builds were abandoned.
func (s *stagings) swap(dir string) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.abandoned {
		return errAbandoned
	}
	v, _ := s.dirs.Load(dir)
	st := v.(*staged)
	if err := swap(dir, st.dest); err != nil {
		return err
	}
	st.swapped = true
	return nil
}
