package theme

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kith/generator/config"
	"kith/generator/diag"
)

// TestChangedLayoutsFollowsCalls checks that editing a partial re-renders only the page kinds,
// and the partials rendered on their own, that can reach it, and that the kinds' own layouts
// still count.
func TestChangedLayoutsFollowsCalls(t *testing.T) {
	cfg := &config.Config{Theme: "default", Language: "en"}
	base, ds := Load(t.TempDir(), cfg, siteFuncs)
	if base == nil || diag.HasError(ds) {
		t.Fatalf("the default theme did not load: %v", ds)
	}
	cases := []struct {
		file string // under layouts/, overridden by the site
		text string
		want []string
	}{
		// Only the lesson layout shows the table of contents.
		{"partials/toc.html", "<nav>toc</nav>", []string{"lesson", "partials/toc.html"}},
		// An embedded quiz is rendered on its own, in no layout; but quiz.html also defines
		// "quiz-site" and "quiz-strings", which My results, Class results and the navigation call.
		{"partials/quiz.html", "<div>quiz</div>", []string{"my-results", "class-results", "partials/nav.html", "partials/quiz.html"}},
		// A partial that keeps those defines where they were changes the embedded quizzes alone.
		{"partials/quiz.html", "<div>quiz</div>" + quizDefines(base), []string{"partials/quiz.html"}},
		// The navigation is rendered once per section, through .Nav, and calls nav-section.html.
		{"partials/nav-section.html", "<li>x</li>", []string{"partials/nav-section.html", "partials/nav.html"}},
		// The head is in base.html, which every page but the slides is set in, and in slides.html.
		{"partials/head.html", "<title>x</title>", []string{"home", "section", "lesson", "quiz", "my-results", "class-results", "404", "slides", "partials/head.html"}},
		// A kind's own layout is its alone.
		{"quiz.html", `{{define "main"}}<p>q</p>{{end}}`, []string{"quiz"}},
		// A layout that newly calls a partial reaches it.
		{"section.html", `{{define "main"}}{{template "partials/toc.html" .}}{{end}}`, []string{"section"}},
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.text[:3], func(t *testing.T) {
			dir := t.TempDir()
			f := filepath.Join(dir, "themes", "default", "layouts", filepath.FromSlash(c.file))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			edited, ds := Load(dir, cfg, siteFuncs)
			if edited == nil || diag.HasError(ds) {
				t.Fatalf("the edited theme did not load: %v", ds)
			}
			if got := edited.ChangedLayouts(base); !slices.Equal(got, c.want) {
				t.Errorf("editing %s changed %q; want %q", c.file, got, c.want)
			}
			if got := base.ChangedLayouts(edited); !slices.Equal(got, c.want) {
				t.Errorf("undoing the edit of %s changed %q; want %q", c.file, got, c.want)
			}
		})
	}
	if got := base.ChangedLayouts(base); len(got) > 0 {
		t.Errorf("an unchanged theme changed %q", got)
	}
}

// quizDefines returns the {{define}}s at the end of the default theme's partials/quiz.html, on
// the lines where they were, for a text that stands on its first line.
func quizDefines(th *Theme) string {
	src := th.sources["layouts/partials/quiz.html"]
	i := strings.Index(src, "{{- define")
	if i < 0 {
		panic("partials/quiz.html has no {{- define")
	}
	return strings.Repeat("\n", strings.Count(src[:i], "\n")) + src[i:]
}
