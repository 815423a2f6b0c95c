// Package preview keeps a site built into memory and up to date as its files change, for kith
// serve. It renders through the same pipeline as kith build and re-renders only the outputs a
// change feeds.
package preview

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/pipeline"
	"kith/generator/quiz"
	"kith/generator/render"
	"kith/generator/site"
	"kith/generator/sitefs"
	"kith/generator/theme"
)

// Preview is a site built into memory and kept up to date as its files change, for kith serve.
// It runs the same pipeline as kith build (load, outputs, render, the checks across pages) and keeps
// what each output was built from, so that a change re-renders only the outputs it feeds.
// A Preview is used by one goroutine at a time; the Snapshots it returns may be read by many.
type Preview struct {
	opts    site.Options
	site    *site.Site // nil until a load succeeds, and after a load fails
	render  *render.Renderer
	rules   *feedRules
	outs    []site.Output
	results []pipeline.Rendered
	// last are the current files, shared with the snapshot that returned them: never changed,
	// only replaced by a copy.
	last      map[string][]byte
	loadDiags []*diag.Diagnostic // the warnings of the last load
	across    []*diag.Diagnostic // what the last checks across pages found
	pages     map[string]string  // Snapshot.Pages, made again by each full rebuild
	// recheck asks the next checks across pages to look at every page: pages came or went.
	recheck bool
}

// Snapshot is one complete, successful build held in memory.
type Snapshot struct {
	Files map[string][]byte // every output by slash path: "lessons/first/index.html"
	// Pages maps each page's and quiz's source file to its output path, for --navigate.
	Pages    map[string]string
	BasePath string // the path of base_url: "/" or "/toolkit/"
	// Assets names the theme's assets by their output paths, whose names carry a hash of their
	// content ("assets/style.1a2b3c4d.css" → "style.css"), so they may be cached for good.
	Assets   map[string]string
	Warnings []*diag.Diagnostic
	Rendered int  // how many outputs this rebuild rendered
	Full     bool // whether everything was loaded and rendered again
	Duration time.Duration
	Counts   pipeline.Counts
}

// Options are what a preview builds: the site's folder, and --base-url and --drafts as for kith
// build. Dest and Portable are not used: a preview writes nothing and is served over HTTP.
type Options = site.Options

// New returns a Preview of the site opts.Source; its first Rebuild builds everything.
func New(opts site.Options) *Preview {
	return &Preview{opts: opts.WithDefaults()}
}

// BasePath is the path of the site's base_url ("/" or "/toolkit/"), known from site.toml or
// --base-url even while the site does not build.
func (p *Preview) BasePath() string {
	if p.opts.BaseURL != "" {
		return (&config.Config{BaseURL: config.NormalizeBaseURL(p.opts.BaseURL)}).BasePath()
	}
	// A base_url that is itself wrong is not used: the error page is then served at the root.
	if cfg, _ := config.Load(p.opts.Source); cfg != nil && config.CheckBaseURL(cfg.BaseURL) == "" {
		return cfg.BasePath()
	}
	return "/"
}

// Rebuild brings the preview up to date after the files named in changed (slash paths relative
// to the site's folder) were written, created or deleted, and returns the new snapshot. An empty
// changed list rebuilds everything. On failure the error is a diag.Errors naming every problem,
// and the next call starts from the files as they are then.
func (p *Preview) Rebuild(changed []string) (*Snapshot, error) {
	start := time.Now()
	var snap *Snapshot
	var err error
	if plan, ok := p.plan(changed); ok {
		snap, err = p.incremental(plan)
	} else {
		snap, err = p.full()
	}
	if snap != nil {
		snap.Duration = time.Since(start)
	}
	return snap, err
}

// full loads the whole site and renders every output.
func (p *Preview) full() (*Snapshot, error) {
	var list diag.List
	s, outs := pipeline.Prepare(p.opts, &list)
	p.site = s
	if s == nil {
		return nil, list.Err()
	}
	p.render = render.New(s)
	p.outs, p.loadDiags = outs, list.All()
	p.rules = newFeedRules(outs)
	p.results = pipeline.RenderEach(p.render, outs, nil)
	files := make(map[string][]byte, len(outs))
	for i, o := range outs {
		files[o.Path] = p.results[i].Data
	}
	p.last = files
	return p.finish(nil, nil)
}

