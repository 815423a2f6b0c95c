// Package pipeline drives a build: it loads a site, renders every output on all cores into a
// sink (a staging folder, memory, or nothing), runs the checks that need every page rendered,
// and swaps the staged folder into place only when everything succeeded. kith build, kith
// check and the preview behind kith serve all render through it.
package pipeline

import (
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/render"
	"kith/generator/site"
	"kith/generator/sitefs"
	"kith/generator/tomlx"
)

// Counts are what a build makes, for the line that sums it up.
type Counts struct {
	Pages   int // HTML pages other than slides
	Slides  int // lessons' slide decks
	Quizzes int
	Files   int // files copied from content/
	Drafts  int // draft pages left out
	// Teachers counts the teachers' pages published; Withheld those the edition left out.
	Teachers, Withheld int
}

// EditionNote says what the build did with teachers' pages, with the flag that changes it, or
// "" for a site that has none.
func (c Counts) EditionNote() string {
	switch {
	case c.Withheld > 0:
		return "students' edition: " + diag.Count(c.Withheld, "teachers' page", "teachers' pages") + " left out"
	case c.Teachers > 0:
		return diag.Count(c.Teachers, "teachers' page", "teachers' pages") + " included: --edition students leaves them out"
	}
	return ""
}

// String sums up the counts: "28 pages, 9 slide decks, 10 quizzes, 1 file copied" (no slide
// decks when the site has no lessons).
func (c Counts) String() string {
	s := diag.Count(c.Pages, "page", "pages") + ", "
	if c.Slides > 0 {
		s += diag.Count(c.Slides, "slide deck", "slide decks") + ", "
	}
	return s + diag.Count(c.Quizzes, "quiz", "quizzes") + ", " + diag.Count(c.Files, "file", "files") + " copied"
}

// CountOf counts what the outputs outs of the site s are.
func CountOf(s *site.Site, outs []site.Output) Counts {
	c := Counts{Quizzes: len(s.Quizzes), Drafts: s.Content.Drafts, Withheld: len(s.Content.Withheld.ByPath)}
	for _, p := range s.Content.Pages {
		if p.For == content.Teachers {
			c.Teachers++
		}
	}
	for _, o := range outs {
		switch {
		case o.Kind == site.Slides:
			c.Slides++
		case strings.HasSuffix(o.Path, ".html"):
			c.Pages++
		case o.Kind == site.File:
			c.Files++
		}
	}
	return c
}

// Result is what a build wrote.
type Result struct {
	Counts
	Duration time.Duration
	Dest     string
	Warnings []*diag.Diagnostic
}

// Build builds the site and replaces the destination with the result. If anything fails, the
// destination is left exactly as it was and the error is a diag.Errors naming every problem.
func Build(opts site.Options) (Result, error) {
	start := time.Now()
	opts = opts.WithDefaults()
	res := Result{Dest: opts.Dest}
	var list diag.List
	site, outs := Prepare(opts, &list)
	if site == nil {
		res.Warnings = list.Warnings()
		return res, list.Err()
	}
	defer limitMemory(site)()
	dest, err := checkDest(opts.Source, opts.Dest, opts.Force)
	if err != nil {
		return res, diag.Errors{{Message: err.Error()}}
	}
	dir, err := stage(dest)
	if dir != "" {
		running.dirs.Store(dir, &staged{dest: dest})
		defer func() {
			_ = os.RemoveAll(dir) // after a swap, the previous output
			running.dirs.Delete(dir)
		}()
	}
	if err != nil {
		return res, diag.Errors{{Message: "cannot create the staging folder: " + err.Error()}}
	}
	reports, diags := renderInto(render.New(site), outs, nil, &dirSink{root: dir, build: running})
	list.Add(slices.Concat(diags...)...)
	CheckAcross(site, reports, &list)
	res.Warnings = list.Warnings()
	if err := list.Err(); err != nil {
		return res, err
	}
	if err := running.swap(dir); err != nil {
		return res, diag.Errors{{File: opts.Dest, Message: err.Error()}}
	}
	res.Counts = CountOf(site, outs)
	res.Duration = time.Since(start)
	return res, nil
}

