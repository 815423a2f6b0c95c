package build

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/quiz"
	"kith/generator/theme"
	"kith/generator/tomlx"
)

// Output is one file the build writes.
type Output struct {
	Path string        // slash path inside the destination: "lessons/first/index.html"
	Kind string        // the layout, or "asset", "file", "sitemap", "robots"
	Page *content.Page // the page rendered, for page outputs
	Quiz *quiz.Quiz    // the quiz, for quiz pages
	File string        // the source file under content/, for copied files
}

// Outputs lists every file the site produces, in a stable order. Two sources that would write
// the same path are an error.
func (s *Site) Outputs() ([]Output, []*diag.Diagnostic) {
	var outs []Output
	for _, p := range s.Content.Pages {
		kind := "lesson"
		switch {
		case p.Path == "":
			kind = "home"
		case p.IsIndex:
			kind = "section"
		}
		outs = append(outs, Output{Path: p.Path + "index.html", Kind: kind, Page: p})
	}
	for _, id := range s.quizIDs() {
		outs = append(outs, Output{Path: quizPath(id) + "index.html", Kind: "quiz", Quiz: s.Quizzes[id]})
	}
	if s.generated[myResultsPath] {
		outs = append(outs, Output{Path: myResultsPath + "index.html", Kind: "my-results"})
	}
	outs = append(outs, Output{Path: "404.html", Kind: "404"})
	for _, a := range s.Theme.Assets {
		outs = append(outs, Output{Path: a.Path, Kind: "asset"})
	}
	for _, f := range s.Content.Files {
		outs = append(outs, Output{Path: f, Kind: "file", File: content.Dir + "/" + f})
	}
	var ds []*diag.Diagnostic
	if hasHost(s.Config) {
		outs = append(outs, Output{Path: "sitemap.xml", Kind: "sitemap"}, Output{Path: "robots.txt", Kind: "robots"})
	} else if !s.Portable {
		ds = append(ds, noSitemap())
	}
	ds = append(ds, clashes(outs)...)
	seen := map[string]Output{}
	for _, o := range outs {
		if o.fromAuthor() && ownName(o.Path) != "" {
			continue // reported by clashes
		}
		if prev, dup := seen[o.Path]; dup {
			// Point at the author's file rather than kith's own page, and at the slug that made
			// the clash, when a slug did.
			at, other := o, prev
			if o.source() == theTheme || (o.Page == nil || o.Page.Slug == "") && prev.Page != nil && prev.Page.Slug != "" {
				at, other = prev, o
			}
			var pos tomlx.Pos
			if at.Page != nil {
				pos = at.Page.SlugAt
			}
			if other.source() == theTheme {
				ds = append(ds, diag.Errorf(at.source(), pos.Line, pos.Col, "writes %s, which is the address of a page kith makes itself (%s): rename the file or give it a different slug", o.Path, other.Kind))
				continue
			}
			ds = append(ds, diag.Errorf(at.source(), pos.Line, pos.Col, "writes %s, which %s also writes: rename one of them or give one a different slug", o.Path, other.source()))
			continue
		}
		seen[o.Path] = o
	}
	return outs, ds
}