// finish runs the checks across pages and, when nothing failed, returns the snapshot of the
// current files. which are the outputs just rendered, nil after a full render; before are the
// reports they replaced.
func (p *Preview) finish(which []int, before map[int]render.Report) (*Snapshot, error) {
	var list diag.List
	list.Add(p.loadDiags...)
	for _, r := range p.results {
		list.Add(r.Diags...)
	}
	list.Add(p.checkAcross(which, before)...)
	if err := list.Err(); err != nil {
		return nil, err
	}
	if which == nil {
		p.pages = make(map[string]string, len(p.site.Content.ByFile)+len(p.site.Quizzes))
		for file, pg := range p.site.Content.ByFile {
			p.pages[file] = pg.Path + "index.html"
		}
		for id, q := range p.site.Quizzes {
			p.pages[q.File] = site.QuizPath(id) + "index.html"
		}
	}
	rendered := len(which)
	if which == nil {
		rendered = len(p.outs)
	}
	assets := make(map[string]string, len(p.site.Theme.Assets))
	for _, a := range p.site.Theme.Assets {
		assets[a.Path] = a.Name
	}
	snap := &Snapshot{Files: p.last, Pages: p.pages, BasePath: p.site.Config.BasePath(), Assets: assets, Counts: pipeline.CountOf(p.site, p.outs),
		Warnings: list.Warnings(), Rendered: rendered, Full: which == nil}
	return snap, nil
}

// checkAcross runs the checks across pages and returns what they found. Checking every link of
// a large site takes longer than rendering a page, so after rendering only the outputs in
// which, it checks only their links, when their headings and quizzes are unchanged: then
// nothing any other page's check depends on has changed.
func (p *Preview) checkAcross(which []int, before map[int]render.Report) []*diag.Diagnostic {
	if which == nil || p.recheck || !sameTargets(before, p.results) {
		p.recheck = false
		reports := make([]render.Report, len(p.results))
		for i, r := range p.results {
			reports[i] = r.Report
		}
		var list diag.List
		pipeline.CheckAcross(p.site, reports, &list)
		p.across = list.All()
		return p.across
	}
	files := map[string]bool{}
	subset := map[int]bool{}
	for _, i := range which {
		r := p.results[i].Report
		subset[i] = true
		if r.File != "" {
			files[r.File] = true
		}
		for _, l := range r.Links {
			if j, ok := p.rules.index[site.LinkTarget(r.Path, l.Target)+"index.html"]; ok {
				subset[j] = true
			}
		}
	}
	reports := make([]render.Report, 0, len(subset))
	for i := range subset {
		reports = append(reports, p.results[i].Report)
	}
	var list diag.List
	pipeline.CheckAcross(p.site, reports, &list)
	var out []*diag.Diagnostic
	for _, d := range p.across {
		if !files[d.File] {
			out = append(out, d)
		}
	}
	for _, d := range list.All() {
		// The subset's other warnings (its target pages' links, quizzes no page in it
		// embeds) are not the whole site's.
		if files[d.File] {
			out = append(out, d)
		}
	}
	p.across = out
	return out
}

// sameTargets reports whether re-rendered pages kept the heading ids and quizzes that the checks
// across pages look at.
func sameTargets(before map[int]render.Report, results []pipeline.Rendered) bool {
	for i, old := range before {
		now := results[i].Report
		if old.File != now.File || !slices.Equal(old.IDs, now.IDs) || !slices.Equal(old.Quizzes, now.Quizzes) {
			return false
		}
	}
	return true
}

// bodyEdit is a page whose Markdown changed while its front matter did not.
type bodyEdit struct {
	page     *content.Page
	body     []byte
	bodyLine int
}

// frontEdit is a lesson whose front matter changed in ways that keep its URL and its place in
// the site: its title, weight, description, objectives or duration.
type frontEdit struct {
	bodyEdit
	front content.FrontMatter
}

