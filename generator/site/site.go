// Package site loads a site (settings, pages, quizzes, theme) and resolves it: every page's URL
// and links, the outputs it produces, and which pages embed each quiz. What it returns is read,
// not changed, by the packages that render and write it, except by the preview, which applies
// an author's edits to it in place.
package site

import (
	"html/template"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/quiz"
	"kith/generator/search"
	"kith/generator/theme"
)

// Site is a loaded site, ready to render.
type Site struct {
	Dir      string
	Config   *config.Config
	Content  *content.Site
	Quizzes  map[string]*quiz.Quiz
	Theme    *theme.Theme
	Markdown *markdown.Renderer
	// PrettyURLs makes links name folders rather than their index.html (pretty_urls).
	PrettyURLs bool
	// Edition is who the site is published for.
	Edition content.Audience
	// View is what every template sees of the site as a whole.
	View  *theme.SiteView
	files map[string]bool // files under content/, by slash path from content/
	// generated are the URL paths of pages kith makes itself (quiz pages, my results).
	generated map[string]bool
	// users are the pages that embed each quiz, by id, in reading order.
	users map[string][]*content.Page
	// embeds are the quizzes each page embeds, in the order they first appear.
	embeds map[*content.Page][]string
}

// Load reads everything a build needs from the site in dir.
func Load(dir string, opts Options) (*Site, []*diag.Diagnostic) {
	cfg, ds := config.Load(dir)
	if cfg == nil || diag.HasError(ds) {
		return nil, ds
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = config.NormalizeBaseURL(opts.BaseURL)
	}
	edition := opts.Edition
	if edition == "" {
		edition, _ = content.ParseAudience(cfg.Edition)
	}
	s := &Site{Dir: dir, Config: cfg, PrettyURLs: (opts.PrettyURLs || cfg.PrettyURLs) && !opts.Portable, Edition: edition,
		generated: map[string]bool{}}
	var cds, qds, tds []*diag.Diagnostic
	s.Content, cds = content.Load(dir, opts.Drafts, edition)
	s.Quizzes, qds = quiz.LoadDir(dir)
	s.Theme, tds = theme.Load(dir, cfg, s.TemplateFuncs())
	ds = append(append(append(ds, cds...), qds...), tds...)
	// Folders other generators read, which kith would otherwise leave out without a word.
	for folder, fix := range map[string]string{
		"static":  "put files to publish under content/, where they are copied as they are",
		"assets":  "put files to publish under content/, where they are copied as they are",
		"layouts": "templates that replace the theme's go in themes/" + cfg.Theme + "/layouts/",
	} {
		if st, err := os.Stat(filepath.Join(dir, folder)); err == nil && st.IsDir() {
			d := diag.Errorf(folder+"/", 0, 0, "kith does not read this folder: %s", fix)
			d.Severity = diag.Warning
			ds = append(ds, d)
		}
	}
	if s.Theme == nil || s.Content == nil {
		return nil, ds
	}
	// Markdown writes some words itself (a video's captions, a card's "Watch on"): the theme's.
	s.Markdown = markdown.New(markdown.Options{UnsafeHTML: cfg.UnsafeHTML, Language: cfg.Language, Strings: s.Theme.Strings})
	s.withholdQuizzes()
	s.IndexQuizUsers()
	ds = append(ds, s.checkQuizText()...)
	s.files = map[string]bool{}
	for _, f := range s.Content.Files {
		s.files[f] = true
	}
	for id := range s.Quizzes {
		s.generated[QuizPath(id)] = true
	}
	if len(s.Quizzes) > 0 {
		s.generated[MyResultsPath] = true
	}
	// Class results is a teachers' page: the students' edition leaves it out.
	if len(s.KnowledgeChecks()) > 0 && s.Edition != content.Students {
		s.generated[ClassResultsPath] = true
	}
	s.View = &theme.SiteView{Config: cfg, Content: s.Content, Strings: s.Theme.Strings, Quizzes: s.Quizzes,
		Checks: s.Checks, KnowledgeChecks: s.KnowledgeChecks, IsLesson: s.IsLesson, SlidesPath: SlidesPath}
	return s, ds
}

// MyResultsPath is the URL path of the My results page.
const MyResultsPath = "my-results/"

// ClassResultsPath is the URL path of the Class results page, where a teacher reads the result
// files students downloaded. A site has it when it has a knowledge check.
const ClassResultsPath = "class-results/"

// KnowledgeChecks returns the site's knowledge checks, sorted by id.
func (s *Site) KnowledgeChecks() []*quiz.Quiz {
	var out []*quiz.Quiz
	for _, id := range s.QuizIDs() {
		if q := s.Quizzes[id]; q.Kind == quiz.Knowledge {
			out = append(out, q)
		}
	}
	return out
}

// QuizPath is the URL path of the page of the quiz id.
func QuizPath(id string) string { return "quizzes/" + id + "/" }

// TemplateFuncs are the functions kith gives every template beyond the theme's own.
func (s *Site) TemplateFuncs() template.FuncMap {
	return template.FuncMap{
		// markdown renders Markdown that is data, such as a quiz's intro: raw HTML is escaped.
		"markdown": func(src string) template.HTML { return template.HTML(s.Markdown.Block(src)) },
		// inline renders a short piece of Markdown without its paragraph.
		"inline": func(src string) template.HTML { return template.HTML(s.Markdown.Inline(src)) },
		// searchWords is how many word shards the search index has, which the search box
		// needs to start loading a word's shard with the runtime rather than after it. It
		// records no read: a page that shows a count from before pages were added or removed
		// only makes the box load a shard it does not use.
		"searchWords": func() int { n, _ := search.Layout(len(s.SearchPages())); return n },
		// The theme itself gives slides, checks, sectionChecks and checkedLessons, which
		// record what they read through s.View.
	}
}

