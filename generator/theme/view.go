package theme

import (
	"html/template"
	"strings"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/markdown"
)

// SiteView is what every template sees of the site as a whole.
type SiteView struct {
	Config  *config.Config
	Content *content.Site
	Home    *content.Page
	// Sections are the top-level sections, in order.
	Sections []*content.Section
	Strings  map[string]string
	// HasQuizzes tells whether the site has quizzes, and so a "My results" page.
	HasQuizzes bool
}

// View is the data a layout renders: one page, and how to link from it to everything else.
// Templates link with its methods, which give URLs relative to the page, so a site works under
// any sub-path and from file://.
type View struct {
	Site    *SiteView
	Kind    string        // one of Layouts
	Page    *content.Page // the page itself; kith makes one up for quiz, my-results and 404 pages
	Content template.HTML // the rendered body
	TOC     []markdown.Heading
	// Words is the body's word count, for the reading time.
	Words int
	// UsedBy are the pages that embed a quiz page's quiz, in reading order; empty on other pages.
	UsedBy []*content.Page

	theme     *Theme
	root      string // the way from the page to the site's root: "", "../", "../../"
	pretty    bool
	sharedNav bool // rendering the navigation shared by every page of a section
}

// NewView returns the view of a page at the URL path p.Path; pretty links name folders rather
// than their index.html. When absRoot is not empty it is used as the way to the root instead of
// a relative one (the 404 page is served, by a web server, at any depth).
func (t *Theme) NewView(site *SiteView, kind string, p *content.Page, pretty bool, absRoot string) *View {
	root := strings.Repeat("../", strings.Count(p.Path, "/"))
	if absRoot != "" {
		root = absRoot
	}
	return &View{Site: site, Kind: kind, Page: p, theme: t, root: root, pretty: pretty || absRoot != ""}
}

// NewViewAt returns the view of page p rendered at another URL path than its own, at: a
// lesson's slides, whose links are relative to where they are published.
func (t *Theme) NewViewAt(site *SiteView, kind string, p *content.Page, pretty bool, at string) *View {
	v := t.NewView(site, kind, p, pretty, "")
	v.root = strings.Repeat("../", strings.Count(at, "/"))
	return v
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
func (v *View) Link(p *content.Page) string { return v.URL(p.Path) }

// Asset returns the URL of a theme asset by name ("style.css").
func (v *View) Asset(name string) (string, error) {
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
func (v *View) IsCurrent(p *content.Page) bool { return p == v.Page && !v.sharedNav }

// InSection reports whether the page being rendered is in s or below it.
func (v *View) InSection(s *content.Section) bool {
	return v.Page.Section != nil && s.Contains(v.Page)
}

// Breadcrumbs returns the pages above this one: home, then each enclosing section's page.
func (v *View) Breadcrumbs() []*content.Page {
	var out []*content.Page
	s := v.Page.Section
	if s == nil {
		return []*content.Page{v.Site.Home}
	}
	for _, a := range s.Ancestors() {
		out = append(out, a.Index)
	}
	if !v.Page.IsIndex {
		out = append(out, s.Index)
	}
	return out
}

// ReadingMinutes estimates the reading time at 200 words a minute, at least one minute.
func (v *View) ReadingMinutes() int { return max(1, (v.Words+199)/200) }

// Lang is the page's language tag.
func (v *View) Lang() string { return v.Site.Config.Language }

// SectionView pairs a section with the page being rendered, for templates that recurse into
// nested sections (partials/nav-section.html).
type SectionView struct {
	View    *View
	Section *content.Section
}

func newSectionView(v *View, s *content.Section) SectionView { return SectionView{View: v, Section: s} }

// SectionList pairs sections with the page being rendered, for layouts/partials/section-cards.html.
type SectionList struct {
	View     *View
	Sections []*content.Section
}

func newSectionList(v *View, ss []*content.Section) SectionList {
	return SectionList{View: v, Sections: ss}
}
