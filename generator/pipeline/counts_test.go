package pipeline

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/site"
)

// TestSummaryCountsSlidesApart checks the line kith build ends with: slide decks are counted on
// their own, not as pages, and a site without lessons does not mention them.
func TestSummaryCountsSlidesApart(t *testing.T) {
	t.Parallel()
	res := mustBuild(t, site.Options{Source: writeSite(t, sampleSite())})
	if res.Slides == 0 {
		t.Fatalf("the sample site's lessons made no slide decks: %+v", res.Counts)
	}
	want := res.Pages + res.Slides
	var html int
	err := filepath.WalkDir(res.Dest, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".html") {
			html++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if html != want {
		t.Errorf("%d HTML files written, but %d pages + %d slide decks counted", html, res.Pages, res.Slides)
	}
	for c, want := range map[Counts]string{
		{Pages: 27, Slides: 9, Quizzes: 8, Files: 1}: "27 pages, 9 slide decks, 8 quizzes, 1 file copied",
		{Pages: 1, Slides: 1, Quizzes: 1}:            "1 page, 1 slide deck, 1 quiz, 0 files copied",
		{Pages: 3}:                                   "3 pages, 0 quizzes, 0 files copied",
	} {
		if got := c.String(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
