package build

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

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/quiz"
	"kith/generator/sitefs"
	"kith/generator/theme"
)

// Preview is a site built into memory and kept up to date as its files change, for kith serve.
// It runs the same pipeline as Build (Load, Outputs, Render, the checks across pages) and keeps
// what each output was built from, so that a change re-renders only the outputs it feeds.
// A Preview is used by one goroutine at a time; the Snapshots it returns may be read by many.
type Preview struct {
	opts    Options
	site    *Site // nil until a load succeeds, and after a load fails
	graph   *DependencyGraph
	outs    []Output
	results []rendered
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
	Warnings []*diag.Diagnostic
	Rendered int  // how many outputs this rebuild rendered
	Full     bool // whether everything was loaded and rendered again
	Duration time.Duration
	Counts   Counts
}

// rendered is what rendering one output gave.
type rendered struct {
	data   []byte
	report pageReport
	diags  []*diag.Diagnostic
}

// NewPreview returns a Preview of the site opts.Source; its first Rebuild builds everything.
func NewPreview(opts Options) *Preview {
	if opts.Source == "" {
		opts.Source = "."
	}
	return &Preview{opts: opts}
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
	site, outs := prepare(p.opts, &list)
	p.site = site
	if site == nil {
		return nil, list.Err()
	}
	p.outs, p.loadDiags = outs, list.All()
	p.graph = newDependencyGraph(outs)
	p.results = site.renderEach(outs, allIndexes(len(outs)))
	files := make(map[string][]byte, len(outs))
	for i, o := range outs {
		files[o.Path] = p.results[i].data
	}
	p.last = files
	return p.finish(nil, nil)
}

// finish runs the checks across pages and, when nothing failed, returns the snapshot of the
// current files. which are the outputs just rendered, nil after a full render; before are the
// reports they replaced.
func (p *Preview) finish(which []int, before map[int]pageReport) (*Snapshot, error) {
	var list diag.List
	list.Add(p.loadDiags...)
	for _, r := range p.results {
		list.Add(r.diags...)
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
			p.pages[q.File] = quizPath(id) + "index.html"
		}
	}
	rendered := len(which)
	if which == nil {
		rendered = len(p.outs)
	}
	snap := &Snapshot{Files: p.last, Pages: p.pages, BasePath: p.site.Config.BasePath(), Counts: p.site.counts(p.outs),
		Warnings: list.Warnings(), Rendered: rendered, Full: which == nil}
	return snap, nil
}

