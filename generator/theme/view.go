package theme

import (
	"html/template"
	"strings"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/markdown"
	"kith/generator/quiz"
)

// SiteView is the site as a whole, shared by every render; templates see it through .Site, a
// SiteRef that records what they read of it.
type SiteView struct {
	Config  *config.Config
	Content *content.Site
	Strings map[string]string
	Quizzes map[string]*quiz.Quiz
	// Checks names the knowledge checks a page embeds, separated by spaces.
	Checks func(*content.Page) string
	// KnowledgeChecks are the site's knowledge checks, sorted by id.
	KnowledgeChecks func() []*quiz.Quiz
	// IsLesson tells whether a page is a lesson, which has slides; SlidesPath is where they are.
	IsLesson   func(*content.Page) bool
	SlidesPath func(*content.Page) string
}

// View is the data a layout renders: one page, and how to link from it to everything else.
// Templates link with its methods, which give URLs relative to the page, so a site works under
// any sub-path and from file://. Everything it reaches of the site beyond the page's own body
// it reaches through methods that record the read into Deps, so that kith serve knows which
// pages to render again after an edit.
type View struct {
	Kind    string        // one of Layouts
	Content template.HTML // the rendered body
	TOC     []markdown.Heading
	// Words is the body's word count, for the reading time.
	Words int

	site      *SiteView
	page      *content.Page // kith makes one up for quiz, my-results and 404 pages
	reader    *reader
	quizID    string          // on a quiz's page, its id
	usedBy    []*content.Page // on a quiz's page, the pages that embed it
	theme     *Theme
	root      string // the way from the page to the site's root: "", "../", "../../"
	pretty    bool
	sharedNav bool // rendering the navigation shared by every page of a section
}

// NewView returns the view of a page at the URL path p.Path, which records what its templates
// read into deps (nil records nothing); pretty links name folders rather than their
// index.html. When absRoot is not empty it is used as the way to the root instead of a
// relative one (the 404 page is served, by a web server, at any depth).
func (t *Theme) NewView(site *SiteView, kind string, p *content.Page, pretty bool, absRoot string, deps *Deps) *View {
	root := strings.Repeat("../", strings.Count(p.Path, "/"))
	if absRoot != "" {
		root = absRoot
	}
	return &View{site: site, Kind: kind, page: p, reader: &reader{site: site, deps: deps}, theme: t, root: root, pretty: pretty || absRoot != ""}
}

// NewViewAt returns the view of page p rendered at another URL path than its own, at: a
// lesson's slides, whose links are relative to where they are published.
func (t *Theme) NewViewAt(site *SiteView, kind string, p *content.Page, pretty bool, at string, deps *Deps) *View {
	v := t.NewView(site, kind, p, pretty, "", deps)
	v.root = strings.Repeat("../", strings.Count(at, "/"))
	return v
}

// WithDeps returns a copy of v that records into d, for a piece rendered once and shared.
func (v *View) WithDeps(d *Deps) *View {
	c := *v
	c.reader = &reader{site: v.site, deps: d}
	return &c
}

// Deps is what the render of this view has read so far.
func (v *View) Deps() *Deps { return v.reader.deps }

// Page is the page being rendered.
func (v *View) Page() *PageRef { return v.reader.page(v.page) }

// Site is the site as a whole.
func (v *View) Site() *SiteRef { return &SiteRef{r: v.reader} }

// SetUsedBy makes this the page of the quiz id, which the pages users embed.
func (v *View) SetUsedBy(id string, users []*content.Page) { v.quizID, v.usedBy = id, users }

// UsedBy are the pages that embed a quiz page's quiz, in reading order; empty on other pages.
func (v *View) UsedBy() []*PageRef {
	if v.quizID == "" {
		return nil
	}
	v.reader.add(QuizUsers, v.quizID)
	return v.reader.pages(v.usedBy)
}

// Root is the way from this page to the site's root, for templates that build URLs themselves.
func (v *View) Root() string { return v.root }

// URL returns the URL of a site path ("lessons/first/", "my-results/", "" for home) from this page.
func (v *View) URL(sitePath string) string { return RelURL(v.root, sitePath, v.pretty) }

// RelURL joins the way to the root with a site path. A folder's URL names its index.html, so
// the site works from disk (file://) as well as from a web server, unless pretty is set: then
// it names the folder, which only a web server turns into its index.html.
func RelURL(root, sitePath string, pretty bool) string {
	frag := ""
	if i := strings.IndexByte(sitePath, '#'); i >= 0 {
		sitePath, frag = sitePath[:i], sitePath[i:]
	}
	u := root + sitePath
	if !pretty && (sitePath == "" || strings.HasSuffix(sitePath, "/")) {
		u += "index.html"
	}
	if u == "" {
		u = "./"
	}
	return u + frag
}

// Link returns the URL of a page from this page.
func (v *View) Link(p *PageRef) string { return v.URL(p.Path()) }

// Asset returns the URL of a theme asset by name ("style.css").
func (v *View) Asset(name string) (string, error) {
	v.reader.add(Assets, "")
	p := v.theme.AssetPath(name)
	if p == "" {
		return "", errNoAsset(name)
	}
	return v.root + p, nil
}

type errNoAsset string

func (e errNoAsset) Error() string {
	return "the theme has no asset " + string(e) + ": add it to the theme's assets/ folder"
}

// IsCurrent reports whether p is the page being rendered.
func (v *View) IsCurrent(p *PageRef) bool { return p != nil && p.p == v.page && !v.sharedNav }

// InSection reports whether the page being rendered is in s or below it.
func (v *View) InSection(s *SectionRef) bool {
	return s != nil && v.page.Section != nil && s.s.Contains(v.page)
}

// Breadcrumbs returns the pages above this one: home, then each enclosing section's page.
func (v *View) Breadcrumbs() []*PageRef {
	s := v.page.Section
	if s == nil {
		return []*PageRef{v.Site().Home()}
	}
	var out []*PageRef
	for _, a := range s.Ancestors() {
		out = append(out, v.reader.section(a).Index())
	}
	if !v.page.IsIndex {
		out = append(out, v.reader.section(s).Index())
	}
	return out
}

// ReadingMinutes estimates the reading time at 200 words a minute, at least one minute.
func (v *View) ReadingMinutes() int { return max(1, (v.Words+199)/200) }

// Lang is the page's language tag.
func (v *View) Lang() string { return v.Site().Config().Language }

// SectionView pairs a section with the page being rendered, for templates that recurse into
// nested sections (partials/nav-section.html).
type SectionView struct {
	View    *View
	Section *SectionRef
}

func newSectionView(v *View, s *SectionRef) SectionView { return SectionView{View: v, Section: s} }

// SectionList pairs sections with the page being rendered, for layouts/partials/section-cards.html.
type SectionList struct {
	View     *View
	Sections []*SectionRef
}

func newSectionList(v *View, ss []*SectionRef) SectionList {
	return SectionList{View: v, Sections: ss}
}
