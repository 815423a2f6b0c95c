package pipeline

import (
	"errors"
	"kith/generator/site"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%s is gone: %v", name, err)
	}
	return string(b)
}

// TestDestThatIsAFileIsRefused: --dest notes.txt, or --dest site.toml inside the site, used to
// delete the file and put a folder in its place.
func TestDestThatIsAFileIsRefused(t *testing.T) {
	dir := writeSite(t, sampleSite())
	notes := filepath.Join(t.TempDir(), "notes.txt")
	writeFile(t, notes, "my notes")
	for _, dest := range []string{notes, filepath.Join(dir, "site.toml")} {
		before := mustRead(t, dest)
		_, err := Build(site.Options{Source: dir, Dest: dest, Force: true})
		if err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
			t.Errorf("--dest %s, a file, gave %v; want a refusal", dest, err)
		}
		if after := mustRead(t, dest); after != before {
			t.Errorf("--dest %s: the file was changed", dest)
		}
	}
}

// TestDestNotMadeByKithIsRefusedUnlessForced: a folder with an index.html of its own used to be
// replaced, everything in it deleted.
func TestDestNotMadeByKithIsRefusedUnlessForced(t *testing.T) {
	dir := writeSite(t, sampleSite())
	dest := filepath.Join(t.TempDir(), "www")
	writeFile(t, filepath.Join(dest, "index.html"), "<p>my own page</p>")
	writeFile(t, filepath.Join(dest, "notes.txt"), "keep me")
	_, err := Build(site.Options{Source: dir, Dest: dest})
	if err == nil || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), Marker) {
		t.Fatalf("a folder kith did not make gave %v; want a refusal naming --force and %s", err, Marker)
	}
	if mustRead(t, filepath.Join(dest, "notes.txt")) != "keep me" {
		t.Fatal("the refused build changed the folder")
	}
	mustBuild(t, site.Options{Source: dir, Dest: dest, Force: true})
	if _, err := os.Stat(filepath.Join(dest, "notes.txt")); err == nil {
		t.Error("--force did not replace the folder")
	}
	if !strings.Contains(mustRead(t, filepath.Join(dest, Marker)), "kith build") {
		t.Error("the output holds no marker saying kith made it")
	}
	// Now it is kith's: the next build needs no --force.
	mustBuild(t, site.Options{Source: dir, Dest: dest})
}

// TestDestKithMadeIsReplaced: an empty folder, and the output of a kith from before the
// marker, are replaced without --force; a site, a repository or a module never are.
func TestDestKithMadeIsReplaced(t *testing.T) {
	dir := writeSite(t, sampleSite())
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, site.Options{Source: dir, Dest: empty})
	mustRead(t, filepath.Join(empty, "index.html"))

	old := filepath.Join(t.TempDir(), "old")
	mustBuild(t, site.Options{Source: dir, Dest: old})
	if err := os.Remove(filepath.Join(old, Marker)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(old, "stale.html"), "from an earlier build")
	mustBuild(t, site.Options{Source: dir, Dest: old})
	if _, err := os.Stat(filepath.Join(old, "stale.html")); err == nil {
		t.Error("an output from before the marker was not replaced")
	}

	for _, marker := range []string{".git", "go.mod", "site.toml", "content"} {
		repo := filepath.Join(t.TempDir(), "repo")
		writeFile(t, filepath.Join(repo, marker), "x")
		if _, err := Build(site.Options{Source: dir, Dest: repo, Force: true}); err == nil {
			t.Errorf("--force replaced a folder holding %s", marker)
		}
		mustRead(t, filepath.Join(repo, marker))
	}
}