// rebuildPlan is what an incremental rebuild must do.
type rebuildPlan struct {
	bodies  []bodyEdit
	fronts  []frontEdit
	quizzes []*quiz.Quiz // quizzes edited in place, valid before and after
	files   []string     // content files whose bytes changed, by output path
	layouts []site.Kind  // page kinds whose layout changed
	frame   bool         // base.html or a partial changed: every page
	added   []addedLesson
	removed []*content.Page
	// addedFiles and removedFiles are content files, by slash path from content/.
	addedFiles, removedFiles []string
}

// addedLesson is a lesson file that is new, or was a draft until now.
type addedLesson struct {
	file     string
	front    content.FrontMatter
	body     []byte
	bodyLine int
}

// plan decides whether the changes can be applied without loading the whole site again: edits
// to the body or the front matter of existing lessons (keeping their slug and draft flag), to
// existing quizzes that stay valid, to the bytes of existing content files, and to the theme's
// layouts can. Anything else (site.toml, a section's own page, the theme's assets or strings, a
// new or deleted file, a quiz with a problem) needs a full load.
func (p *Preview) plan(changed []string) (rebuildPlan, bool) {
	var plan rebuildPlan
	if p.site == nil || p.last == nil || len(changed) == 0 {
		return plan, false
	}
	for _, file := range changed {
		src, err := sitefs.ReadFile(p.opts.Source, file)
		if errors.Is(err, fs.ErrNotExist) {
			if !p.planRemoval(&plan, file) {
				return plan, false
			}
			continue
		}
		if err != nil {
			return plan, false
		}
		if name, ok := strings.CutPrefix(file, quiz.Dir+"/"); ok {
			q := p.quizEdit(file, name, src)
			if q == nil {
				return plan, false
			}
			plan.quizzes = append(plan.quizzes, q)
			continue
		}
		if layout, ok := strings.CutPrefix(file, sitefs.LayoutsDir(p.site.Theme.Name)); ok {
			name, isHTML := strings.CutSuffix(layout, ".html")
			switch kind := site.Kind(name); {
			case isHTML && kind.IsPage():
				plan.layouts = append(plan.layouts, kind)
			case strings.HasSuffix(layout, ".html"):
				plan.frame = true
			default:
				return plan, false
			}
			continue
		}
		rel, ok := strings.CutPrefix(file, content.Dir+"/")
		if !ok {
			return plan, false
		}
		if !strings.HasSuffix(file, ".md") {
			switch {
			case captions(rel) && !p.site.HasFile(rel):
				return plan, false // a new .vtt gives a page's video its captions
			case p.site.HasFile(rel):
				plan.files = append(plan.files, rel)
			case p.clean() && !sitefs.IgnoredPath(rel):
				plan.addedFiles = append(plan.addedFiles, rel)
			default:
				return plan, false
			}
			continue
		}
		fm, body, bodyLine, ds := content.ParseFrontMatter(file, src)
		if len(ds) > 0 {
			return plan, false
		}
		page := p.site.Content.ByFile[file]
		if page == nil {
			switch {
			case fm.Draft && !p.opts.Drafts: // still a draft: nothing to show
			case p.clean() && !sitefs.IgnoredPath(rel):
				plan.added = append(plan.added, addedLesson{file, fm, body, bodyLine})
			default:
				return plan, false
			}
			continue
		}
		edit := bodyEdit{page: page, body: body, bodyLine: bodyLine}
		switch {
		case p.withholds() && !slices.Equal(markdown.QuizIDs(page.Body), markdown.QuizIDs(body)):
			return plan, false // which quizzes the edition leaves out may change
		case reflect.DeepEqual(fm, page.FrontMatter):
			plan.bodies = append(plan.bodies, edit)
		case !page.IsIndex && fm.Slug == page.Slug && fm.Draft == page.Draft && fm.Audience == page.Audience:
			plan.fronts = append(plan.fronts, frontEdit{bodyEdit: edit, front: fm})
		default:
			return plan, false
		}
	}
	return plan, true
}

// withholds reports whether the edition leaves pages out, so that a change to which pages embed
// a quiz may publish or withhold it: such changes need a full load.
func (p *Preview) withholds() bool { return len(p.site.Content.Withheld.ByPath) > 0 }

