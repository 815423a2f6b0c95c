package quiz

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kith/generator/diag"
)

func TestLoadDir(t *testing.T) {
	site := t.TempDir()
	dir := filepath.Join(site, Dir)
	good, err := os.ReadFile("testdata/valid/knowledge.toml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"attachment.toml":        string(good),
		"broken.toml":            "title = \"Broken\"\nkind = \"quiz\"\n[[questions]]\ntype = \"reflection\"\nprompt = \"p\"\n",
		".#attachment.toml":      "emacs lock",
		"attachment.toml~":       "backup",
		".attachment.toml.swp":   "vim swap",
		"notes.md":               "not a quiz",
		"drafts/unfinished.toml": "not read: folders are skipped",
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("nowhere.toml", filepath.Join(dir, "gone.toml")); err != nil {
		t.Fatal(err)
	}

	quizzes, ds := LoadDir(site)
	if ids := slices.Sorted(maps.Keys(quizzes)); !slices.Equal(ids, []string{"attachment"}) {
		t.Errorf("loaded %v; want only attachment", ids)
	}
	if q := quizzes["attachment"]; q != nil && (q.File != "quizzes/attachment.toml" || q.ID != "attachment") {
		t.Errorf("attachment loaded as %s from %s", q.ID, q.File)
	}
	want := []string{
		`quizzes/broken.toml:2:1: error: unknown kind "quiz": use "knowledge" or "self-assessment"`,
		`quizzes/gone.toml: error: cannot read the quiz: it is a link to nowhere.toml, which does not exist: fix or delete the link`,
	}
	if got := strings.Split(diag.Errors(ds).Error(), "\n"); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadDirWithoutQuizzes(t *testing.T) {
	quizzes, ds := LoadDir(t.TempDir())
	if len(quizzes) != 0 || len(ds) != 0 {
		t.Errorf("a site without quizzes/ gave %v and %v", quizzes, ds)
	}
}