// checkAcross runs the checks across pages and returns what they found. Checking every link of
// a large site takes longer than rendering a page, so after rendering only the outputs in
// which, it checks only their links, when their headings and quizzes are unchanged: then
// nothing any other page's check depends on has changed.
func (p *Preview) checkAcross(which []int, before map[int]pageReport) []*diag.Diagnostic {
	if which == nil || p.recheck || !sameTargets(before, p.results) {
		p.recheck = false
		reports := make([]pageReport, len(p.results))
		for i, r := range p.results {
			reports[i] = r.report
		}
		var list diag.List
		p.site.checkAcross(reports, &list)
		p.across = list.All()
		return p.across
	}
	files := map[string]bool{}
	subset := map[int]bool{}
	for _, i := range which {
		r := p.results[i].report
		subset[i] = true
		if r.file != "" {
			files[r.file] = true
		}
		for _, l := range r.links {
			if j, ok := p.graph.index[p.site.linkTarget(r.path, l.Target)+"index.html"]; ok {
				subset[j] = true
			}
		}
	}
	reports := make([]pageReport, 0, len(subset))
	for i := range subset {
		reports = append(reports, p.results[i].report)
	}
	var list diag.List
	p.site.checkAcross(reports, &list)
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
func sameTargets(before map[int]pageReport, results []rendered) bool {
	for i, old := range before {
		now := results[i].report
		if old.file != now.file || !slices.Equal(old.ids, now.ids) || !slices.Equal(old.quizzes, now.quizzes) {
			return false
		}
	}
	return true
}

// renderEach renders the outputs at the given indexes on all cores. The result has an entry for
// every output; those not rendered are left empty.
func (s *Site) renderEach(outs []Output, which []int) []rendered {
	res := make([]rendered, len(outs))
	forEach(which, func(_, i int) { res[i] = s.renderOne(outs[i]) })
	return res
}

func (s *Site) renderOne(o Output) rendered {
	var buf bytes.Buffer
	var list diag.List
	rep, err := s.Render(o, &buf, &list)
	if err != nil {
		list.Add(err)
	}
	return rendered{data: buf.Bytes(), report: rep, diags: list.All()}
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
	layouts []string     // page kinds whose layout changed
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
		if layout, ok := strings.CutPrefix(file, "themes/"+p.site.Theme.Name+"/layouts/"); ok {
			kind, isPage := strings.CutSuffix(layout, ".html")
			switch {
			case isPage && slices.Contains(theme.Layouts, kind):
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
			case p.site.files[rel]:
				plan.files = append(plan.files, rel)
			case p.clean() && !content.IgnoredPath(rel):
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
			case p.clean() && !content.IgnoredPath(rel):
				plan.added = append(plan.added, addedLesson{file, fm, body, bodyLine})
			default:
				return plan, false
			}
			continue
		}
		edit := bodyEdit{page: page, body: body, bodyLine: bodyLine}
		switch {
		case reflect.DeepEqual(fm, page.FrontMatter):
			plan.bodies = append(plan.bodies, edit)
		case !page.IsIndex && fm.Slug == page.Slug && fm.Draft == page.Draft:
			plan.fronts = append(plan.fronts, frontEdit{bodyEdit: edit, front: fm})
		default:
			return plan, false
		}
	}
	return plan, true
}

// planRemoval adds a deleted lesson or content file to the plan. It reports false when the
// deletion needs a full load: a page or file some other page may link to, a section's own page,
// a quiz, a layout.
func (p *Preview) planRemoval(plan *rebuildPlan, file string) bool {
	rel, ok := strings.CutPrefix(file, content.Dir+"/")
	if !ok || !p.clean() {
		return false
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
	if p.site.files[rel] && !p.mentioned(nil, []string{strings.ToLower(path.Base(rel))}) {
		plan.removedFiles = append(plan.removedFiles, rel)
		return true
	}
	// A draft or an ignored file: its deletion changes nothing a full build shows, unless it
	// was a draft published with --drafts, which ByFile would hold.
	return !p.site.files[rel] && (strings.HasSuffix(rel, ".md") || content.IgnoredPath(rel)) && !p.opts.Drafts
}

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
		if hasError(r.diags) {
			return false
		}
	}
	return !hasError(p.across)
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
	if q == nil || len(ds) > 0 {
		return nil
	}
	return q
}

