package theme

import (
	"bytes"
	"strings"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/quiz"
)

// Templates reach the site's pages, sections and quizzes only through the handles below, whose
// methods record what they read into the render's Deps. Their method names are the fields a
// template used to read (.Title, .Lessons, .Index), so themes written before keep working.

// reader is what the handles of one render share: the site, and where its reads are recorded.
type reader struct {
	site *SiteView
	deps *Deps
}

func (r *reader) add(a Aspect, key string) { r.deps.Add(Identity{a, key}) }

// PageRef is a page as a template sees it.
type PageRef struct {
	p *content.Page
	r *reader
}

func (r *reader) page(p *content.Page) *PageRef {
	if p == nil {
		return nil
	}
	return &PageRef{p: p, r: r}
}

func (r *reader) pages(ps []*content.Page) []*PageRef {
	out := make([]*PageRef, len(ps))
	refs := make([]PageRef, len(ps))
	for i, p := range ps {
		refs[i] = PageRef{p: p, r: r}
		out[i] = &refs[i]
	}
	return out
}

func (p *PageRef) read(a Aspect) { p.r.add(a, PageKey(p.p)) }

// Title is the page's title.
func (p *PageRef) Title() string { p.read(PageTitle); return p.p.Title }

// Description is the page's description.
func (p *PageRef) Description() string { p.read(PageMeta); return p.p.Description }

// Weight orders the page among its section's lessons.
func (p *PageRef) Weight() int { p.read(PageMeta); return p.p.Weight }

// Duration is how long the lesson takes in class, as its author wrote it.
func (p *PageRef) Duration() string { p.read(PageMeta); return p.p.Duration }

// Objectives are the lesson's learning objectives.
func (p *PageRef) Objectives() []string { p.read(PageMeta); return p.p.Objectives }

// Draft tells whether the page is a draft, published with --drafts.
func (p *PageRef) Draft() bool { p.read(PageMeta); return p.p.Draft }

// Slug is the last part of the page's URL when its front matter sets one.
func (p *PageRef) Slug() string { p.read(PageMeta); return p.p.Slug }

// Audience is who the page is for: "students", "teachers" or "" for everyone.
func (p *PageRef) Audience() string { p.read(PageMeta); return string(p.p.For) }

// Path is the page's URL path from the site's root: "lessons/first/", "" for the home page.
func (p *PageRef) Path() string { p.read(PagePath); return p.p.Path }

// File is the page's source file, "content/lessons/first.md"; "" for a page kith made up.
func (p *PageRef) File() string { return p.p.File }

// IsIndex tells whether the page is a section's own page.
func (p *PageRef) IsIndex() bool { return p.p.IsIndex }

// Section is the section the page is listed in; a section page's own section.
func (p *PageRef) Section() *SectionRef { return p.r.section(p.p.Section) }

// Prev is the previous lesson of the page's section, or nil.
func (p *PageRef) Prev() *PageRef { p.readOrder(); return p.r.page(p.p.Prev) }

// Next is the next lesson of the page's section, or nil.
func (p *PageRef) Next() *PageRef { p.readOrder(); return p.r.page(p.p.Next) }

func (p *PageRef) readOrder() {
	if p.p.Section != nil {
		p.r.add(SectionShape, p.p.Section.Dir)
	}
}

// Body is the page's Markdown, for {{markdown .Body}}.
func (p *PageRef) Body() string { p.read(PageBody); return string(p.p.Body) }

// Summary is the first paragraph of the page's Markdown, for {{markdown .Summary}}.
func (p *PageRef) Summary() string {
	p.read(PageBody)
	body := bytes.TrimLeft(bytes.ReplaceAll(p.p.Body, []byte("\r\n"), []byte("\n")), "\n")
	if i := bytes.Index(body, []byte("\n\n")); i >= 0 {
		body = body[:i]
	}
	return string(body)
}

// SectionRef is a section as a template sees it.
type SectionRef struct {
	s *content.Section
	r *reader
}

func (r *reader) section(s *content.Section) *SectionRef {
	if s == nil {
		return nil
	}
	return &SectionRef{s: s, r: r}
}

func (s *SectionRef) read() { s.r.add(SectionShape, s.s.Dir) }

// Title is the section's title: its _index.md's, or one made from its folder's name.
func (s *SectionRef) Title() string { return s.Index().Title() }

// Index is the section's own page.
func (s *SectionRef) Index() *PageRef {
	s.r.add(SectionIndex, s.s.Dir)
	return s.r.page(s.s.Index)
}

// Lessons are the section's lessons, in order.
func (s *SectionRef) Lessons() []*PageRef { s.read(); return s.r.pages(s.s.Lessons) }

// Sections are the sections inside this one, in order.
func (s *SectionRef) Sections() []*SectionRef {
	s.read()
	return s.r.sections(s.s.Sections)
}

func (r *reader) sections(ss []*content.Section) []*SectionRef {
	out := make([]*SectionRef, len(ss))
	for i, sub := range ss {
		out[i] = &SectionRef{s: sub, r: r}
	}
	return out
}

// Parent is the section this one is in, or nil for the site's root.
func (s *SectionRef) Parent() *SectionRef { return s.r.section(s.s.Parent) }