// planRemoval adds a deleted lesson or content file to the plan. It reports false when the
// deletion needs a full load: a page or file some other page may link to, a section's own page,
// a quiz, a layout.
func (p *Preview) planRemoval(plan *rebuildPlan, file string) bool {
	rel, ok := strings.CutPrefix(file, content.Dir+"/")
	if !ok || !p.clean() || p.withholds() || captions(rel) {
		return false // a page's video may use the .vtt, which no page names
	}
	if page := p.site.Content.ByFile[file]; page != nil {
		names := []string{content.Segment(path.Base(rel)), strings.ToLower(path.Base(rel))}
		if page.Slug != "" {
			names = append(names, strings.ToLower(page.Slug))
		}
		if page.IsIndex || p.mentioned(page, names) {
			return false
		}
		plan.removed = append(plan.removed, page)
		return true
	}
	if p.site.HasFile(rel) && !p.mentioned(nil, []string{strings.ToLower(path.Base(rel))}) {
		plan.removedFiles = append(plan.removedFiles, rel)
		return true
	}
	// A draft or an ignored file: its deletion changes nothing a full build shows, unless it
	// was a draft published with --drafts, which ByFile would hold.
	return !p.site.HasFile(rel) && (strings.HasSuffix(rel, ".md") || sitefs.IgnoredPath(rel)) && !p.opts.Drafts
}

// captions reports whether a content file is a video's captions, which the page that plays the
// video uses without naming it.
func captions(rel string) bool { return strings.EqualFold(path.Ext(rel), ".vtt") }

// mentioned reports whether any page but except has one of names (lower case) in its Markdown:
// a page that may link to a deleted page or file, which a full build reports as broken.
func (p *Preview) mentioned(except *content.Page, names []string) bool {
	for _, pg := range p.site.Content.Pages {
		if pg == except || pg.File == "" {
			continue
		}
		body := bytes.ToLower(pg.Body)
		for _, n := range names {
			if bytes.Contains(body, []byte(n)) {
				return true
			}
		}
	}
	return false
}

// clean reports whether the current build has no error: only then can a file be added or
// removed without a full load, since an error may be a link the change mends.
func (p *Preview) clean() bool {
	for _, r := range p.results {
		if diag.HasError(r.Diags) {
			return false
		}
	}
	return !diag.HasError(p.across)
}

// quizEdit parses an existing quiz's new text. It returns nil unless the quiz is valid, without
// warnings, before and after, so that the load's diagnostics stay what they were.
func (p *Preview) quizEdit(file, name string, src []byte) *quiz.Quiz {
	id, ok := strings.CutSuffix(name, ".toml")
	if !ok || strings.Contains(id, "/") || p.site.Quizzes[id] == nil {
		return nil
	}
	for _, d := range p.loadDiags {
		if d.File == file {
			return nil
		}
	}
	q, ds := quiz.Parse(file, id, src)
	if q == nil || len(ds) > 0 || len(site.QuizTextProblems(p.opts.Source, q)) > 0 {
		return nil // the full load reports the problems
	}
	return q
}

