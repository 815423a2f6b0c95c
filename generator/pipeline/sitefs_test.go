package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kith/generator/diag"
	"kith/generator/site"
)

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// refusedEverywhere builds and checks the site (generator/preview tests the preview) in dir, and fails unless each names
// file with want in its message, publishes none of secret, and returns within a minute (a FIFO
// used to hang the build forever).
func refusedEverywhere(t *testing.T, dir, file, want, secret string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	named := func(ds []*diag.Diagnostic) bool {
		for _, d := range ds {
			if d.File == file && strings.Contains(d.Message, want) {
				return true
			}
		}
		return false
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := Build(site.Options{Source: dir, Dest: dest})
		if err == nil || !named(diag.As(err)) {
			t.Errorf("kith build: got %v; want an error at %s saying %q", err, file, want)
		}
		if _, err := os.Stat(dest); err == nil {
			t.Error("kith build wrote an output despite the error")
		}
		if _, ds := Check(site.Options{Source: dir}); !named(ds) {
			t.Errorf("kith check: got %v; want an error at %s", ds, file)
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("kith build, check or serve was still reading after a minute")
	}
}

// TestLinksOutOfTheSiteAreErrors: a link under content/, quizzes/ or the theme that leads out of
// the site is an error at its path, and none of its bytes are published.
func TestLinksOutOfTheSiteAreErrors(t *testing.T) {
	for _, file := range []string{
		"site.toml",
		"content/credits.txt",
		"content/basics/third.md",
		"quizzes/leak.toml",
		"themes/default/layouts/lesson.html",
		"themes/default/assets/extra.css",
	} {
		t.Run(file, func(t *testing.T) {
			dir := writeSite(t, sampleSite())
			secret := filepath.Join(t.TempDir(), "passwd")
			writeFile(t, secret, "root:x:0:0:SECRET\n")
			link := filepath.Join(dir, filepath.FromSlash(file))
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			// The sample site has its own site.toml: the link takes its place.
			if err := os.Remove(link); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, link); err != nil {
				t.Skipf("this system cannot make symbolic links: %v", err)
			}
			refusedEverywhere(t, dir, file, "outside the site", "SECRET")
		})
	}
}

// TestLinksInsideTheSiteAreFollowed: a link to a file of the same site is read like the file.
func TestLinksInsideTheSiteAreFollowed(t *testing.T) {
	dir := writeSite(t, sampleSite())
	if err := os.Symlink(filepath.Join("..", "basics", "chart.png"), filepath.Join(dir, "content", "media", "chart.png")); err != nil {
		t.Skipf("this system cannot make symbolic links: %v", err)
	}
	mustBuild(t, site.Options{Source: dir})
	want := read(t, dir, "content/basics/chart.png")
	if got := read(t, filepath.Join(dir, "public"), "media/chart.png"); got != want {
		t.Errorf("the linked file was published as %q, want %q", got, want)
	}
}
