package theme

import (
	"slices"

	"kith/generator/content"
)

// Identity names one input an output may read while it renders: a page's title, a section's
// list of lessons, a quiz, a layout. The preview re-renders an output when an identity it read
// changed, so what an output depends on is what its templates did read, for any theme, not a
// rule written for the default one. (Hugo's identity package is the model.)
type Identity struct {
	Aspect Aspect
	Key    string // a page's key (PageKey), a section's folder, a quiz's id, a layout's kind, a file
}

// Aspect is which part of an input an Identity names.
type Aspect uint8

// The aspects of a site that outputs read.
const (
	PageTitle    Aspect = iota + 1 // a page's title; Key is its PageKey
	PageMeta                       // the rest of its front matter: description, weight, duration, objectives, draft, slug
	PageBody                       // its Markdown and the line it starts on
	PagePath                       // its URL
	SectionIndex                   // which page is a section's own page; Key is its folder
	SectionShape                   // a section's lessons in order, and its sections; Key is its folder
	AllPages                       // every page, in reading order
	QuizData                       // a quiz; Key is its id
	QuizSet                        // which quizzes there are
	SomeQuiz                       // whether there is a quiz at all (and so a My results page)
	QuizUsers                      // the pages that embed a quiz, in order; Key is its id
	Checks                         // the knowledge checks a page embeds, for progress; Key is its PageKey
	LinkTo                         // what a link in a page's Markdown resolves to; Key is PageKey, NUL, the link as written
	Config                         // site.toml but its [strings]; with Key "base_url", its base_url alone
	Strings                        // the theme's strings
	Layout                         // the templates a page kind renders with; Key is the kind, or PartialKey of a partial rendered on its own
	Assets                         // the theme's assets' published names
	CopiedFile                     // a file under content/; Key is its slash path from content/
	AnyText                        // any page's title, front matter or body, or which pages there are: the search index
)

var aspectNames = [...]string{PageTitle: "title", PageMeta: "meta", PageBody: "body", PagePath: "path",
	SectionIndex: "section-index", SectionShape: "section", AllPages: "pages", QuizData: "quiz", QuizSet: "quizzes", SomeQuiz: "some-quiz", QuizUsers: "quiz-users", Checks: "checks",
	LinkTo: "link", Config: "config", Strings: "strings", Layout: "layout", Assets: "assets", CopiedFile: "file", AnyText: "any-text"}

// String writes the identity as "title:content/a/one.md" or "config".
func (id Identity) String() string {
	name := "?"
	if int(id.Aspect) < len(aspectNames) {
		name = aspectNames[id.Aspect]
	}
	if id.Key == "" {
		return name
	}
	return name + ":" + id.Key
}

// PageKey names a page across loads of a site: its source file, or "@" and its URL for a page
// kith made up (a section without _index.md), whose folder fixes its URL.
func PageKey(p *content.Page) string {
	if p.File != "" {
		return p.File
	}
	return "@" + p.Path
}

// Deps is what one render read. It is written by the one goroutine rendering and read after:
// no lock. Pieces rendered once and shared by many pages (the navigation, a quiz) keep Deps of
// their own, which the pages including them point to rather than copy.
type Deps struct {
	own    map[Identity]struct{}
	shared []*Deps
}

// Add records that the render read id. A nil Deps records nothing.
func (d *Deps) Add(id Identity) {
	if d == nil {
		return
	}
	if d.own == nil {
		d.own = make(map[Identity]struct{}, 16)
	}
	d.own[id] = struct{}{}
}

// Include records that the render used a shared piece that read what o holds.
func (d *Deps) Include(o *Deps) {
	if d == nil || o == nil || o == d || slices.Contains(d.shared, o) {
		return
	}
	d.shared = append(d.shared, o)
}

// ReadAny reports whether the render read any of changed.
func (d *Deps) ReadAny(changed map[Identity]bool) bool {
	return d.readAny(changed, nil)
}

// Reader answers ReadAny for many renders against one set of changes, answering once for each
// shared piece (the navigation of a section, a quiz) however many renders include it.
type Reader struct {
	changed map[Identity]bool
	shared  map[*Deps]bool
}

// NewReader returns a Reader of changed.
func NewReader(changed map[Identity]bool) *Reader {
	return &Reader{changed: changed, shared: map[*Deps]bool{}}
}

// Read reports whether d read any of the changes.
func (r *Reader) Read(d *Deps) bool { return d.readAny(r.changed, r.shared) }

func (d *Deps) readAny(changed map[Identity]bool, memo map[*Deps]bool) bool {
	if d == nil || len(changed) == 0 {
		return false
	}
	if len(changed) < len(d.own) {
		for id := range changed {
			if _, ok := d.own[id]; ok {
				return true
			}
		}
	} else {
		for id := range d.own {
			if changed[id] {
				return true
			}
		}
	}
	for _, s := range d.shared {
		read, ok := memo[s]
		if !ok {
			read = s.readAny(changed, memo)
			if memo != nil {
				memo[s] = read
			}
		}
		if read {
			return true
		}
	}
	return false
}

// Own returns the keys of the identities of aspect a that the render read itself, outside the
// shared pieces it used.
func (d *Deps) Own(a Aspect) []string {
	if d == nil {
		return nil
	}
	var out []string
	for id := range d.own {
		if id.Aspect == a {
			out = append(out, id.Key)
		}
	}
	return out
}

// Index finds, among many renders, those that may have read an identity, without asking each
// render: kith serve keeps one over its outputs, so that after an edit on a site of thousands
// of pages it asks only the few renders that read something the edit changed. It may name
// renders that no longer read an identity (it only grows, until it is made again); Reader
// decides.
type Index struct {
	byID       map[Identity][]int
	byShared   map[*Deps][]int
	sharedByID map[Identity][]*Deps
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{byID: map[Identity][]int{}, byShared: map[*Deps][]int{}, sharedByID: map[Identity][]*Deps{}}
}

// Add records that render n read what d holds.
func (x *Index) Add(n int, d *Deps) {
	if d == nil {
		return
	}
	for id := range d.own {
		x.byID[id] = append(x.byID[id], n)
	}
	for _, s := range d.shared {
		if _, ok := x.byShared[s]; !ok {
			// A shared piece is indexed once, by everything it and the pieces it uses read.
			seen := map[*Deps]bool{}
			var walk func(*Deps)
			walk = func(p *Deps) {
				if p == nil || seen[p] {
					return
				}
				seen[p] = true
				for id := range p.own {
					x.sharedByID[id] = append(x.sharedByID[id], s)
				}
				for _, q := range p.shared {
					walk(q)
				}
			}
			walk(s)
		}
		x.byShared[s] = append(x.byShared[s], n)
	}
}

// Candidates returns the renders that may have read one of changed, each once.
func (x *Index) Candidates(changed map[Identity]bool) map[int]bool {
	out := map[int]bool{}
	for id := range changed {
		for _, n := range x.byID[id] {
			out[n] = true
		}
		for _, s := range x.sharedByID[id] {
			for _, n := range x.byShared[s] {
				out[n] = true
			}
		}
	}
	return out
}