// incremental applies a plan: it re-renders only the outputs the dependency graph names.
func (p *Preview) incremental(plan rebuildPlan) (*Snapshot, error) {
	dirty := map[int]bool{}
	if len(plan.layouts) > 0 || plan.frame {
		t, ds := theme.Load(p.opts.Source, p.site.Config, p.site.templateFuncs())
		if t == nil || hasError(ds) {
			return p.full() // the same errors, from the same load
		}
		p.site.Theme = t
		p.site.quizCache.Clear()
		for _, i := range p.graph.layoutFeeds(p.outs, plan.layouts, plan.frame) {
			dirty[i] = true
		}
	}
	if len(plan.added)+len(plan.removed)+len(plan.addedFiles)+len(plan.removedFiles) > 0 {
		sections, ok := p.restructure(plan)
		if !ok {
			return p.full()
		}
		for _, sec := range sections {
			for _, i := range p.graph.sectionFeeds(p.outs, sec) {
				dirty[i] = true
			}
		}
		for _, a := range plan.added {
			dirty[p.graph.index[p.site.Content.ByFile[a.file].Path+"index.html"]] = true
		}
		for _, f := range plan.addedFiles {
			dirty[p.graph.index[f]] = true
		}
	}
	for _, e := range plan.fronts {
		plan.bodies = append(plan.bodies, e.bodyEdit)
		e.page.FrontMatter = e.front
		p.site.Content.Reorder(e.page.Section)
		p.site.Theme.ResetCache()
		for _, i := range p.graph.sectionFeeds(p.outs, e.page.Section) {
			dirty[i] = true
		}
	}
	reindex := len(plan.fronts)+len(plan.added)+len(plan.removed) > 0 // the reading order changed
	for _, e := range plan.bodies {
		for _, i := range p.graph.bodyFeeds(e.page, e.body) {
			dirty[i] = true
		}
		reindex = reindex || !slices.Equal(embedded(e.page.Body), embedded(e.body))
		e.page.Body, e.page.BodyLine = e.body, e.bodyLine
	}
	if reindex {
		p.site.indexQuizUsers()
	}
	for _, q := range plan.quizzes {
		p.site.Quizzes[q.ID] = q
		p.outs[p.graph.index[quizPath(q.ID)+"index.html"]].Quiz = q
		for _, i := range p.graph.quizFeeds(q.ID, p.site.users[q.ID]) {
			dirty[i] = true
		}
	}
	for _, f := range plan.files {
		dirty[p.graph.index[f]] = true
	}
	which := make([]int, 0, len(dirty))
	for i := range dirty {
		which = append(which, i)
	}
	fresh := p.site.renderEach(p.outs, which)
	files := maps.Clone(p.last)
	before := map[int]pageReport{}
	for _, i := range which {
		before[i] = p.results[i].report
		p.results[i] = fresh[i]
		files[p.outs[i].Path] = fresh[i].data
	}
	p.last = files
	return p.finish(which, before)
}

// restructure adds and removes the plan's lessons and content files, then lists the outputs
// again and carries every unchanged output's last rendering over to its new place. It returns
// the sections whose lists changed, or false when the change needs a full load after all.
func (p *Preview) restructure(plan rebuildPlan) ([]*content.Section, bool) {
	site := p.site
	var sections []*content.Section
	for _, pg := range plan.removed {
		if !site.Content.RemoveLesson(pg) {
			return nil, false
		}
		sections = append(sections, pg.Section)
	}
	for _, a := range plan.added {
		pg := site.Content.AddLesson(a.file, a.front, a.body, a.bodyLine)
		if pg == nil {
			return nil, false
		}
		sections = append(sections, pg.Section)
	}
	for _, f := range plan.removedFiles {
		delete(site.files, f)
	}
	for _, f := range plan.addedFiles {
		site.files[f] = true
	}
	site.Content.Files = slices.Sorted(maps.Keys(site.files))
	outs, ds := site.Outputs()
	if len(ds) > 0 {
		return nil, false
	}
	old := make(map[string]rendered, len(p.outs))
	for i, o := range p.outs {
		old[o.Path] = p.results[i]
	}
	results := make([]rendered, len(outs))
	files := make(map[string][]byte, len(outs))
	for i, o := range outs {
		results[i] = old[o.Path]
		if data, ok := p.last[o.Path]; ok {
			files[o.Path] = data
		}
	}
	p.outs, p.results, p.last = outs, results, files
	p.graph = newDependencyGraph(outs)
	p.pages = maps.Clone(p.pages)
	for _, pg := range plan.removed {
		delete(p.pages, pg.File)
	}
	for _, a := range plan.added {
		p.pages[a.file] = site.Content.ByFile[a.file].Path + "index.html"
	}
	site.Theme.ResetCache()
	p.recheck = true
	return sections, true
}
