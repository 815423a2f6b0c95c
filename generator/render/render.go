// Package render turns one output of a loaded site into bytes: a page through the theme's
// layouts, a quiz's page, the sitemap, robots.txt, a theme asset or a file copied from content/.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/quiz"
	"kith/generator/search"
	"kith/generator/site"
	"kith/generator/theme"
	"kith/generator/tomlx"
)

// Renderer renders the outputs of one loaded site. It keeps what it rendered of each quiz, so
// it must be made again when the site's theme changes.
type Renderer struct {
	*site.Site
	quizCache sync.Map // quizKey → *renderedQuiz
	// parsed are the pages parsed for one of their outputs and not yet for the other.
	parsed sync.Map // *content.Page → *parsedPage
	search searchIndex
	// Record makes each Report say what its output read (Deps), for kith serve.
	Record bool
}

// New returns a Renderer of the site s.
func New(s *site.Site) *Renderer { return &Renderer{Site: s} }

// Report is what rendering one page tells the pipeline about it, for the checks across pages.
type Report struct {
	Path    string          // the output's path
	IDs     []string        // the ids of the page's headings and other anchors
	Links   []markdown.Link // the links written in the page's Markdown
	Quizzes []string        // the ids of the quizzes the page embeds
	File    string          // the page's source file; empty for outputs with no Markdown
	// Deps is what the output read, when the Renderer records: kith serve renders it again
	// when one of those changes.
	Deps *theme.Deps
}