// incremental applies a plan: it re-renders only the outputs the feed rules name.
func (p *Preview) incremental(plan rebuildPlan) (*Snapshot, error) {
	dirty := map[int]bool{}
	if len(plan.layouts) > 0 || plan.frame {
		t, ds := theme.Load(p.opts.Source, p.site.Config, p.site.TemplateFuncs())
		if t == nil || diag.HasError(ds) {
			return p.full() // the same errors, from the same load
		}
		p.site.Theme = t
		p.render = render.New(p.site).KeepSearch(p.render) // its quizzes were rendered with the old theme
		for _, i := range p.rules.layoutFeeds(p.outs, plan.layouts, plan.frame) {
			dirty[i] = true
		}
	}
	if len(plan.added)+len(plan.removed)+len(plan.addedFiles)+len(plan.removedFiles) > 0 {
		sections, ok := p.restructure(plan)
		if !ok {
			return p.full()
		}
		for _, sec := range sections {
			for _, i := range p.rules.sectionFeeds(p.outs, sec) {
				dirty[i] = true
			}
		}
		for i, o := range p.outs {
			if _, ok := p.last[o.Path]; !ok {
				dirty[i] = true // a new lesson's page and slides
			}
		}
		for _, f := range plan.addedFiles {
			dirty[p.rules.index[f]] = true
		}
	}
	for _, e := range plan.fronts {
		plan.bodies = append(plan.bodies, e.bodyEdit)
		e.page.FrontMatter = e.front
		p.site.Content.Reorder(e.page.Section)
		p.site.Theme.ResetCache()
		for _, i := range p.rules.sectionFeeds(p.outs, e.page.Section) {
			dirty[i] = true
		}
	}
	reindex := len(plan.fronts)+len(plan.added)+len(plan.removed) > 0 // the reading order changed
	for _, e := range plan.bodies {
		for _, i := range p.rules.bodyFeeds(p.outs, e.page, e.body) {
			dirty[i] = true
		}
		reindex = reindex || !slices.Equal(markdown.QuizIDs(e.page.Body), markdown.QuizIDs(e.body))
		e.page.Body, e.page.BodyLine = e.body, e.bodyLine
	}
	if reindex {
		p.site.IndexQuizUsers()
		p.site.Theme.ResetCache() // the navigation names each lesson's knowledge checks
	}
	if lessonsChanged(p.site, p.outs) {
		return p.full()
	}
	for _, q := range plan.quizzes {
		if old := p.site.Quizzes[q.ID]; old != nil && old.Kind != q.Kind {
			for _, u := range p.site.UsedBy(q.ID) {
				for _, i := range p.rules.progressFeeds(p.outs, u.Section) {
					dirty[i] = true
				}
			}
			p.site.Theme.ResetCache()
		}
		p.site.Quizzes[q.ID] = q
		p.outs[p.rules.index[site.QuizPath(q.ID)+"index.html"]].Quiz = q
		for _, i := range p.rules.quizFeeds(q.ID, p.site.UsedBy(q.ID)) {
			dirty[i] = true
		}
	}
	for _, f := range plan.files {
		dirty[p.rules.index[f]] = true
	}
	for _, path := range p.render.UpdateSearch() {
		if i, ok := p.rules.index[path]; ok {
			dirty[i] = true
		}
	}
	which := make([]int, 0, len(dirty))
	for i := range dirty {
		which = append(which, i)
	}
	fresh := pipeline.RenderEach(p.render, p.outs, which)
	files := maps.Clone(p.last)
	before := map[int]render.Report{}
	for _, i := range which {
		before[i] = p.results[i].Report
		p.results[i] = fresh[i]
		files[p.outs[i].Path] = fresh[i].Data
	}
	p.last = files
	return p.finish(which, before)
}

// restructure adds and removes the plan's lessons and content files, then lists the outputs
// again and carries every unchanged output's last rendering over to its new place. It returns
// the sections whose lists changed, or false when the change needs a full load after all.
func (p *Preview) restructure(plan rebuildPlan) ([]*content.Section, bool) {
	s := p.site
	var sections []*content.Section
	for _, pg := range plan.removed {
		if !s.Content.RemoveLesson(pg) {
			return nil, false
		}
		sections = append(sections, pg.Section)
	}
	for _, a := range plan.added {
		pg := s.Content.AddLesson(a.file, a.front, a.body, a.bodyLine)
		if pg == nil {
			return nil, false
		}
		sections = append(sections, pg.Section)
	}
	s.UpdateFiles(plan.addedFiles, plan.removedFiles)
	outs, ds := s.Outputs()
	if len(ds) > 0 {
		return nil, false
	}
	old := make(map[string]pipeline.Rendered, len(p.outs))
	for i, o := range p.outs {
		old[o.Path] = p.results[i]
	}
	results := make([]pipeline.Rendered, len(outs))
	files := make(map[string][]byte, len(outs))
	for i, o := range outs {
		results[i] = old[o.Path]
		if data, ok := p.last[o.Path]; ok {
			files[o.Path] = data
		}
	}
	p.outs, p.results, p.last = outs, results, files
	p.rules = newFeedRules(outs)
	p.pages = maps.Clone(p.pages)
	for _, pg := range plan.removed {
		delete(p.pages, pg.File)
	}
	for _, a := range plan.added {
		p.pages[a.file] = s.Content.ByFile[a.file].Path + "index.html"
	}
	s.Theme.ResetCache()
	p.recheck = true
	return sections, true
}
