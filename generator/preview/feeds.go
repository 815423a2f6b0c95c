package preview

import (
	"slices"

	"kith/generator/content"
	"kith/generator/markdown"
	"kith/generator/site"
)

// feedRules name the outputs each input of a site feeds, so that a change re-renders only
// those. They hold no edges: they work the outputs out, when asked, from the outputs of one
// load (indexed by path) and the pages' Markdown, by these rules:
//
//   - a page's body feeds its own page and its slides, and the pages of the quizzes it starts or stops
//     embedding (they list the pages that use them); a lesson's changed quizzes also feed
//     what its front matter feeds and My results, which name its knowledge checks for progress;
//   - a quiz feeds its own page, the pages that embed it and their slides, and the My results and
//     Class results pages; a quiz that becomes or stops being a knowledge check also feeds what
//     the front matter of the lessons that embed it feeds;
//   - a lesson's front matter (title, weight, description, objectives, duration) feeds the
//     pages of its section and the sections below it, whose navigation shows it, the pages of
//     the sections above it, the home page and My results, which list it, the quiz pages, which list the
//     lessons that use them in reading order, the 404 page and the sitemap;
//   - a lesson added or deleted feeds what its front matter feeds, and a new lesson its own page;
//   - a file under content/ feeds its copy;
//   - a layout feeds every page rendered with it; base.html and the partials feed every page;
//   - everything else (a section's own page, which every navigation shows; the theme's assets
//     and strings; site.toml; a new folder, a deleted page or file some page may link to, or a
//     slug or draft flag that changes)
//     feeds outputs across the site, so a change to it loads and renders the whole site again.
//
// These are the default theme's dependencies, and those of any theme that shows a lesson's
// front matter only there and no page's body but its own.
type feedRules struct {
	index map[string]int // output path -> index in the outputs
}

func newFeedRules(outs []site.Output) *feedRules {
	g := &feedRules{index: make(map[string]int, len(outs))}
	for i, o := range outs {
		g.index[o.Path] = i
	}
	return g
}

// quizFeeds returns the outputs that depend on a quiz: its page, My results, Class results, and its users, the
// pages that embed it.
func (g *feedRules) quizFeeds(id string, users []*content.Page) []int {
	var out []int
	for _, p := range []string{site.QuizPath(id) + "index.html", site.MyResultsPath + "index.html", site.ClassResultsPath + "index.html"} {
		if i, ok := g.index[p]; ok {
			out = append(out, i)
		}
	}
	for _, u := range users {
		out = append(out, g.index[u.Path+"index.html"])
		if i, ok := g.index[site.SlidesPath(u)+"index.html"]; ok {
			out = append(out, i) // the slides name the quiz
		}
	}
	return out
}

// bodyFeeds returns the outputs that depend on page's body, when it changes to body.
func (g *feedRules) bodyFeeds(outs []site.Output, page *content.Page, body []byte) []int {
	out := []int{g.index[page.Path+"index.html"]}
	if i, ok := g.index[site.SlidesPath(page)+"index.html"]; ok {
		out = append(out, i)
	}
	before, after := markdown.QuizIDs(page.Body), markdown.QuizIDs(body)
	if !slices.Equal(before, after) && !page.IsIndex {
		// The lesson's knowledge checks are named wherever progress is shown: the navigation
		// and lists that show the lesson, and My results' lessons still to do.
		for _, i := range g.progressFeeds(outs, page.Section) {
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	for _, id := range slices.Concat(before, after) {
		// A quiz's page lists the pages that embed it: it changes only when this one starts
		// or stops embedding it.
		if slices.Contains(before, id) == slices.Contains(after, id) {
			continue
		}
		if i, ok := g.index[site.QuizPath(id)+"index.html"]; ok && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out
}

// lessonsChanged reports whether a page became a lesson, which has slides, or stopped being
// one, since the outputs outs were listed: the outputs themselves change, which needs a full load.
func lessonsChanged(s *site.Site, outs []site.Output) bool {
	had := map[*content.Page]bool{}
	for _, o := range outs {
		if o.Kind == site.Slides {
			had[o.Page] = true
		}
	}
	for _, p := range s.Content.Pages {
		if s.IsLesson(p) != had[p] {
			return true
		}
	}
	return false
}

// progressFeeds returns the outputs that name the knowledge checks of the lessons of section s:
// those that show its lessons (My results among them).
func (g *feedRules) progressFeeds(outs []site.Output, s *content.Section) []int {
	return g.sectionFeeds(outs, s)
}

// QuizFeeds returns the output paths that must be rendered again when the quiz id changes, sorted.
func (p *Preview) QuizFeeds(id string) []string {
	if p.site == nil {
		return nil
	}
	var out []string
	for _, i := range p.rules.quizFeeds(id, p.site.UsedBy(id)) {
		out = append(out, p.outs[i].Path)
	}
	slices.Sort(out)
	return out
}

// BodyFeeds returns the output paths that must be rendered again when the body of the page in
// file becomes body, or nil when the site has no such page.
func (p *Preview) BodyFeeds(file string, body []byte) []string {
	if p.site == nil {
		return nil
	}
	page := p.site.Content.ByFile[file]
	if page == nil {
		return nil
	}
	var out []string
	for _, i := range p.rules.bodyFeeds(p.outs, page, body) {
		out = append(out, p.outs[i].Path)
	}
	return out
}

// layoutFeeds returns the outputs rendered with the layouts of kinds, or every page when frame
// (base.html or a partial) changed.
func (g *feedRules) layoutFeeds(outs []site.Output, kinds []site.Kind, frame bool) []int {
	var out []int
	for i, o := range outs {
		if o.Kind.IsPage() && (frame || slices.Contains(kinds, o.Kind)) {
			out = append(out, i)
		}
	}
	return out
}

// sectionFeeds returns the outputs that show the front matter of a lesson of the section s, or
// its list of lessons.
func (g *feedRules) sectionFeeds(outs []site.Output, s *content.Section) []int {
	var out []int
	for i, o := range outs {
		switch {
		case o.Kind == site.QuizPage, o.Kind == site.NotFound, o.Kind == site.Sitemap, o.Kind == site.MyResults:
		case o.Page == nil:
			continue
		case s.Contains(o.Page):
		case o.Page.IsIndex && o.Page.Section.Contains(s.Index):
		default:
			continue
		}
		out = append(out, i)
	}
	return out
}