// TestDestSymlinkStaysALink: the build goes into the link's target, and the link is kept.
func TestDestSymlinkStaysALink(t *testing.T) {
	dir := writeSite(t, sampleSite())
	target := filepath.Join(t.TempDir(), "served")
	mustBuild(t, site.Options{Source: dir, Dest: target})
	link := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("this system cannot make symbolic links: %v", err)
	}
	mustBuild(t, site.Options{Source: dir, Dest: link})
	info, err := os.Lstat(link)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("--dest, a link, was replaced by a folder (%v, %v)", info, err)
	}
	mustRead(t, filepath.Join(target, "index.html"))
	entries, _ := os.ReadDir(filepath.Dir(link))
	if len(entries) != 1 {
		t.Errorf("the build left %d entries beside the link; want the link alone", len(entries))
	}

	dangling := filepath.Join(t.TempDir(), "dangling")
	if err := os.Symlink(filepath.Join(t.TempDir(), "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(site.Options{Source: dir, Dest: dangling}); err == nil || !strings.Contains(err.Error(), "which does not exist") {
		t.Errorf("a link to nothing gave %v; want an error naming its target", err)
	}
}

// TestLeftoverStagingFoldersAreRemoved: folders left by an interrupted build are removed by the
// next, but only when kith made them.
func TestLeftoverStagingFoldersAreRemoved(t *testing.T) {
	dir := writeSite(t, sampleSite())
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	full := filepath.Join(parent, ".public.kith-new-111")
	writeFile(t, filepath.Join(full, Marker), markerText)
	writeFile(t, filepath.Join(full, "index.html"), "half a build")
	empty := filepath.Join(parent, ".public.kith-new-222")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	swapped := filepath.Join(parent, ".public.kith-new-333-old")
	writeFile(t, filepath.Join(swapped, Marker), markerText)
	foreign := filepath.Join(parent, ".public.kith-new-444")
	writeFile(t, filepath.Join(foreign, "mine.txt"), "not kith's")

	mustBuild(t, site.Options{Source: dir, Dest: dest})
	for _, gone := range []string{full, empty, swapped} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("the leftover %s is still there", filepath.Base(gone))
		}
	}
	if mustRead(t, filepath.Join(foreign, "mine.txt")) != "not kith's" {
		t.Error("a folder kith did not make was changed")
	}
}

// TestAbandonStopsWritesAndRemovesStaging is what kith build does on SIGINT or SIGTERM: no
// staging folder is left, nothing more is written, and the destination is not swapped.
func TestAbandonStopsWritesAndRemovesStaging(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	writeFile(t, filepath.Join(dest, Marker), markerText)
	writeFile(t, filepath.Join(dest, "index.html"), "previous")
	builds := &stagings{}
	dir, err := stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	builds.dirs.Store(dir, &staged{dest: dest})
	sink := &dirSink{root: dir, build: builds}
	if err := sink.Write("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	unchanged := builds.abandon()
	if len(unchanged) != 1 || unchanged[0] != dest {
		t.Errorf("abandon reported %v as left unchanged; want %s", unchanged, dest)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the staging folder is still there (%v)", err)
	}
	if err := sink.Write("b/index.html", []byte("late")); !errors.Is(err, errAbandoned) {
		t.Errorf("a write after abandon gave %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("a write after abandon made the staging folder again")
	}
	if err := builds.swap(dir); !errors.Is(err, errAbandoned) {
		t.Errorf("a swap after abandon gave %v", err)
	}
	if mustRead(t, filepath.Join(dest, "index.html")) != "previous" {
		t.Error("the destination changed")
	}
}

// swapped stages a new output beside an old one and swaps it into place, failing unless dest
// then holds the new output. It returns the destination, its folder and the staging folder.
func swapped(t *testing.T) (dest, parent, dir string) {
	t.Helper()
	parent = t.TempDir()
	dest = filepath.Join(parent, "public")
	writeFile(t, filepath.Join(dest, "index.html"), "old")
	dir, err := stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "index.html"), "new")
	if err := swap(dir, dest); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, filepath.Join(dest, "index.html")); got != "new" {
		t.Errorf("after the swap dest holds %q", got)
	}
	return dest, parent, dir
}

// TestSwapReplacesTheOutput checks the swap itself: afterwards dest holds the new output, and
// nothing is left beside it once the caller removes the staging folder.
func TestSwapReplacesTheOutput(t *testing.T) {
	dest, parent, dir := swapped(t)
	info, err := os.Stat(dest)
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("the output's folder has mode %v; want 0755 so a web server can read it", info.Mode().Perm())
	}
	_ = os.RemoveAll(dir)
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("the swap left %d entries beside dest", len(entries))
	}
}
