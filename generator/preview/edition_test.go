package preview_test

import (
	"strings"
	"testing"

	"kith/generator/content"
	"kith/generator/preview"
	"kith/generator/site"
)

// TestStudentsEditionPreview: kith serve --edition students never shows a teachers' page or file,
// whatever the author adds or edits, and each rebuild gives what a full build gives.
func TestStudentsEditionPreview(t *testing.T) {
	dir := editSite(t)
	write(t, dir, "content/staff/_index.md", "+++\ntitle = \"Staff\"\naudience = \"teachers\"\n+++\nStaff only.\n")
	write(t, dir, "content/staff/guide.md", lessonFile("Guide", 1, "The guide."))
	opts := site.Options{Source: dir, Edition: content.Students}
	pv := preview.New(opts)
	if _, err := pv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	for i, edit := range []struct{ file, text string }{
		{"content/staff/key.pdf", "%PDF answers"},
		{"content/staff/guide.md", lessonFile("Guide", 1, "Edited guide, see [one](../a/one.md).")},
		{"content/staff/new.md", lessonFile("New staff page", 2, "New.")},
		{"content/a/two.md", "+++\ntitle = \"Two\"\nweight = 2\naudience = \"teachers\"\n+++\nNow for teachers.\n"},
		{"content/a/one.md", lessonFile("One", 1, "First, see [the guide](../staff/guide.md) and [two](two.md).\n\n```quiz\nq1\n```\n")},
		{"content/staff/guide.md", lessonFile("Guide", 1, "The guide.\n\n```quiz\nq2\n```\n")},
		{"content/b/three.md", lessonFile("Three", 1, "Third, now without its quiz.")},
		{"content/b/three.md", lessonFile("Three", 1, "Third.\n\n```quiz\nq2\n```\n")},
	} {
		write(t, dir, edit.file, edit.text)
		snap, err := pv.Rebuild([]string{edit.file})
		if err != nil {
			t.Fatalf("after writing %s: %v", edit.file, err)
		}
		if snap.Pending {
			if snap, err = pv.Settle(); err != nil {
				t.Fatal(err)
			}
		}
		full, err := preview.New(opts).Rebuild(nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := compareFiles(snap.All(), full.All()); diff != "" {
			t.Fatalf("after writing %s (full=%v): %s", edit.file, snap.Full, diff)
		}
		for path, data := range snap.All() {
			// a/two is for teachers from the fourth edit on.
			if strings.HasPrefix(path, "staff/") || strings.Contains(string(data), "The guide") || strings.Contains(string(data), "Staff") ||
				i >= 3 && (strings.HasPrefix(path, "a/two/") || strings.Contains(string(data), ">Two<")) {
				t.Errorf("after writing %s the students' preview shows a teachers' page or file in %s", edit.file, path)
			}
		}
	}
}