// Render renders one output into buf. Problems in the page's own text go to list; an error that
// leaves no output is returned.
func (s *Renderer) Render(o site.Output, buf *bytes.Buffer, list *diag.List) (Report, *diag.Diagnostic) {
	var deps *theme.Deps
	if s.Record {
		deps = &theme.Deps{}
	}
	rep := Report{Path: o.Path, Deps: deps}
	switch o.Kind {
	case site.Asset: // its path holds a hash of its bytes: new bytes are a new output
		for _, a := range s.Theme.Assets {
			if a.Path == o.Path {
				buf.Write(a.Data)
			}
		}
		return rep, nil
	case site.File:
		deps.Add(theme.Identity{Aspect: theme.CopiedFile, Key: strings.TrimPrefix(o.File, content.Dir+"/")})
		return rep, s.copyFile(o, buf)
	case site.Sitemap:
		deps.Add(theme.Identity{Aspect: theme.Config, Key: "base_url"})
		deps.Add(theme.Identity{Aspect: theme.AllPages})
		deps.Add(theme.Identity{Aspect: theme.QuizSet})
		s.sitemap(buf)
		return rep, nil
	case site.Search:
		deps.Add(theme.Identity{Aspect: theme.Config})
		// A page's fragment holds that page's text and description alone; the other files,
		// every page's.
		// (Which page a fragment holds changes with the pages there are and their order.)
		if n, ok := search.Fragment(o.Path); ok && n < len(s.SearchPages()) {
			key := theme.PageKey(s.SearchPages()[n])
			deps.Add(theme.Identity{Aspect: theme.PageBody, Key: key})
			deps.Add(theme.Identity{Aspect: theme.PageMeta, Key: key}) // its description opens it
			deps.Add(theme.Identity{Aspect: theme.AllPages})
		} else {
			deps.Add(theme.Identity{Aspect: theme.AnyText})
		}
		return rep, s.searchFile(o, buf)
	case site.Robots:
		deps.Add(theme.Identity{Aspect: theme.Config, Key: "base_url"})
		fmt.Fprintf(buf, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", s.Config.BaseURL)
		return rep, nil
	case site.Slides:
		return s.slides(o, buf, deps)
	}
	page, absRoot := o.Page, ""
	switch o.Kind {
	case site.QuizPage:
		page = &content.Page{FrontMatter: content.FrontMatter{Title: o.Quiz.Title}, Path: site.QuizPath(o.Quiz.ID)}
	case site.MyResults:
		page = &content.Page{FrontMatter: content.FrontMatter{Title: s.Theme.Strings["my_results"]}, Path: site.MyResultsPath}
	case site.ClassResults:
		page = &content.Page{FrontMatter: content.FrontMatter{Title: s.Theme.Strings["class_results"]}, Path: site.ClassResultsPath}
	case site.NotFound:
		page = &content.Page{FrontMatter: content.FrontMatter{Title: s.Theme.Strings["not_found_title"]}, Path: "404/"}
		absRoot = s.Config.BasePath()
	}
	// Every page reads its layout, the site's settings (base.html shows its title) and, through
	// the template function t, the theme's strings.
	deps.Add(theme.Identity{Aspect: theme.Layout, Key: string(o.Kind)})
	deps.Add(theme.Identity{Aspect: theme.Config})
	deps.Add(theme.Identity{Aspect: theme.Strings})
	v := s.Theme.NewView(s.View, string(o.Kind), page, s.PrettyURLs, absRoot, deps)
	if o.Kind == site.QuizPage {
		html, msg := s.quizHTML(o.Quiz.ID, v, 1)
		if msg != "" {
			return rep, diag.Errorf(o.Quiz.File, 0, 0, "%s", msg)
		}
		v.Content = template.HTML(html)
		v.SetUsedBy(o.Quiz.ID, s.UsedBy(o.Quiz.ID))
	}
	if page.File != "" {
		deps.Add(theme.Identity{Aspect: theme.PageBody, Key: theme.PageKey(page)})
		embedded := map[string]int{}
		doc := &markdown.Document{
			File: page.File, FirstLine: page.BodyLine,
			Resolve: func(dest string) (string, string, bool) { return s.resolve(deps, page, v.Root(), dest) },
			Quiz: func(id string) ([]byte, string) {
				embedded[id]++
				return s.quizHTML(id, v, embedded[id])
			},
		}
		md, done := s.parse(page, doc)
		res := md.Render(doc)
		done()
		list.Add(res.Diagnostics...)
		v.Content, v.TOC = template.HTML(res.HTML), res.TOC
		v.Words = countWords(page.Body)
		rep.IDs, rep.Links, rep.Quizzes, rep.File = res.IDs, res.Links, res.Quizzes, page.File
	}
	if err := s.Theme.Render(buf, string(o.Kind), v); err != nil {
		return rep, diag.Errorf(o.Source(), 0, 0, "rendering with the theme's %s layout: %v", o.Kind, err)
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
	// ChooseAllHint tells a multiple choice question to say "Choose all that apply", unless
	// its prompt already does.
	ChooseAllHint bool
}

// ScalePoint is one answer of a self-assessment's scale and the points it scores.
type ScalePoint struct {
	Label           string
	Points, Reverse int // as scored, and on a reverse statement
}

// quizHTML renders the quiz id for the page v. n counts the quiz's embeds on the page so far, so a
// quiz embedded twice gets ids of its own the second time.
func (s *Renderer) quizHTML(id string, v *theme.View, n int) ([]byte, string) {
	v.Deps().Add(theme.Identity{Aspect: theme.QuizData, Key: id})
	q, ok := s.Quizzes[id]
	if !ok {
		v.Deps().Add(theme.Identity{Aspect: theme.QuizSet})
		if _, err := os.Stat(filepath.Join(s.Dir, quiz.Dir, id+".toml")); err == nil && quiz.IsSlug(id) {
			return nil, "" // the quiz exists but has errors of its own, reported at its file
		}
		if near := tomlx.Suggest(id, s.QuizIDs()); near != "" {
			return nil, fmt.Sprintf("no quiz %q: did you mean %q? (or create quizzes/%s.toml)", id, near, id)
		}
		return nil, fmt.Sprintf("no quiz %q: create quizzes/%s.toml, or fix the id (the quizzes are: %s)", id, id, strings.Join(s.QuizIDs(), ", "))
	}
	// A quiz's HTML depends on the page only through its depth and kind, and it is the costliest
	// part of a lesson to render: keep it, so kith serve re-renders an edited lesson quickly.
	// An edited quiz is a new *quiz.Quiz, and a new theme or config a new Site.
	key := quizKey{q, v.Kind, v.Root(), n}
	if c, ok := s.quizCache.Load(key); ok {
		v.Deps().Include(c.(*renderedQuiz).deps)
		return c.(*renderedQuiz).html, ""
	}
	// The quiz reads through a view of its own, shared by every page that embeds it.
	var deps *theme.Deps
	if s.Record {
		deps = &theme.Deps{}
		deps.Add(theme.Identity{Aspect: theme.Layout, Key: theme.PartialKey("quiz.html")})
		v.Deps().Include(deps)
	}
	v = v.WithDeps(deps)
	js, err := q.ClientJSON()
	if err != nil {
		return nil, err.Error()
	}
	qv := QuizView{View: v, Quiz: q, JSON: string(js), Prefix: markdown.QuizIDPrefix + q.ID}
	if n > 1 {
		qv.Prefix += "-" + strconv.Itoa(n)
	}
	for i, question := range q.Questions {
		hint := quiz.NormalizeAnswer(s.Theme.Strings["quiz_choose_all"])
		qv.Questions = append(qv.Questions, QuestionView{Question: question, Number: i + 1, Shown: q.OrderShown(i),
			ChooseAllHint: question.Type == quiz.Multiple && hint != "" && !strings.Contains(quiz.NormalizeAnswer(question.Prompt), hint)})
	}
	for i, label := range q.Scale {
		qv.Scale = append(qv.Scale, ScalePoint{Label: label, Points: i, Reverse: len(q.Scale) - 1 - i})
	}
	html, err := s.Theme.RenderPartial("quiz.html", qv)
	if err != nil {
		return nil, "rendering the quiz with the theme's partials/quiz.html: " + err.Error()
	}
	s.quizCache.Store(key, &renderedQuiz{html, deps})
	return html, ""
}

// renderedQuiz is a quiz's HTML for one kind and depth of page, and what rendering it read.
type renderedQuiz struct {
	html []byte
	deps *theme.Deps
}

// ForgetReads forgets the quizzes rendered so far that read one of changed, so that the pages
// rendered next render them again from the site as it is now.
func (s *Renderer) ForgetReads(changed *theme.Reader) {
	s.quizCache.Range(func(k, c any) bool {
		if changed.Read(c.(*renderedQuiz).deps) {
			s.quizCache.Delete(k)
		}
		return true
	})
}

// resolve resolves a link of page p as Site.Resolve does, recording that the output read what
// the link resolves to.
func (s *Renderer) resolve(deps *theme.Deps, p *content.Page, root, dest string) (string, string, bool) {
	deps.Add(theme.Identity{Aspect: theme.LinkTo, Key: theme.PageKey(p) + "\x00" + dest})
	return s.Resolve(p, root, dest)
}

// quizKey names one rendering of a quiz.
type quizKey struct {
	quiz       *quiz.Quiz
	kind, root string
	n          int
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
