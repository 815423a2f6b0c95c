package preview_test

import (
	"strings"
	"testing"

	"kith/generator/preview"
	"kith/generator/site"
)

// TestPreviewReportsQuizTextFromOtherSites checks that kith serve, which re-reads an edited quiz
// on its own, reports an image from another site in the quiz's new text as the build does.
func TestPreviewReportsQuizTextFromOtherSites(t *testing.T) {
	dir := editSite(t)
	preview := preview.New(site.Options{Source: dir})
	if _, err := preview.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "quizzes/q1.toml", quizFile("Quiz one")+"explanation = \"See ![it](https://cdn.example/a.png).\"\n")
	_, err := preview.Rebuild([]string{"quizzes/q1.toml"})
	if err == nil || !strings.Contains(err.Error(), "quizzes/q1.toml:8:20: error: the image comes from another site") {
		t.Errorf("the preview's rebuild: %v; want the image from another site at quizzes/q1.toml:8:20", err)
	}
}