// limitMemory sets a soft limit on the memory of the rest of a build, from the size of the
// site's Markdown, and returns what puts back the limit there was. It sets none when one is set
// already (GOMEMLIMIT, or the program's own).
//
// A build's live data peaks at the end, with every page's text and the search index, at about
// 2.7 times the Markdown's size on 10,000 generated lessons (114 MB, 41.7 MB of Markdown) and 3.1
// times on 50,000 (656 MB); Go's default of collecting when the heap doubles then takes the
// process to about 360 MB on 10,000. The limit, 64 MB and five times the Markdown (1.6 to 2.3
// times that peak), makes the collector work harder only near the end: on 10,000 lessons peak
// memory fell to about 250 MB for no more CPU time. A limit much closer to the peak costs far
// more: at three times the Markdown the 50,000-lesson build had the collector running without
// pause at the end (190 s of CPU under load against 103 s at five times). A limit is soft: a
// site that needs more gets it, at the cost of more collecting.
func limitMemory(s *site.Site) (restore func()) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(memoryBase + memoryPerByte*s.MarkdownSize())
	return func() { debug.SetMemoryLimit(prev) }
}

// The soft memory limit of a build: memoryBase, and memoryPerByte bytes for each byte of Markdown.
const (
	memoryBase    = 64 << 20
	memoryPerByte = 5
)

// Check loads and renders the site as Build does, without writing anything, and goes on past
// errors as far as it can, so one run names every problem. It returns the site (nil when it could
// not be loaded at all) and every diagnostic, sorted.
func Check(opts site.Options) (*site.Site, []*diag.Diagnostic) {
	opts = opts.WithDefaults()
	var list diag.List
	site, ds := site.Load(opts.Source, opts)
	list.Add(ds...)
	if site == nil {
		return nil, list.All()
	}
	outs, ds := site.Outputs()
	list.Add(ds...)
	reports, diags := renderInto(render.New(site), outs, nil, discard{})
	list.Add(slices.Concat(diags...)...)
	CheckAcross(site, reports, &list)
	return site, list.All()
}

// discard is a Sink that keeps nothing.
type discard struct{}

// Write keeps nothing.
func (discard) Write(string, []byte) error { return nil }

// Prepare loads the site and lists its outputs, adding every problem to list. It returns a nil
// Site when there is an error, and then nothing may be rendered.
func Prepare(opts site.Options, list *diag.List) (*site.Site, []site.Output) {
	site, ds := site.Load(opts.Source, opts)
	list.Add(ds...)
	if site == nil && list.Err() == nil {
		list.Errorf(opts.Source, 0, 0, "the site could not be loaded")
	}
	if list.Err() != nil {
		return nil, nil
	}
	outs, ds := site.Outputs()
	list.Add(ds...)
	if list.Err() != nil {
		return nil, nil
	}
	return site, outs
}

// CheckAcross runs the checks that need every page rendered: anchors that links point at, and
// quizzes no page embeds.
func CheckAcross(s *site.Site, reports []render.Report, list *diag.List) {
	ids := map[string]map[string]bool{}
	used := map[string]bool{}
	for _, r := range reports {
		if r.File == "" {
			continue
		}
		set := map[string]bool{}
		for _, id := range r.IDs {
			set[id] = true
		}
		ids[strings.TrimSuffix(r.Path, "index.html")] = set
		for _, q := range r.Quizzes {
			used[q] = true
		}
	}
	for _, r := range reports {
		for _, l := range r.Links {
			target := site.LinkTarget(r.Path, l.Target)
			set, ok := ids[target]
			if !ok || set[l.Fragment] || strings.HasPrefix(l.Fragment, "fn") {
				continue
			}
			page := target
			if pg := s.Content.ByPath[target]; pg != nil && pg.File != "" {
				page = pg.File
			}
			if l.Target == "" {
				page = "this page"
			}
			list.Warnf(r.File, l.Line, l.Col, "the link's anchor #%s is not a heading of %s: check the heading's text, or give it an id with {#%s}", l.Fragment, page, l.Fragment)
		}
	}
	// An embed with a typo is already an error that names the quiz meant: do not call it unused.
	for id := range used {
		if _, ok := s.Quizzes[id]; !ok {
			used[tomlx.Suggest(id, s.QuizIDs())] = true
		}
	}
	// A page left out for its own errors may well embed a quiz: do not call that quiz unused.
	for file := range s.Content.Unreadable {
		if src, err := sitefs.ReadFile(s.Dir, file); err == nil {
			for _, id := range markdown.QuizIDs(src) {
				used[id] = true
			}
		}
	}
	for _, id := range s.QuizIDs() {
		if !used[id] {
			list.Warnf(s.Quizzes[id].File, 0, 0, "no lesson embeds this quiz: add a ```quiz block naming %s to a lesson, or delete the file", id)
		}
	}
}
