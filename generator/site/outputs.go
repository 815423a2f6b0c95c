package site

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/quiz"
	"kith/generator/search"
	"kith/generator/theme"
	"kith/generator/tomlx"
)

// Output is one file the build writes.
type Output struct {
	Path string        // slash path inside the destination: "lessons/first/index.html"
	Kind Kind          // what the output is; for a page, the layout it is rendered with
	Page *content.Page // the page rendered, for page outputs
	Quiz *quiz.Quiz    // the quiz, for quiz pages
	File string        // the source file under content/, for copied files
}

// Kind is what an output is. A page's kind is also the name of the theme's layout it is
// rendered with, one of theme.Layouts.
type Kind string

// The kinds of output.
const (
	Home         Kind = "home"          // the site's home page, from content/_index.md
	Section      Kind = "section"       // a section's page, from its _index.md
	Lesson       Kind = "lesson"        // a lesson's page
	Slides       Kind = "slides"        // a lesson's slides, for presenting it to a class
	QuizPage     Kind = "quiz"          // a quiz's own page
	MyResults    Kind = "my-results"    // the page that gathers a student's results
	ClassResults Kind = "class-results" // the page where a teacher reads students' result files
	NotFound     Kind = "404"           // the page hosts show for a missing address
	Asset        Kind = "asset"         // a theme file, published under its hashed name
	File         Kind = "file"          // a file under content/, copied as it is
	Sitemap      Kind = "sitemap"       // sitemap.xml
	Robots       Kind = "robots"        // robots.txt
	Search       Kind = "search"        // a file of the search index, under search/
)

// IsPage reports whether outputs of kind k are rendered with the theme's layouts.
func (k Kind) IsPage() bool { return slices.Contains(theme.Layouts, string(k)) }

// Outputs lists every file the site produces, in a stable order. Two sources that would write
// the same path are an error.
func (s *Site) Outputs() ([]Output, []*diag.Diagnostic) {
	var outs []Output
	for _, p := range s.Content.Pages {
		kind := Lesson
		switch {
		case p.Path == "":
			kind = Home
		case p.IsIndex:
			kind = Section
		}
		outs = append(outs, Output{Path: p.Path + "index.html", Kind: kind, Page: p})
		if s.IsLesson(p) {
			outs = append(outs, Output{Path: SlidesPath(p) + "index.html", Kind: Slides, Page: p})
		}
	}
	for _, id := range s.QuizIDs() {
		outs = append(outs, Output{Path: QuizPath(id) + "index.html", Kind: QuizPage, Quiz: s.Quizzes[id]})
	}
	if s.generated[MyResultsPath] {
		outs = append(outs, Output{Path: MyResultsPath + "index.html", Kind: MyResults})
	}
	if s.generated[ClassResultsPath] {
		outs = append(outs, Output{Path: ClassResultsPath + "index.html", Kind: ClassResults})
	}
	outs = append(outs, Output{Path: "404.html", Kind: NotFound})
	for _, a := range s.Theme.Assets {
		outs = append(outs, Output{Path: a.Path, Kind: Asset})
	}
	for _, f := range s.Content.Files {
		outs = append(outs, Output{Path: f, Kind: File, File: content.Dir + "/" + f})
	}
	for _, p := range search.Paths(len(s.SearchPages())) {
		outs = append(outs, Output{Path: p, Kind: Search})
	}
	var ds []*diag.Diagnostic
	if hasHost(s.Config) {
		outs = append(outs, Output{Path: "sitemap.xml", Kind: Sitemap}, Output{Path: "robots.txt", Kind: Robots})
	} else if s.PrettyURLs {
		// Only a site that says it is served by a web server is expected to have a sitemap.
		ds = append(ds, noSitemap())
	}
	ds = append(ds, clashes(outs)...)
	seen := map[string]Output{}
	clashed := map[*content.Page]bool{} // a lesson's slides clash where it does: say so once
	for _, o := range outs {
		if o.FromAuthor() && OwnName(o.Path) != "" {
			continue // reported by clashes
		}
		if prev, dup := seen[o.Path]; dup {
			if o.Kind == Slides && clashed[o.Page] || prev.Kind == Slides && clashed[prev.Page] {
				continue
			}
			clashed[o.Page], clashed[prev.Page] = true, true
			// Point at the author's file rather than kith's own page, and at the slug that made
			// the clash, when a slug did.
			at, other := o, prev
			if o.Source() == theTheme || (o.Page == nil || o.Page.Slug == "") && prev.Page != nil && prev.Page.Slug != "" {
				at, other = prev, o
			}
			var pos tomlx.Pos
			if at.Page != nil {
				pos = at.Page.SlugAt
			}
			if other.Source() == theTheme {
				ds = append(ds, diag.Errorf(at.Source(), pos.Line, pos.Col, "writes %s, which is the address of a page kith makes itself (%s): rename the file or give it a different slug", o.Path, other.Kind))
				continue
			}
			ds = append(ds, diag.Errorf(at.Source(), pos.Line, pos.Col, "writes %s, which %s also writes: rename one of them or give one a different slug", o.Path, other.Source()))
			continue
		}
		seen[o.Path] = o
	}
	return outs, ds
}

// SlidesPath is the URL path of the slides of the lesson p.
func SlidesPath(p *content.Page) string { return p.Path + "slides/" }

// IsLesson reports whether p is a lesson, which gets slides, rather than another page (a
// glossary, a guide for teachers).
func (s *Site) IsLesson(p *content.Page) bool {
	if p.File == "" || p.IsLesson(false) {
		return p.File != ""
	}
	return p.IsLesson(len(markdown.QuizIDs(p.Body)) > 0) // parses the page: only when the front matter does not tell
}

// Source names the input an output comes from, for messages.
func (o Output) Source() string {
	switch {
	case o.Page != nil && o.Page.File != "":
		return o.Page.File
	case o.Quiz != nil:
		return o.Quiz.File
	case o.File != "":
		return o.File
	}
	return theTheme
}

// theTheme is the source of the outputs kith makes itself.
const theTheme = "the theme"

// QuizIDs returns the ids of the site's quizzes, sorted.
func (s *Site) QuizIDs() []string {
	ids := make([]string, 0, len(s.Quizzes))
	for id := range s.Quizzes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// LinkTarget turns a relative URL emitted in the page at outPath back into a site path.
func LinkTarget(outPath, rel string) string {
	if rel == "" {
		return strings.TrimSuffix(outPath, "index.html")
	}
	base := filepath.ToSlash(filepath.Dir(outPath))
	p := filepath.ToSlash(filepath.Join(base, strings.TrimSuffix(rel, "index.html")))
	if p == "." {
		return ""
	}
	return strings.TrimPrefix(p, "./") + "/"
}
