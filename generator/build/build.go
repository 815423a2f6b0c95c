package build

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"kith/generator/diag"
	"kith/generator/sitefs"
	"kith/generator/tomlx"
)

// Options are the settings of one build, as given on the command line.
type Options struct {
	Source   string // the site's folder
	Dest     string // where to write the site; SOURCE/public when empty
	BaseURL  string // overrides site.toml's base_url when set
	Drafts   bool   // publish draft pages too
	Portable bool   // make every link name its index.html, for use without a web server
	Force    bool   // replace a destination folder that kith did not make, and everything in it
}

// Counts are what a build makes, for the line that sums it up.
type Counts struct {
	Pages   int // HTML pages
	Quizzes int
	Files   int // files copied from content/
	Drafts  int // draft pages left out
}

// String sums up the counts: "28 pages, 10 quizzes, 1 file copied".
func (c Counts) String() string {
	return diag.Count(c.Pages, "page", "pages") + ", " + diag.Count(c.Quizzes, "quiz", "quizzes") + ", " +
		diag.Count(c.Files, "file", "files") + " copied"
}

func (s *Site) counts(outs []Output) Counts {
	c := Counts{Quizzes: len(s.Quizzes), Drafts: s.Content.Drafts}
	for _, o := range outs {
		switch {
		case strings.HasSuffix(o.Path, ".html"):
			c.Pages++
		case o.Kind == "file":
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
func Build(opts Options) (Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, "public")
	}
	res := Result{Dest: opts.Dest}
	var list diag.List
	site, outs := prepare(opts, &list)
	if site == nil {
		res.Warnings = list.Warnings()
		return res, list.Err()
	}
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
	reports := site.renderAll(outs, &dirSink{root: dir, build: running}, &list)
	site.checkAcross(reports, &list)
	res.Warnings = list.Warnings()
	if err := list.Err(); err != nil {
		return res, err
	}
	if err := running.swap(dir); err != nil {
		return res, diag.Errors{{File: opts.Dest, Message: err.Error()}}
	}
	res.Counts = site.counts(outs)
	res.Duration = time.Since(start)
	return res, nil
}

// Check loads and renders the site as Build does, without writing anything, and goes on past
// errors as far as it can, so one run names every problem. It returns the site (nil when it could
// not be loaded at all) and every diagnostic, sorted.
func Check(opts Options) (*Site, []*diag.Diagnostic) {
	if opts.Source == "" {
		opts.Source = "."
	}
	var list diag.List
	site, ds := Load(opts.Source, opts)
	list.Add(ds...)
	if site == nil {
		return nil, list.All()
	}
	outs, ds := site.Outputs()
	list.Add(ds...)
	reports := site.renderAll(outs, discard{}, &list)
	site.checkAcross(reports, &list)
	return site, list.All()
}

// discard is a Sink that keeps nothing.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// prepare loads the site and lists its outputs, adding every problem to list. It returns a nil
// Site when there is an error, and then nothing may be rendered.
func prepare(opts Options, list *diag.List) (*Site, []Output) {
	site, ds := Load(opts.Source, opts)
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

// checkAcross runs the checks that need every page rendered: anchors that links point at, and
// quizzes no page embeds.
func (s *Site) checkAcross(reports []pageReport, list *diag.List) {
	ids := map[string]map[string]bool{}
	used := map[string]bool{}
	for _, r := range reports {
		if r.file == "" {
			continue
		}
		set := map[string]bool{}
		for _, id := range r.ids {
			set[id] = true
		}
		ids[strings.TrimSuffix(r.path, "index.html")] = set
		for _, q := range r.quizzes {
			used[q] = true
		}
	}
	for _, r := range reports {
		for _, l := range r.links {
			target := s.linkTarget(r.path, l.Target)
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
			list.Warnf(r.file, l.Line, l.Col, "the link's anchor #%s is not a heading of %s: check the heading's text, or give it an id with {#%s}", l.Fragment, page, l.Fragment)
		}
	}
	// An embed with a typo is already an error that names the quiz meant: do not call it unused.
	for id := range used {
		if _, ok := s.Quizzes[id]; !ok {
			used[tomlx.Suggest(id, s.quizIDs())] = true
		}
	}
	// A page left out for its own errors may well embed a quiz: do not call that quiz unused.
	for file := range s.Content.Unreadable {
		if src, err := sitefs.ReadFile(s.Dir, file); err == nil {
			for _, id := range embedded(src) {
				used[id] = true
			}
		}
	}
	for _, id := range s.quizIDs() {
		if !used[id] {
			list.Warnf(s.Quizzes[id].File, 0, 0, "no lesson embeds this quiz: add a ```quiz block naming %s to a lesson, or delete the file", id)
		}
	}
}

// linkTarget turns a relative URL emitted in the page at outPath back into a site path.
func (s *Site) linkTarget(outPath, rel string) string {
	if rel == "" {
		return strings.TrimSuffix(outPath, "index.html")
	}
	base := filepath.ToSlash(filepath.Dir(outPath))
	p := filepath.ToSlash(filepath.Join(base, strings.TrimSuffix(rel, "index.html")))
	if p == "." {
		return ""
	}
	return strings.TrimPrefix(p, "./") + "/"
}
