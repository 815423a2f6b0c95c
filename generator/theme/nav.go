package theme

import (
	"bytes"
	"html/template"
	"strings"
	"sync"

	"kith/generator/content"
)

// The site navigation is the same on every page of a section at the same depth, except for
// which link is the current page. On a site of thousands of lessons it is also most of each
// page's HTML, so kith renders layouts/partials/nav.html once per section and depth and marks the
// current page's link with aria-current="page" itself. A theme's nav.html therefore must not
// depend on the page beyond its section; it links with .Link or .URL and may test .IsCurrent,
// which is false while the shared copy is rendered.

type navKey struct {
	section *content.Section
	root    string
	pretty  bool
}

type navEntry struct {
	once sync.Once
	html string
	err  error
	deps Deps // what the shared copy read
}

// navCache holds the rendered navigation of one build.
type navCache struct{ m sync.Map }

// Nav returns the site navigation (layouts/partials/nav.html) for this page.
func (v *View) Nav() (template.HTML, error) {
	key := navKey{section: v.page.Section, root: v.root, pretty: v.pretty}
	e, _ := v.theme.nav.m.LoadOrStore(key, &navEntry{})
	entry := e.(*navEntry)
	entry.once.Do(func() {
		shared := *v
		shared.sharedNav = true
		shared.reader = &reader{site: v.site, deps: &entry.deps}
		entry.deps.Add(Identity{Aspect: Layout, Key: PartialKey("nav.html")})
		var buf bytes.Buffer
		tmpl := v.theme.templates["lesson"]
		entry.err = tmpl.ExecuteTemplate(&buf, "partials/nav.html", &shared)
		entry.html = buf.String()
	})
	v.reader.deps.Include(&entry.deps)
	if entry.err != nil {
		return "", entry.err
	}
	return template.HTML(markCurrent(entry.html, v.URL(v.page.Path))), nil
}

// markCurrent adds aria-current="page" to the first link to href.
func markCurrent(html, href string) string {
	attr := `href="` + template.HTMLEscapeString(href) + `"`
	i := strings.Index(html, attr)
	if i < 0 {
		return html
	}
	i += len(attr)
	return html[:i] + ` aria-current="page"` + html[i:]
}

// ForgetReads forgets the navigation rendered so far that read one of changed, so that the
// pages rendered next render it again from the site as it is now.
func (t *Theme) ForgetReads(changed *Reader) {
	t.nav.m.Range(func(k, e any) bool {
		if changed.Read(&e.(*navEntry).deps) {
			t.nav.m.Delete(k)
		}
		return true
	})
}
