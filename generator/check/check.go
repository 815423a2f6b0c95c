// Package check finds what would trouble a site's readers before they do: everything kith build
// rejects or warns about, and the things a build lets through — images without alt text, links
// without text or address, skipped heading levels, pages without a description, lessons without
// objectives, lessons written above the site's reading level, and example text from kith new
// that nobody replaced.
package check

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/pipeline"
	"kith/generator/readability"
	"kith/generator/site"
	"kith/generator/sitefs"
	"kith/generator/tomlx"
)

// Report is the outcome of checking a site.
type Report struct {
	Diagnostics []*diag.Diagnostic // sorted by file, line and column
	Pages       int                // Markdown pages checked
	Quizzes     int                // valid quizzes
	Loaded      bool               // false when the site could not be read far enough to check its pages
	Drafts      int                // draft pages left out, without --drafts
	Edition     content.Audience   // who the site was checked for
	// Dir is the site's folder as given, which the files printed are named from.
	Dir string
}

// Counts returns how many errors and warnings the report holds.
func (r Report) Counts() (errors, warnings int) {
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// minWords is the shortest lesson whose reading level is measured: on fewer words a single
// long sentence decides the grade.
const minWords = 100

// Run checks the site in opts.Source, writing nothing.
func Run(opts site.Options) Report {
	s, ds := pipeline.Check(opts)
	rep := Report{Diagnostics: ds, Dir: opts.Source}
	if s == nil {
		return rep
	}
	rep.Loaded = true
	rep.Drafts = s.Content.Drafts
	rep.Quizzes = len(s.Quizzes)
	var pages []*content.Page
	for _, p := range s.Content.Pages {
		if p.File != "" { // not a section without an _index.md, or a home page kith made up
			pages = append(pages, p)
		}
	}
	rep.Pages = len(pages)
	var list diag.List
	pipeline.Each(len(pages), func(i int) { checkPage(pages[i], s, &list) })
	for _, q := range s.Quizzes {
		checkPlaceholders(s.Dir, q.File, site.QuizText(q), &list)
	}
	if s.Config.PrettyURLs {
		line, col := 0, 0
		if data, err := sitefs.ReadFile(s.Dir, sitefs.ConfigFile); err == nil {
			pos := tomlx.Locate(data).AtOr("pretty_urls")
			line, col = pos.Line, pos.Col
		}
		list.Warnf(sitefs.ConfigFile, line, col, "pretty_urls = true: links name folders (lessons/first/), which only a web server turns into pages, so the site will not navigate when opened from disk, a shared drive or a USB stick: remove it to make a site that works everywhere")
	}
	rep.Edition = s.Edition
	rep.Diagnostics = append(rep.Diagnostics, list.All()...)
	diag.Sort(rep.Diagnostics)
	return rep
}

// checkPage adds the problems of one page that a build lets through.
func checkPage(p *content.Page, s *site.Site, list *diag.List) {
	cfg, dir := s.Config, s.Dir
	in := markdown.Inspect(p.Body)
	checkCaptions(p, s, in.Videos, list)
	for _, f := range in.Findings {
		list.Warnf(p.File, f.Line+p.BodyLine-1, f.Col, "%s", f.Message)
	}
	if !p.Draft {
		checkPlaceholders(dir, p.File, pageText(p), list)
	}
	if p.Description == "" && !(p.Path == "" && cfg.Description != "") {
		list.Warnf(p.File, 1, 1, "the page has no description: add description = \"...\", a sentence that tells readers (and search engines) what the page is for")
	}
	checkHTML(p, in, cfg.UnsafeHTML, list)
	seen := map[string]int{}
	for _, q := range in.Quizzes {
		if first, dup := seen[q.ID()]; dup && q.ID() != "" {
			list.Warnf(p.File, q.Line+p.BodyLine-1, 1, "the quiz %s is already on this page, at line %d: both copies save the same answers, so a student sees one fill in the other; keep one", q.ID(), first+p.BodyLine-1)
			continue
		}
		seen[q.ID()] = q.Line
	}
	if !p.IsLesson(len(in.Quizzes) > 0) {
		return
	}
	if len(p.Objectives) == 0 {
		list.Warnf(p.File, 1, 1, "the lesson has no objectives: add objectives = [\"...\", \"...\"], what a student can do after it, so they and their teacher know its aim")
	}
	if cfg.ReadingGrade > 0 {
		checkReadingLevel(p, in.Prose, cfg.ReadingGrade, list)
	}
}

// checkHTML warns about raw HTML: by default it reaches students as visible text; when the site
// lets it through, every script, style, event handler, javascript: address, <base> and <meta
// http-equiv> in it, which break under the strict CSP the theme is built for or change the
// whole page. (What it would load from other sites is an error of the build's.)
func checkHTML(p *content.Page, in markdown.Inspection, unsafe bool, list *diag.List) {
	if unsafe {
		for _, f := range in.Unsafe {
			list.Warnf(p.File, f.Line+p.BodyLine-1, f.Col, "this HTML has %s", f.Message)
		}
		return
	}
	lastLine := 0
	for _, h := range in.RawHTML {
		line := h.Line + p.BodyLine - 1
		if line == lastLine {
			continue // one warning a line: <span> and </span> are one mistake
		}
		lastLine = line
		list.Warnf(p.File, line, h.Col, "students will see this HTML as text, %s, since site.toml does not set unsafe_html = true: write it in Markdown instead, or remove it", strconv.Quote(shorten(h.Message)))
	}
}

// checkCaptions warns about videos without captions: a student who cannot hear, or who watches
// in a classroom with the sound off, cannot follow them. A video whose file is missing is an
// error of the build's already.
func checkCaptions(p *content.Page, s *site.Site, videos []markdown.Finding, list *diag.List) {
	for _, v := range videos {
		if _, _, ok := s.Resolve(p, "", v.Message); !ok {
			continue
		}
		vtt := markdown.CaptionsFor(v.Message)
		if _, _, ok := s.Resolve(p, "", vtt); ok {
			continue
		}
		list.Warnf(p.File, v.Line+p.BodyLine-1, v.Col, "the video has no captions, so students who cannot hear it, or watch with the sound off, miss what is said: add a WebVTT captions file beside it, %s", strconv.Quote(vtt))
	}
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// checkPlaceholders warns about example text from kith new's skeletons left in a file: once, at
// the first place, with how many more there are, so a new quiz does not bury other problems.
// text is what the file says as far as kith read it; the file is read again only to place the
// example text when there is some.
func checkPlaceholders(dir, file string, text []string, list *diag.List) {
	found := false
	for _, t := range text {
		found = found || containsPlaceholder(t)
	}
	if !found {
		return
	}
	src, err := sitefs.ReadFile(dir, file)
	if err != nil {
		return
	}
	var at []int
	for _, ph := range exampleText {
		for rest, off := src, 0; ; {
			i := bytes.Index(rest, []byte(ph))
			if i < 0 {
				break
			}
			at = append(at, off+i)
			rest, off = rest[i+len(ph):], off+i+len(ph)
		}
	}
	if len(at) == 0 {
		return
	}
	first := slices.Min(at)
	line := bytes.Count(src[:first], []byte("\n")) + 1
	col := first - (bytes.LastIndexByte(src[:first], '\n') + 1) + 1
	more := ""
	if len(at) > 1 {
		more = fmt.Sprintf(" (and %d more places in this file)", len(at)-1)
	}
	list.Warnf(file, line, col, "this is still the example text kith new wrote%s: replace it with your own before students see it", more)
}

func containsPlaceholder(s string) bool {
	return slices.ContainsFunc(exampleText, func(ph string) bool { return strings.Contains(s, ph) })
}

// exampleText is the example text of kith new's lesson and quiz skeletons, one a line, that an
// author is meant to replace. It is data here rather than an import of the scaffolder; a test
// keeps it in step with kith new (go test ./generator/check -run TestExampleText -update).
var exampleText = strings.Split(strings.TrimSpace(exampleTextFile), "\n")

//go:embed example-text.txt
var exampleTextFile string

// pageText is what a page says: its body and the front matter kith new fills in.
func pageText(p *content.Page) []string {
	return append([]string{string(p.Body), p.Description}, p.Objectives...)
}

// checkReadingLevel warns when a lesson's Flesch–Kincaid grade is above the target, at the
// lesson's hardest block, which is where rewriting helps most.
func checkReadingLevel(p *content.Page, prose []markdown.Block, target float64, list *diag.List) {
	var all readability.Stats
	hardest, hardestGrade := -1, 0.0
	for i, b := range prose {
		all.Add(b.Text)
		var one readability.Stats
		one.Add(b.Text)
		if b.Paragraph && one.Words >= 15 && one.Grade() > hardestGrade {
			hardest, hardestGrade = i, one.Grade()
		}
	}
	if all.Words < minWords || all.Grade() <= target {
		return
	}
	line := p.BodyLine
	where := ""
	if hardest >= 0 {
		line = prose[hardest].Line + p.BodyLine - 1
		where = fmt.Sprintf("; its hardest passage, which starts on this line, reads at grade %.1f", hardestGrade)
	}
	list.Warnf(p.File, line, 1, "the lesson reads at grade %.1f (Flesch–Kincaid), above the site's reading_grade of %g%s: shorter sentences and everyday words bring it down",
		all.Grade(), target, where)
}