// Dir is the section's folder, a slash path from content/: "" for the root.
func (s *SectionRef) Dir() string { return s.s.Dir }

// Path is the section's URL path: "" for the root, "lessons/basics/".
func (s *SectionRef) Path() string { return s.s.Path }

// SiteRef is the site as a whole, as a template sees it.
type SiteRef struct{ r *reader }

// Config is site.toml.
func (s *SiteRef) Config() *config.Config { s.r.add(Config, ""); return s.r.site.Config }

// Home is the home page.
func (s *SiteRef) Home() *PageRef {
	s.r.add(SectionIndex, "")
	return s.r.page(s.r.site.Content.Root.Index)
}

// Sections are the top-level sections, in order.
func (s *SiteRef) Sections() []*SectionRef { return s.r.section(s.r.site.Content.Root).Sections() }

// Content is every page of the site.
func (s *SiteRef) Content() *ContentRef { return &ContentRef{r: s.r} }

// Strings are the theme's strings in the site's language.
func (s *SiteRef) Strings() map[string]string { s.r.add(Strings, ""); return s.r.site.Strings }

// HasQuizzes tells whether the site has quizzes, and so a "My results" page.
func (s *SiteRef) HasQuizzes() bool { s.r.add(SomeQuiz, ""); return len(s.r.site.Quizzes) > 0 }

// Quiz is the quiz id, or nil when the site has none by that id.
func (s *SiteRef) Quiz(id string) *quiz.Quiz {
	s.r.add(QuizData, id)
	return s.r.site.Quizzes[id]
}

// KnowledgeChecks are the site's knowledge checks, sorted by id (each with .ID and .Hash), for
// the Class results page.
func (s *SiteRef) KnowledgeChecks() []*quiz.Quiz {
	s.r.add(QuizSet, "")
	for id := range s.r.site.Quizzes {
		s.r.add(QuizData, id)
	}
	if s.r.site.KnowledgeChecks == nil {
		return nil
	}
	return s.r.site.KnowledgeChecks()
}

// ContentRef is everything under content/, as a template sees it.
type ContentRef struct{ r *reader }

// Root is the section of content/ itself, whose lessons are the pages at the top of the site.
func (c *ContentRef) Root() *SectionRef { return c.r.section(c.r.site.Content.Root) }

// Page is the page written in file ("content/lessons/first.md"), or nil when there is none.
func (c *ContentRef) Page(file string) *PageRef {
	p := c.r.site.Content.ByFile[file]
	// A page that comes or goes changes its path, so this records whether it is there.
	key := file
	if p != nil {
		key = PageKey(p)
	}
	c.r.add(PagePath, key)
	return c.r.page(p)
}

// Pages are every page in reading order: a section's page, its lessons, then its subsections.
func (c *ContentRef) Pages() []*PageRef {
	c.r.add(AllPages, "")
	return c.r.pages(c.r.site.Content.Pages)
}

// Lessons are every lesson, not section pages, in reading order.
func (c *ContentRef) Lessons() []*PageRef {
	c.r.add(AllPages, "")
	var out []*content.Page
	for _, p := range c.r.site.Content.Pages {
		if !p.IsIndex {
			out = append(out, p)
		}
	}
	return c.r.pages(out)
}

// The functions for progress marks, which name the knowledge checks of lessons. A lesson's
// checks depend on which quizzes its Markdown embeds and on each quiz's kind: they are one
// identity, Checks, of the lesson, which the preview compares before and after a change.
// They walk the sections through the handles, so that each lesson they name is recorded as read.

func checksOf(p *PageRef) string {
	if p == nil || p.r.site.Checks == nil {
		return ""
	}
	p.read(Checks)
	return p.r.site.Checks(p.p)
}

// checkedLessons returns the lessons in section s and the sections below it that embed a
// knowledge check, in reading order: the lessons progress counts.
func checkedLessons(s *SectionRef) []*PageRef {
	if s == nil {
		return nil
	}
	var out []*PageRef
	var walk func(*SectionRef)
	walk = func(sec *SectionRef) {
		for _, p := range sec.Lessons() {
			if checksOf(p) != "" {
				out = append(out, p)
			}
		}
		for _, sub := range sec.Sections() {
			walk(sub)
		}
	}
	walk(s)
	return out
}

// sectionChecks returns the checks of each of checkedLessons(s), separated by commas: what
// "3 of 7 lessons done" counts.
func sectionChecks(s *SectionRef) string {
	var out []string
	for _, p := range checkedLessons(s) {
		out = append(out, checksOf(p))
	}
	return strings.Join(out, ",")
}

// slidesURL returns the URL of the slides of the page v shows, or "" when it is no lesson.
func slidesURL(v *View) string {
	if v.page == nil || v.site.IsLesson == nil {
		return ""
	}
	// Whether a page is a lesson depends on its front matter and, when that does not say, on
	// whether its Markdown embeds a quiz.
	ref := v.Page()
	ref.read(PageMeta)
	ref.read(PageBody)
	if sec := v.page.Section; sec != nil {
		// A page among lessons that give objectives is a lesson too.
		for _, o := range v.reader.section(sec).Lessons() {
			o.read(PageMeta)
		}
	}
	if !v.site.IsLesson(v.page) {
		return ""
	}
	return v.URL(v.site.SlidesPath(v.page))
}