// Resolve turns a link written in page p into a URL relative to p's page (root is the way from
// that page to the site's root), or says why it leads nowhere. A link to a page or file this
// edition leaves out resolves to markdown.Unlinked, so it becomes its text. It accepts what an author's
// editor understands: a path to a .md file relative to the page's file, a path from the site's
// root starting with "/", or a URL path relative to the page.
func (s *Site) Resolve(p *content.Page, root, dest string) (string, string, bool) {
	rest := ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest, rest = dest[:i], dest[i:]
	}
	if dest == "" {
		return rest, "", true
	}
	written := dest
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u // [worksheet](work%20sheet.pdf) names the file "work sheet.pdf"
	}
	var candidates []string
	if strings.HasPrefix(dest, "/") {
		candidates = []string{strings.TrimPrefix(path.Clean(dest), "/")}
	} else {
		fileDir := path.Dir(strings.TrimPrefix(p.File, content.Dir+"/"))
		candidates = []string{path.Join(fileDir, dest), path.Join(p.Path, dest)}
	}
	for _, c := range candidates {
		if c == "." {
			c = ""
		}
		if strings.HasPrefix(c, "..") {
			continue
		}
		if sitePath, isFile, ok := s.lookup(c); ok {
			if isFile {
				return root + sitePath + rest, "", true
			}
			return theme.RelURL(root, sitePath, s.PrettyURLs) + rest, "", true
		}
	}
	for _, c := range candidates {
		if s.withheld(c) {
			return markdown.Unlinked, "", true
		}
		if s.Content.Unreadable[content.Dir+"/"+c] {
			return written + rest, "", true // the page's own errors say what is wrong
		}
	}
	return "", "broken link " + strconv.Quote(written) + ": " + s.brokenHint(p, dest, candidates[0]), false
}

// brokenHint says why a link leads nowhere and what the author may have meant.
func (s *Site) brokenHint(p *content.Page, dest, target string) string {
	if st, err := os.Stat(filepath.Join(s.Dir, content.Dir, filepath.FromSlash(target))); err == nil && !st.IsDir() && strings.HasSuffix(target, ".md") {
		return "that page is a draft, published only with --drafts; link to it once it is published"
	}
	if strings.HasSuffix(dest, ".md") {
		want := strings.TrimPrefix(strings.ToLower(path.Base(target)), "_")
		best := ""
		for _, file := range slices.Sorted(maps.Keys(s.Content.ByFile)) {
			if strings.TrimPrefix(strings.ToLower(path.Base(file)), "_") != want {
				continue
			}
			// The nearest file of that name is the likeliest meant.
			if rel, err := filepath.Rel(path.Dir(p.File), file); err == nil && (best == "" || len(rel) < len(best)) {
				best = filepath.ToSlash(rel)
			}
		}
		if best != "" {
			return "there is no such file; did you mean " + strconv.Quote(best) + "? (.md links are relative to this file's folder)"
		}
		return "there is no such file; .md links are relative to this file's folder"
	}
	return "there is no page, quiz or file there; link to the page's .md file (for example ../section/page.md) or to a file under content/"
}

// lookup finds what a site-relative path names: a page's source file, a page's URL, a generated
// page, or a file under content/.
func (s *Site) lookup(c string) (sitePath string, isFile, ok bool) {
	if strings.HasSuffix(c, ".md") {
		if pg := s.Content.ByFile[content.Dir+"/"+c]; pg != nil {
			return pg.Path, false, true
		}
		return "", false, false
	}
	if s.files[c] {
		return c, true, true
	}
	u := strings.TrimSuffix(c, "index.html")
	if u != "" && !strings.HasSuffix(u, "/") {
		u += "/"
	}
	if _, ok := s.Content.ByPath[u]; ok || s.generated[u] {
		return u, false, true
	}
	// A path written after the file's name rather than its URL: /media/screens/ for
	// content/media/screens.md whose slug differs, or a section's folder.
	for _, f := range []string{strings.TrimSuffix(c, "/") + ".md", path.Join(c, "_index.md")} {
		if pg := s.Content.ByFile[content.Dir+"/"+f]; pg != nil {
			return pg.Path, false, true
		}
	}
	return "", false, false
}

// withheld reports whether a site-relative path, written as lookup accepts it, names a page or
// file that this edition leaves out.
func (s *Site) withheld(c string) bool {
	w := s.Content.Withheld
	if w.Files[c] || w.HoldsFile(c) || w.ByFile[content.Dir+"/"+c] != nil {
		return true
	}
	u := strings.TrimSuffix(c, "index.html")
	if u != "" && !strings.HasSuffix(u, "/") {
		u += "/"
	}
	if w.ByPath[u] != nil {
		return true
	}
	for _, f := range []string{strings.TrimSuffix(c, "/") + ".md", path.Join(c, "_index.md")} {
		if w.ByFile[content.Dir+"/"+f] != nil {
			return true
		}
	}
	return false
}

// withholdQuizzes leaves out the quizzes that only withheld pages embed: nothing of them (their
// page, My results) is published. A quiz no page embeds stays, to be reported as unused.
func (s *Site) withholdQuizzes() {
	published := map[string]bool{}
	for _, p := range s.Content.Pages {
		for _, id := range markdown.QuizIDs(p.Body) {
			published[id] = true
		}
	}
	for _, p := range s.Content.Withheld.ByFile {
		for _, id := range markdown.QuizIDs(p.Body) {
			if !published[id] {
				delete(s.Quizzes, id)
			}
		}
	}
}