// source names the input an output comes from, for messages.
func (o Output) source() string {
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

func (s *Site) quizIDs() []string {
	ids := make([]string, 0, len(s.Quizzes))
	for id := range s.Quizzes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Sink receives the bytes of each output.
type Sink interface {
	Write(path string, data []byte) error
}

// pageReport is what rendering one page tells the build about the page, for checks across pages.
type pageReport struct {
	path    string
	ids     []string
	links   []markdown.Link
	quizzes []string
	file    string
}

// renderAll renders outs into sink on all cores and returns what each page reported.
func (s *Site) renderAll(outs []Output, sink Sink, list *diag.List) []pageReport {
	reports := make([]pageReport, len(outs))
	bufs := make([]bytes.Buffer, workers(len(outs)))
	forEach(allIndexes(len(outs)), func(w, i int) {
		buf := &bufs[w]
		buf.Reset()
		rep, err := s.Render(outs[i], buf, list)
		reports[i] = rep
		if err != nil {
			list.Add(err)
			return
		}
		if err := sink.Write(outs[i].Path, buf.Bytes()); err != nil {
			list.Errorf(outs[i].Path, 0, 0, "cannot write the output: %v", err)
		}
	})
	return reports
}

// workers is how many goroutines render n outputs: two a core, so that one renders while the
// other waits on the file system (measured: 5% faster on 10,000 lessons in tmpfs).
func workers(n int) int { return min(2*runtime.GOMAXPROCS(0), n) }

// Each calls do for 0..n-1 on all cores, as a build renders, and returns when all are done.
func Each(n int, do func(i int)) { forEach(allIndexes(n), func(_, i int) { do(i) }) }

// forEach calls do with each of the indexes, on all cores, and returns when all are done. do
// also gets the number of the worker calling it, below workers(len(indexes)), for state of its own.
func forEach(indexes []int, do func(worker, i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range workers(len(indexes)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(w, i)
			}
		}()
	}
	for _, i := range indexes {
		next <- i
	}
	close(next)
	wg.Wait()
}

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Render renders one output into buf. Problems in the page's own text go to list; an error that
// leaves no output is returned.
func (s *Site) Render(o Output, buf *bytes.Buffer, list *diag.List) (pageReport, *diag.Diagnostic) {
	rep := pageReport{path: o.Path}
	switch o.Kind {
	case "asset":
		for _, a := range s.Theme.Assets {
			if a.Path == o.Path {
				buf.Write(a.Data)
			}
		}
		return rep, nil
	case "file":
		return rep, s.copyFile(o, buf)
	case "sitemap":
		s.sitemap(buf)
		return rep, nil
	case "robots":
		fmt.Fprintf(buf, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", s.Config.BaseURL)
		return rep, nil
	}
	page, absRoot := o.Page, ""
	switch o.Kind {
	case "quiz":
		page = &content.Page{FrontMatter: content.FrontMatter{Title: o.Quiz.Title}, Path: quizPath(o.Quiz.ID)}
	case "my-results":
		page = &content.Page{FrontMatter: content.FrontMatter{Title: s.Theme.Strings["my_results"]}, Path: myResultsPath}
	case "404":
		page = &content.Page{FrontMatter: content.FrontMatter{Title: s.Theme.Strings["not_found_title"]}, Path: "404/"}
		absRoot = s.Config.BasePath()
	}
	v := s.Theme.NewView(s.view, o.Kind, page, s.Portable, absRoot)
	if o.Kind == "quiz" {
		html, msg := s.quizHTML(o.Quiz.ID, v, 1)
		if msg != "" {
			return rep, diag.Errorf(o.Quiz.File, 0, 0, "%s", msg)
		}
		v.Content = template.HTML(html)
		v.Extra = s.users[o.Quiz.ID]
	}
	if page.File != "" {
		embedded := map[string]int{}
		res := s.Markdown.Render(page.Body, &markdown.Document{
			File: page.File, FirstLine: page.BodyLine,
			Resolve: func(dest string) (string, string, bool) { return s.resolve(page, v.Root(), dest) },
			Quiz: func(id string) ([]byte, string) {
				embedded[id]++
				return s.quizHTML(id, v, embedded[id])
			},
		})
		list.Add(res.Diagnostics...)
		v.Content, v.TOC = template.HTML(res.HTML), res.TOC
		v.Words = countWords(page.Body)
		rep.ids, rep.links, rep.quizzes, rep.file = res.IDs, res.Links, res.Quizzes, page.File
	}
	if err := s.Theme.Render(buf, o.Kind, v); err != nil {
		return rep, diag.Errorf(o.source(), 0, 0, "rendering with the theme's %s layout: %v", o.Kind, err)
	}
	return rep, nil
}

// QuizView is the data of the theme's partials/quiz.html.
type QuizView struct {
	*theme.View
	Quiz *quiz.Quiz
	// JSON is what the quiz runtime needs to score the quiz in the browser.
	JSON string
	// Prefix starts every id and input name in the quiz's HTML. It is unique among the quizzes
	// of one page as long as a page embeds each quiz once; the runtime renumbers a repeat.
	Prefix string
	// Questions are the quiz's questions with what the page shows beyond the quiz file.
	Questions []QuestionView
	// Scale is the self-assessment's scale with the points of each answer, for adding up by hand.
	Scale []ScalePoint
}

// QuestionView is one question as the page shows it.
type QuestionView struct {
	quiz.Question
	Number int // 1-based, as the student reads it
	// Shown lists an order question's items in the order they are shown, as indexes into Items.
	Shown []int
}

// ScalePoint is one answer of a self-assessment's scale and the points it scores.
type ScalePoint struct {
	Label           string
	Points, Reverse int // as scored, and on a reverse statement
}

// quizHTML renders the quiz id for the page v. n counts the quiz's embeds on the page so far, so a
// quiz embedded twice gets ids of its own the second time.
func (s *Site) quizHTML(id string, v *theme.View, n int) ([]byte, string) {
	q, ok := s.Quizzes[id]
	if !ok {
		if _, err := os.Stat(filepath.Join(s.Dir, quiz.Dir, id+".toml")); err == nil && quiz.IsSlug(id) {
			return nil, "" // the quiz exists but has errors of its own, reported at its file
		}
		if near := tomlx.Suggest(id, s.quizIDs()); near != "" {
			return nil, fmt.Sprintf("no quiz %q: did you mean %q? (or create quizzes/%s.toml)", id, near, id)
		}
		return nil, fmt.Sprintf("no quiz %q: create quizzes/%s.toml, or fix the id (the quizzes are: %s)", id, id, strings.Join(s.quizIDs(), ", "))
	}
	// A quiz's HTML depends on the page only through its depth and kind, and it is the costliest
	// part of a lesson to render: keep it, so kith serve re-renders an edited lesson quickly.
	// An edited quiz is a new *quiz.Quiz, and a new theme or config a new Site.
	key := quizKey{q, v.Kind, v.Root(), n}
	if html, ok := s.quizCache.Load(key); ok {
		return html.([]byte), ""
	}
	js, err := q.ClientJSON()
	if err != nil {
		return nil, err.Error()
	}
	qv := QuizView{View: v, Quiz: q, JSON: string(js), Prefix: markdown.QuizIDPrefix + q.ID}
	if n > 1 {
		qv.Prefix += "-" + strconv.Itoa(n)
	}
	for i, question := range q.Questions {
		qv.Questions = append(qv.Questions, QuestionView{Question: question, Number: i + 1, Shown: q.OrderShown(i)})
	}
	for i, label := range q.Scale {
		qv.Scale = append(qv.Scale, ScalePoint{Label: label, Points: i, Reverse: len(q.Scale) - 1 - i})
	}
	html, err := s.Theme.RenderPartial("quiz.html", qv)
	if err != nil {
		return nil, "rendering the quiz with the theme's partials/quiz.html: " + err.Error()
	}
	s.quizCache.Store(key, html)
	return html, ""
}

// quizKey names one rendering of a quiz.
type quizKey struct {
	quiz       *quiz.Quiz
	kind, root string
	n          int
}

// indexQuizUsers records which pages embed each quiz, in reading order. It must run again
// when a page's quizzes or the reading order change.
func (s *Site) indexQuizUsers() {
	s.users = map[string][]*content.Page{}
	for _, p := range s.Content.Pages {
		if p.File == "" {
			continue
		}
		for _, id := range embedded(p.Body) {
			if !slices.Contains(s.users[id], p) {
				s.users[id] = append(s.users[id], p)
			}
		}
	}
}

// countWords counts runs of non-space bytes, for the reading time, without copying the body.
func countWords(b []byte) int {
	n, inWord := 0, false
	for _, c := range b {
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}
