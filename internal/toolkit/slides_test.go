package toolkit

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kith/generator/pipeline"
	"kith/generator/site"
)

var (
	slideStart = regexp.MustCompile(`<section class="slide[ "]`)
	slideH2    = regexp.MustCompile(`<section class="slide[^"]*" id="slide-\d+"[^>]*>\s*<h2 id="[^"]*">(.*?)</h2>`)
	tags       = regexp.MustCompile(`<[^>]+>`)
)

// TestEveryLessonHasSlides: every lesson of the toolkit has slides, a title slide then one
// slide per ## section (and one for the text before the first ## heading), each headed by its
// section's heading in order; pages that are not lessons have none.
func TestEveryLessonHasSlides(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(site.Options{Source: root, Dest: dest}); err != nil {
		t.Fatalf("the toolkit does not build:\n%v", err)
	}
	s := load(t)
	lessons := 0
	for _, p := range s.Content.Lessons() {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(site.SlidesPath(p)), "index.html"))
		if !s.IsLesson(p) {
			if err == nil {
				t.Errorf("%s is no lesson, yet it has slides", p.File)
			}
			continue
		}
		lessons++
		if err != nil {
			t.Errorf("%s has no slides: %v", p.File, err)
			continue
		}
		headings, intro := sections(string(p.Body))
		want := 1 + len(headings)
		if intro {
			want++
		}
		if got := len(slideStart.FindAllIndex(data, -1)); got != want {
			t.Errorf("%s: %d slides, want %d (a title slide, %v for text before the first ##, and %d ## sections)", p.File, got, want, intro, len(headings))
		}
		var shown []string
		for _, m := range slideH2.FindAllStringSubmatch(string(data), -1) {
			shown = append(shown, html.UnescapeString(tags.ReplaceAllString(m[1], "")))
		}
		if strings.Join(shown, "\n") != strings.Join(headings, "\n") {
			t.Errorf("%s: the slides are headed\n%s\nwant the lesson's ## headings\n%s", p.File, strings.Join(shown, "\n"), strings.Join(headings, "\n"))
		}
		if strings.Contains(string(data), `class="quiz`) {
			t.Errorf("%s: the slides embed a quiz, which needs the lesson page's runtime", p.File)
		}
		lesson, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p.Path), "index.html"))
		// Links name index.html unless the site sets pretty_urls.
		if !strings.Contains(string(lesson), "/"+site.SlidesPath(p)+`index.html">`) && !strings.Contains(string(lesson), "/"+site.SlidesPath(p)+`">`) {
			t.Errorf("%s: the lesson page does not link to its slides", p.File)
		}
	}
	if lessons < lessonCount {
		t.Errorf("%d lessons have slides, want at least %d", lessons, lessonCount)
	}
}

// sections returns the text of a lesson's ## headings, outside fenced blocks, and whether text
// comes before the first.
func sections(body string) (headings []string, intro bool) {
	fence := ""
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(trimmed, "```"), strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
		}
		if strings.HasPrefix(line, "## ") {
			headings = append(headings, strings.TrimSpace(strings.Trim(strings.TrimSpace(line[3:]), "*_")))
			continue
		}
		if len(headings) == 0 && trimmed != "" {
			intro = true
		}
	}
	return headings, intro
}
