package preview_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/generator/preview"
	"kith/generator/site"
)

// TestPreviewRefusesLinksOutOfTheSite checks that kith serve, like kith build, reports a link
// under content/ that leads out of the site at its path, and serves none of the linked file's bytes.
func TestPreviewRefusesLinksOutOfTheSite(t *testing.T) {
	dir := editSite(t)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("the secret outside the site"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content", "credits.txt")); err != nil {
		t.Skipf("this file system has no symbolic links: %v", err)
	}
	snap, err := preview.New(site.Options{Source: dir}).Rebuild(nil)
	named := false
	for _, d := range diag.As(err) {
		named = named || d.File == "content/credits.txt"
	}
	if err == nil || !named {
		t.Errorf("the preview's build: %v; want an error at content/credits.txt", err)
	}
	if snap != nil {
		for p, data := range snap.All() {
			if strings.Contains(string(data), "the secret outside the site") {
				t.Errorf("the preview would serve the linked file's bytes at %s", p)
			}
		}
	}
}
