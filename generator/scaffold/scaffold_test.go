package scaffold_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/check"
	"kith/generator/pipeline"
	"kith/generator/quiz"
	"kith/generator/scaffold"
	"kith/generator/site"
)

// clean fails the test unless kith check finds nothing at all in the site, warnings included.
func clean(t *testing.T, opts site.Options) {
	t.Helper()
	rep := check.Run(opts)
	if len(rep.Diagnostics) > 0 {
		var out bytes.Buffer
		rep.WriteText(&out)
		t.Errorf("kith check --strict would fail:\n%s", out.String())
	}
}

// setBaseURL sets base_url in a new site's site.toml, as the warning of a site without one asks.
func setBaseURL(t *testing.T, dir string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("base_url = \"https://school.example/toolkit/\"\n"); err != nil {
		t.Fatal(err)
	}
}

func TestNewSiteBuildsAndPassesCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "year-9-toolkit")
	files, err := scaffold.Site(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"site.toml", "README.md", ".gitignore", "content/lessons/getting-started.md", "quizzes/how-i-learn.toml"} {
		if !strings.Contains(strings.Join(files, "\n"), want) {
			t.Errorf("new site lacks %s; wrote %v", want, files)
		}
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	if !strings.Contains(string(cfg), `title = "Year 9 toolkit"`) {
		t.Errorf("site.toml does not take its title from the folder:\n%s", cfg)
	}
	// It builds cleanly, for a folder or a server; only a server-only (pretty_urls) build asks
	// for the address the site will have, for the sitemap, and builds cleanly once it is set.
	res, err := pipeline.Build(site.Options{Source: dir})
	if err != nil || len(res.Warnings) > 0 {
		t.Fatalf("the new site does not build cleanly: %v %v", err, res.Warnings)
	}
	res, err = pipeline.Build(site.Options{Source: dir, PrettyURLs: true})
	if err != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Message, "set base_url") {
		t.Fatalf("the new site does not build with --pretty-urls with only the warning about base_url: %v %v", err, res.Warnings)
	}
	setBaseURL(t, dir)
	res, err = pipeline.Build(site.Options{Source: dir, PrettyURLs: true})
	if err != nil || len(res.Warnings) > 0 {
		t.Fatalf("the new site does not build cleanly: %v %v", err, res.Warnings)
	}
	if res.Quizzes != 2 {
		t.Errorf("built %d quizzes; want the knowledge check and the self-assessment", res.Quizzes)
	}
	lesson, err := os.ReadFile(filepath.Join(dir, "public", "lessons", "getting-started", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<table>", `data-quiz="getting-started-check"`, `data-quiz="how-i-learn"`, "Know where your quiz answers are kept."} {
		if !bytes.Contains(lesson, []byte(want)) {
			t.Errorf("the example lesson lacks %s", want)
		}
	}
	clean(t, site.Options{Source: dir})

	if _, err := scaffold.Site(dir, ""); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("a second new site in the same folder: %v; want a refusal", err)
	}
}

