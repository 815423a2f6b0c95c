// Package preview keeps a site built into memory and up to date as its files change, for kith
// serve. It renders through the same pipeline as kith build and re-renders only the outputs
// that read something the change changed, as they recorded while they rendered.
package preview

import (
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
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
// It runs the same pipeline as kith build (load, outputs, render, the checks across pages) and
// keeps what each output read while it rendered (render.Report.Deps), so that a change
// re-renders only the outputs that read something it changed.
//
// An edit to a page's text or to its title, description, weight, objectives or duration, to a
// quiz, a layout or a copied file is applied to the loaded site in place: only that file is
// read again. Anything else (site.toml, a section's own page, a slug, a draft flag, a file
// added or deleted, the theme's assets or strings) loads the whole site again and compares it
// with the last load. Either way, only the outputs that read what changed render again, but the
// search index's files, which every page's text feeds and which take longer: they are left for
// Settle, which kith serve calls once the saves pause.
// A Preview made by NewOnDemand answers before it has rendered anything: its first build, and
// any load after a failed one, only loads the site, and returns a Snapshot whose File renders
// an output the first time it is asked for; RenderRest renders the rest beside it and Finish
// completes the build (see ondemand.go).
//
// Rebuild, Settle and Finish are called by one goroutine at a time; RenderRest and the
// Snapshots it returns may be used by others at the same time.
type Preview struct {
	opts    site.Options
	site    *site.Site // nil until a load succeeds, and after a load fails
	render  *render.Renderer
	outs    []site.Output
	index   map[string]int // output path → index in outs
	results []pipeline.Rendered
	// reads finds the outputs that read an identity, by index in outs.
	reads *theme.Index
	// last are the current files, shared with the snapshot that returned them: never changed,
	// only replaced by a copy.
	last      map[string][]byte
	top       map[string][]byte  // outputs rendered since last, once the build is complete (renderAgain)
	loadDiags []*diag.Diagnostic // the warnings of the last load
	across    []*diag.Diagnostic // what the last checks across pages found
	pages     map[string]string  // Snapshot.Pages, made again by each load
	// recheck asks the next checks across pages to look at every page: pages came or went.
	recheck bool
	// deferred are the outputs of the search index that an edit applied in place made stale,
	// left for Settle, by index in outs.
	deferred map[int]bool

	// onDemand makes a load return before any output renders (NewOnDemand).
	onDemand bool
	// done tells, by index in outs, which outputs are rendered; left counts the others.
	done []bool
	left int
	// complete is false from a load on demand until Finish: outputs are left to render and the
	// checks across pages wait for them.
	complete bool
	loaded   time.Time // when the last load started, for the duration of the whole first build
	// mu is held for writing while the site changes (Rebuild, Settle, Finish), and for reading
	// while outputs render beside those (RenderRest, Snapshot.File).
	mu sync.RWMutex
	// out guards results, done, left, last and reads while outputs render side by side under
	// mu held for reading.
	out sync.Mutex
}

// Snapshot is one successful build held in memory: complete, or, from a Preview made by
// NewOnDemand before Finish, partial, rendering each output the first time File asks for it.
type Snapshot struct {
	// files are every output's bytes by slash path ("lessons/first/index.html"), read with
	// File, Has, Paths and All; empty while the build is Partial.
	files layers
	// Pages maps each page's and quiz's source file to its output path, for --navigate.
	Pages    map[string]string
	BasePath string // the path of base_url: "/" or "/toolkit/"
	// Assets names the theme's assets by their output paths, whose names carry a hash of their
	// content ("assets/style.1a2b3c4d.css" → "style.css"), so they may be cached for good.
	Assets   map[string]string
	Warnings []*diag.Diagnostic
	Rendered int // how many outputs this rebuild rendered
	// Outputs are the paths of the outputs this rebuild rendered, sorted.
	Outputs []string
	Full    bool // whether everything was loaded and rendered again
	// Pending tells that the search index's files are those of an earlier build: Settle
	// brings them up to date.
	Pending bool
	// Reloaded tells whether the whole site was loaded again (and compared with the last
	// load) rather than the changed files applied to it in place.
	Reloaded bool
	// Loaded tells that the site was loaded from scratch and nothing rendered yet, by a
	// Preview made by NewOnDemand.
	Loaded bool
	// Partial tells that the site is loaded but not every output is rendered yet, and that the
	// checks across pages have not run: File renders what it is asked for, and the Preview's
	// Finish gives the complete build.
	Partial  bool
	Duration time.Duration
	Counts   pipeline.Counts

	// While Partial: the preview that renders on demand, its outputs' paths at the time, and
	// the outputs rendered until the next edit.
	src      *Preview
	paths    map[string]int
	rendered map[string][]byte
}

// Options are what a preview builds: the site's folder, and --base-url and --drafts as for kith
// build. Dest and Portable are not used: a preview writes nothing and is served over HTTP.
type Options = site.Options

// New returns a Preview of the site opts.Source; its first Rebuild builds everything.
func New(opts site.Options) *Preview {
	return &Preview{opts: opts.WithDefaults()}
}

// NewOnDemand returns a Preview of the site opts.Source whose first Rebuild, and any after a
// failed load, only loads the site: the Snapshot it returns renders each output when it is
// first asked for, RenderRest renders the others, and Finish completes the build.
func NewOnDemand(opts site.Options) *Preview {
	return &Preview{opts: opts.WithDefaults(), onDemand: true}
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
// changed list rebuilds everything, as does the first call after a load failed. On failure the
// error is a diag.Errors naming every problem.
func (p *Preview) Rebuild(changed []string) (*Snapshot, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	var snap *Snapshot
	var err error
	switch plan, ok := p.plan(changed); {
	case (p.site == nil || len(changed) == 0) && p.onDemand:
		snap, err = p.load()
	case p.site == nil || len(changed) == 0:
		snap, err = p.full()
	case ok:
		snap, err = p.inPlace(plan)
	default:
		snap, err = p.reload(changed)
	}
	if snap != nil {
		snap.Duration = time.Since(start)
	}
	return snap, err
}

func (p *Preview) newRenderer(s *site.Site) *render.Renderer {
	r := render.New(s)
	r.Record = true
	return r
}

// full loads the whole site and renders every output.
func (p *Preview) full() (*Snapshot, error) {
	if _, err := p.load(); err != nil {
		return nil, err
	}
	p.setOutputs(p.outs, pipeline.RenderEach(p.render, p.outs, nil), nil)
	p.complete = true
	return p.finish(nil, nil)
}

// load loads the whole site and renders nothing: it returns a Partial snapshot.
func (p *Preview) load() (*Snapshot, error) {
	p.loaded = time.Now()
	var list diag.List
	s, outs := pipeline.Prepare(p.opts, &list)
	p.site = s
	if s == nil {
		return nil, list.Err()
	}
	if p.onDemand { // kith serve, which the process is
		limitMemory(s)
	}
	p.render = p.newRenderer(s)
	p.loadDiags = list.All()
	p.deferred = nil
	p.complete = false
	p.setOutputs(outs, make([]pipeline.Rendered, len(outs)), make([]bool, len(outs)))
	p.pages = nil
	snap, err := p.finish([]int{}, nil)
	if snap != nil {
		snap.Loaded = true
	}
	return snap, err
}

// setOutputs makes outs, rendered as results, the current outputs; done tells which of them
// are rendered, all of them when it is nil.
func (p *Preview) setOutputs(outs []site.Output, results []pipeline.Rendered, done []bool) {
	p.outs, p.results = outs, results
	p.index = make(map[string]int, len(outs))
	p.reads = theme.NewIndex()
	if done == nil {
		done = make([]bool, len(outs))
		for i := range done {
			done[i] = true
		}
	}
	p.done, p.left = done, 0
	files := make(map[string][]byte, len(outs))
	for i, o := range outs {
		p.index[o.Path] = i
		if !done[i] {
			p.left++
			continue
		}
		files[o.Path] = results[i].Data
		p.reads.Add(i, results[i].Report.Deps)
	}
	p.last, p.top = files, nil
}

// reload loads the site again, works out which of what outputs read has changed, and renders
// again only the outputs that read some of it, the outputs that are new, and those that had an
// error (which may come from what no output records, such as a draft a broken link's message
// mentions).
func (p *Preview) reload(changed []string) (*Snapshot, error) {
	var list diag.List
	s, outs := pipeline.Prepare(p.opts, &list)
	if s == nil {
		p.site = nil
		return nil, list.Err()
	}
	var links []string
	for _, r := range p.results {
		links = append(links, r.Report.Deps.Own(theme.LinkTo)...)
	}
	reader := theme.NewReader(changes(p.site, s, changed, links))
	results := make([]pipeline.Rendered, len(outs))
	done := make([]bool, len(outs))
	which := []int{} // not nil, which would render everything
	before := map[int]render.Report{}
	deferred := map[int]bool{}
	for i, o := range outs {
		j, ok := p.index[o.Path]
		if ok && !p.done[j] {
			ok = false // not rendered yet: rendered later, as a new output
		}
		done[i] = true
		switch {
		case !ok && !p.complete:
			done[i] = false // rendered when asked for, or by RenderRest
		case !ok || !sameSource(p.outs[j], o):
			which = append(which, i)
			p.recheck = true // pages came or went
		case o.Kind == site.Search && (reader.Read(p.results[j].Report.Deps) || p.deferred[j]):
			results[i] = p.results[j] // until Settle, as after an edit applied in place
			deferred[i] = true
		case reader.Read(p.results[j].Report.Deps) || diag.HasError(p.results[j].Diags):
			which = append(which, i)
			before[i] = p.results[j].Report
		default:
			results[i] = p.results[j]
		}
	}
	if len(outs) != len(p.outs) {
		p.recheck = true
	}
	p.site, p.loadDiags = s, list.All()
	p.render = p.newRenderer(s)
	p.deferred = deferred
	for _, i := range which {
		if outs[i].Kind == site.Search {
			// A new file of the index builds the whole index now: the others follow.
			which = append(which, slices.Sorted(maps.Keys(deferred))...)
			p.deferred = nil
			break
		}
	}
	fresh := pipeline.RenderEach(p.render, outs, which)
	for _, i := range which {
		results[i] = fresh[i]
	}
	p.setOutputs(outs, results, done)
	p.pages = nil
	snap, err := p.finish(which, before)
	if snap != nil {
		snap.Reloaded = true
	}
	return snap, err
}

// sameSource reports whether two outputs at the same path are made from the same input.
func sameSource(a, b site.Output) bool {
	key := func(o site.Output) string {
		switch {
		case o.Page != nil:
			return theme.PageKey(o.Page)
		case o.Quiz != nil:
			return o.Quiz.ID
		}
		return o.File
	}
	return a.Kind == b.Kind && key(a) == key(b)
}

// finish runs the checks across pages and, when nothing failed, returns the snapshot of the
// current files. which are the outputs just rendered, nil after a full render; before are the
// reports they replaced.
//
// Before a load on demand is complete, the checks across pages wait for Finish, and the
// snapshot is Partial.
func (p *Preview) finish(which []int, before map[int]render.Report) (*Snapshot, error) {
	var list diag.List
	list.Add(p.loadDiags...)
	for _, r := range p.results {
		list.Add(r.Diags...)
	}
	if p.complete {
		list.Add(p.checkAcross(which, before)...)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	if p.pages == nil {
		p.pages = make(map[string]string, len(p.site.Content.ByFile)+len(p.site.Quizzes))
		for file, pg := range p.site.Content.ByFile {
			p.pages[file] = pg.Path + "index.html"
		}
		for id, q := range p.site.Quizzes {
			p.pages[q.File] = site.QuizPath(id) + "index.html"
		}
	}
	var rendered []string
	if which == nil {
		for _, o := range p.outs {
			rendered = append(rendered, o.Path)
		}
	}
	for _, i := range which {
		rendered = append(rendered, p.outs[i].Path)
	}
	slices.Sort(rendered)
	assets := make(map[string]string, len(p.site.Theme.Assets))
	for _, a := range p.site.Theme.Assets {
		assets[a.Path] = a.Name
	}
	snap := &Snapshot{files: layers{base: p.last, top: p.top}, Pages: p.pages, BasePath: p.site.Config.BasePath(), Assets: assets, Counts: pipeline.CountOf(p.site, p.outs),
		Warnings: list.Warnings(), Rendered: len(rendered), Outputs: rendered, Full: which == nil, Pending: len(p.deferred) > 0}
	if !p.complete {
		// p.last grows as outputs render, until an edit replaces it with a copy: the snapshot
		// reads it under p.out, and asks the preview for what it lacks.
		snap.files, snap.Partial, snap.src, snap.paths, snap.rendered = layers{}, true, p, p.index, p.last
	}
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
			if j, ok := p.index[site.LinkTarget(r.Path, l.Target)+"index.html"]; ok {
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

// pageEdit is a page whose Markdown or front matter changed, keeping its URL and its place in
// the site: its title, weight, description, objectives or duration may change, not its slug,
// draft flag or audience.
type pageEdit struct {
	page     *content.Page
	front    content.FrontMatter
	body     []byte
	bodyLine int
}

// editPlan is what an edit applied in place must do.
type editPlan struct {
	pages   []pageEdit
	quizzes []*quiz.Quiz // quizzes edited in place, valid before and after, of the same kind
	files   []string     // content files whose bytes changed, by slash path from content/
	theme   bool         // a layout or partial changed
}

// plan decides whether the changes can be applied to the loaded site in place, reading only
// the changed files: edits to existing pages that keep their URL, draft flag, audience and
// whether they are lessons; to existing quizzes that stay valid and of the same kind; to the
// bytes of existing content files; and to the theme's layouts. Anything else needs a reload.
func (p *Preview) plan(changed []string) (editPlan, bool) {
	var plan editPlan
	if p.site == nil || p.last == nil || len(changed) == 0 {
		return plan, false
	}
	for _, file := range changed {
		src, err := sitefs.ReadFile(p.opts.Source, file)
		if err != nil {
			return plan, false // deleted, or unreadable: the reload says what
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
			if !strings.HasSuffix(layout, ".html") {
				return plan, false
			}
			plan.theme = true
			continue
		}
		rel, ok := strings.CutPrefix(file, content.Dir+"/")
		if !ok {
			return plan, false
		}
		if !strings.HasSuffix(file, ".md") {
			if !p.site.HasFile(rel) || captions(rel) {
				return plan, false // a new file, or a video's captions, which no page names
			}
			plan.files = append(plan.files, rel)
			continue
		}
		page := p.site.Content.ByFile[file]
		if page == nil {
			return plan, false
		}
		fm, body, bodyLine, ds := content.ParseFrontMatter(file, src)
		if len(ds) > 0 {
			return plan, false
		}
		after := *page
		after.FrontMatter, after.Body = fm, body
		switch {
		case p.withholds() && !slices.Equal(markdown.QuizIDs(page.Body), markdown.QuizIDs(body)):
			return plan, false // which quizzes the edition leaves out may change
		case page.IsIndex && (fm.Weight != page.Weight || fm.Title != page.Title):
			return plan, false // a section's own page: its weight and title order the sections
		case fm.Slug != page.Slug || fm.Draft != page.Draft || fm.Audience != page.Audience:
			return plan, false
		case p.site.IsLesson(page) != p.site.IsLesson(&after),
			(len(fm.Objectives) > 0) != (len(page.Objectives) > 0): // its section's other pages may become lessons
			return plan, false // slides come or go
		}
		plan.pages = append(plan.pages, pageEdit{page: page, front: fm, body: body, bodyLine: bodyLine})
	}
	return plan, true
}

// withholds reports whether the edition leaves pages out, so that a change to which pages embed
// a quiz may publish or withhold it.
func (p *Preview) withholds() bool { return len(p.site.Content.Withheld.ByPath) > 0 }

// captions reports whether a content file is a video's captions, which the page that plays the
// video uses without naming it.
func captions(rel string) bool { return strings.EqualFold(path.Ext(rel), ".vtt") }

// quizEdit parses an existing quiz's new text. It returns nil unless the quiz is valid, without
// warnings, before and after, and keeps its kind (which decides whether the site has a Class
// results page), so that the load's diagnostics and the outputs stay what they were.
func (p *Preview) quizEdit(file, name string, src []byte) *quiz.Quiz {
	id, ok := strings.CutSuffix(name, ".toml")
	old := p.site.Quizzes[id]
	if !ok || strings.Contains(id, "/") || old == nil {
		return nil
	}
	for _, d := range p.loadDiags {
		if d.File == file {
			return nil
		}
	}
	q, ds := quiz.Parse(file, id, src)
	if q == nil || len(ds) > 0 || q.Kind != old.Kind || len(site.QuizTextProblems(p.opts.Source, q)) > 0 {
		return nil // the reload reports the problems
	}
	return q
}

// inPlace applies a plan to the loaded site, works out which identities it changed, and
// renders again the outputs that read one of them.
func (p *Preview) inPlace(plan editPlan) (*Snapshot, error) {
	s := p.site
	ids := map[theme.Identity]bool{}
	add := func(a theme.Aspect, key string) { ids[theme.Identity{Aspect: a, Key: key}] = true }
	if plan.theme {
		t, ds := theme.Load(p.opts.Source, s.Config, s.TemplateFuncs())
		if t == nil || diag.HasError(ds) {
			return p.reload(nil) // the same errors, from the same load
		}
		for _, kind := range t.ChangedLayouts(s.Theme) {
			add(theme.Layout, kind)
		}
		s.Theme = t
		// Its quizzes were rendered with the old theme; the search index reads no theme.
		p.render = p.newRenderer(s).KeepSearch(p.render)
	}
	var touched []*content.Page // pages whose embedded quizzes may have changed
	checksBefore := map[*content.Page]string{}
	usersBefore := map[string][]*content.Page{}
	reordered := false
	for _, e := range plan.pages {
		pg, key := e.page, theme.PageKey(e.page)
		before, after := markdown.QuizIDs(pg.Body), markdown.QuizIDs(e.body)
		if !slices.Equal(before, after) {
			touched = append(touched, pg)
			checksBefore[pg] = s.Checks(pg)
			for _, id := range slices.Concat(before, after) {
				if _, ok := usersBefore[id]; !ok {
					usersBefore[id] = s.UsedBy(id)
				}
			}
		}
		if string(pg.Body) != string(e.body) || pg.BodyLine != e.bodyLine {
			add(theme.PageBody, key)
			add(theme.AnyText, "")
		}
		if pg.Title != e.front.Title {
			add(theme.PageTitle, key)
			add(theme.AnyText, "")
		}
		old := pg.FrontMatter
		old.Title = e.front.Title
		if !reflect.DeepEqual(old, e.front) {
			add(theme.PageMeta, key)
			add(theme.AnyText, "")
		}
		if pg.Weight != e.front.Weight || pg.Title != e.front.Title { // they order the lessons
			order, pages := sectionShape(pg.Section), pageKeys(s.Content.Pages)
			pg.FrontMatter = e.front
			s.Content.Reorder(pg.Section)
			if sectionShape(pg.Section) != order {
				add(theme.SectionShape, pg.Section.Dir)
			}
			if !slices.Equal(pageKeys(s.Content.Pages), pages) {
				add(theme.AllPages, "")
				// A quiz lists the pages that embed it in reading order, which just changed.
				for _, id := range s.QuizIDs() {
					if _, ok := usersBefore[id]; !ok {
						usersBefore[id] = s.UsedBy(id)
					}
				}
				reordered = true
			}
		}
		pg.FrontMatter, pg.Body, pg.BodyLine = e.front, e.body, e.bodyLine
	}
	if len(touched) > 0 || reordered {
		s.IndexQuizUsers()
		for _, pg := range touched {
			if s.Checks(pg) != checksBefore[pg] {
				add(theme.Checks, theme.PageKey(pg))
			}
		}
		for id, users := range usersBefore {
			if !slices.Equal(users, s.UsedBy(id)) {
				add(theme.QuizUsers, id)
			}
		}
	}
	for _, q := range plan.quizzes {
		s.Quizzes[q.ID] = q
		p.outs[p.index[site.QuizPath(q.ID)+"index.html"]].Quiz = q
		add(theme.QuizData, q.ID)
	}
	for _, f := range plan.files {
		add(theme.CopiedFile, f)
	}
	reader := theme.NewReader(ids)
	s.Theme.ForgetReads(reader)
	p.render.ForgetReads(reader)
	which := []int{}
	for i := range p.reads.Candidates(ids) {
		switch {
		case !reader.Read(p.results[i].Report.Deps):
		case p.outs[i].Kind == site.Search:
			// The search index holds every page's words: it is brought up to date once the
			// edits pause (Settle), after the edited page is on screen.
			if p.deferred == nil {
				p.deferred = map[int]bool{}
			}
			p.deferred[i] = true
		default:
			which = append(which, i)
		}
	}
	return p.renderAgain(which)
}

// renderAgain renders the outputs in which again and returns the snapshot.
func (p *Preview) renderAgain(which []int) (*Snapshot, error) {
	slices.Sort(which)
	outs := make([]site.Output, len(which))
	for k, i := range which {
		outs[k] = p.outs[i]
	}
	fresh := pipeline.RenderEach(p.render, outs, nil)
	// A snapshot's outputs never change once it is handed out: the server may be reading them.
	// While the first build is partial, a partial snapshot reads p.last under p.out, so the
	// edit gets a copy of its own; once it is complete, the outputs rendered since p.last are
	// kept apart (p.top), so that an edit copies the few it and the edits before it rendered,
	// not every output of the site.
	files := make(map[string][]byte, len(p.top)+len(which))
	if !p.complete {
		files = maps.Clone(p.last)
	} else {
		maps.Copy(files, p.top)
	}
	before := map[int]render.Report{}
	for k, i := range which {
		before[i] = p.results[i].Report
		p.results[i] = fresh[k]
		files[p.outs[i].Path] = fresh[k].Data
		p.reads.Add(i, fresh[k].Report.Deps)
		if !p.done[i] {
			p.done[i] = true
			p.left--
		}
	}
	switch {
	case !p.complete:
		p.last = files
	case len(files) > len(p.last)/16+8: // fold them in now and then, the copy paid for by many edits
		base := maps.Clone(p.last)
		maps.Copy(base, files)
		p.last, p.top = base, nil
	default:
		p.top = files
	}
	return p.finish(which, before)
}

// Pending reports whether edits applied in place left the search index's files stale, for Settle.
func (p *Preview) Pending() bool { return p.site != nil && len(p.deferred) > 0 }

// Settle renders the outputs that edits applied in place left stale (the search index's files)
// and returns the snapshot, or nil when there are none. kith serve calls it once the edits pause.
func (p *Preview) Settle() (*Snapshot, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.site == nil || len(p.deferred) == 0 {
		return nil, nil
	}
	start := time.Now()
	p.deferred = nil
	// The index re-reads only the pages edited since it was made and names the files their words
	// fall in; an index not made yet (after a reload) names all its files, and is made whole.
	var which []int
	for _, path := range p.render.UpdateSearch() {
		if i, ok := p.index[path]; ok {
			which = append(which, i)
		}
	}
	snap, err := p.renderAgain(which)
	if snap != nil {
		snap.Duration = time.Since(start)
	}
	return snap, err
}