func TestNewLesson(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := scaffold.Site(dir, "Mine"); err != nil {
		t.Fatal(err)
	}
	setBaseURL(t, dir)
	file, sections, err := scaffold.Lesson(dir, "lessons/second-steps", "")
	if err != nil || file != "content/lessons/second-steps.md" || len(sections) > 0 {
		t.Fatalf("Lesson: %q, new sections %v, %v", file, sections, err)
	}
	src, _ := os.ReadFile(filepath.Join(dir, file))
	for _, want := range []string{`title = "Second steps"`, "weight = 2", "draft = true", "objectives = [", "## Try this", "kith new quiz second-steps-check"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the new lesson lacks %q:\n%s", want, src)
		}
	}
	// In a new folder, with .md and content/ written out, it is the first of its section.
	if file, sections, err := scaffold.Lesson(dir, "content/extra/first.md", "A title: with \"quotes\""); err != nil || file != "content/extra/first.md" || strings.Join(sections, " ") != "content/extra" {
		t.Fatalf("Lesson in a new section: %q, new sections %v, %v", file, sections, err)
	}
	src, _ = os.ReadFile(filepath.Join(dir, "content/extra/first.md"))
	if !strings.Contains(string(src), `title = "A title: with \"quotes\""`) || !strings.Contains(string(src), "weight = 1") {
		t.Errorf("the lesson in a new section:\n%s", src)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "content/lessons/second-steps.md"))
	os.WriteFile(filepath.Join(dir, "content/lessons/second-steps.md"), append(before, "Edited.\n"...), 0o644)
	if _, _, err := scaffold.Lesson(dir, "lessons/second-steps", ""); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("overwriting a lesson: %v; want a refusal", err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "content/lessons/second-steps.md")); !bytes.HasSuffix(after, []byte("Edited.\n")) {
		t.Error("the refused lesson was changed")
	}
	for _, bad := range []string{"lessons/Second Steps", "../outside", "lessons/_index", "/abs/path", ""} {
		if _, _, err := scaffold.Lesson(dir, bad, ""); err == nil {
			t.Errorf("scaffold.Lesson(%q) was accepted", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.md")); err == nil {
		t.Error("a lesson was written outside content/")
	}
	// The drafts build and pass check, as written; published as written, their example text is
	// a warning.
	clean(t, site.Options{Source: dir, Drafts: true})
	page := filepath.Join(dir, "content/lessons/second-steps.md")
	src, _ = os.ReadFile(page)
	os.WriteFile(page, bytes.Replace(src, []byte("draft = true\n"), nil, 1), 0o644)
	if ds := check.Run(site.Options{Source: dir}).Diagnostics; len(ds) != 1 || !strings.Contains(ds[0].Message, "example text") || ds[0].Line != 3 {
		t.Errorf("a published skeleton: %v; want one warning about its example text, at its description", ds)
	}
}

func TestNewQuizValidatesAndEmbeds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := scaffold.Site(dir, ""); err != nil {
		t.Fatal(err)
	}
	setBaseURL(t, dir)
	for _, kind := range scaffold.Kinds {
		id := "new-" + kind
		file, err := scaffold.Quiz(dir, id, kind, "")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, file))
		q, ds := quiz.Parse(file, id, data)
		if q == nil || len(ds) > 0 || q.Kind != kind {
			t.Errorf("the new %s quiz does not validate: %v", kind, ds)
		}
		if _, err := scaffold.Quiz(dir, id, kind, ""); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("overwriting a quiz: %v; want a refusal", err)
		}
	}
	lesson := filepath.Join(dir, "content/lessons/getting-started.md")
	src, _ := os.ReadFile(lesson)
	os.WriteFile(lesson, append(src, "\n```quiz\nnew-knowledge\n```\n\n```quiz\nnew-self-assessment\n```\n"...), 0o644)
	// Embedded as they are, they build, and check's only complaint is their example text.
	if _, err := pipeline.Build(site.Options{Source: dir}); err != nil {
		t.Fatalf("the site with the new quizzes does not build: %v", err)
	}
	var got []string
	for _, d := range check.Run(site.Options{Source: dir}).Diagnostics {
		msg, _, _ := strings.Cut(strings.SplitN(d.Message, ":", 2)[0], " (and")
		got = append(got, filepath.Base(d.File)+" "+d.Severity.String()+" "+msg)
	}
	want := "new-knowledge.toml warning this is still the example text kith new wrote\n" +
		"new-self-assessment.toml warning this is still the example text kith new wrote"
	if strings.Join(got, "\n") != want {
		t.Errorf("kith check on the new quizzes:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	for _, c := range []struct{ id, kind, want string }{
		{"Week 1", "knowledge", "such as week-1"},
		{"ok-id", "survey", "use knowledge or self-assessment"},
	} {
		if _, err := scaffold.Quiz(dir, c.id, c.kind, ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("scaffold.Quiz(%q, %q): %v; want %q", c.id, c.kind, err, c.want)
		}
	}
	if _, err := scaffold.Quiz(t.TempDir(), "fine", "knowledge", ""); err == nil || !strings.Contains(err.Error(), "no site.toml") {
		t.Errorf("a quiz outside a site: %v", err)
	}
}
