package search

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"kith/generator/markdown"
)

// Builder makes the index of a build from pages handed to it one at a time, in any order, as
// the build renders them: each page's sections are indexed when its page has parsed its
// Markdown, and kept no longer, so a build parses each page once for its page and its index
// alike. Of each word it keeps only the postings a file writes (the best maxPostings), and of
// each page only what its files need, nothing that shares the page's text. It is safe for
// concurrent use.
type Builder struct {
	mu    sync.Mutex
	idx   *Index
	pages []Page
	added []bool
	done  bool
	// words are the postings kept of each word so far.
	words map[string]*kept
}

// kept are a word's postings that may still be among its best maxPostings.
type kept struct {
	ps []Posting
	// worst is the last of the best maxPostings once more were seen (full): a posting that
	// ranks after it never will be.
	worst Posting
	full  bool
}

// NewBuilder returns a Builder of the index of pages, in reading order, for a site in the
// language lang. A page never handed to Add is read with its Read when the index is made.
func NewBuilder(pages []Page, lang string) *Builder {
	idx := &Index{Stop: stopWords(lang), compact: true}
	idx.start(len(pages))
	return &Builder{idx: idx, pages: pages, added: make([]bool, len(pages)), words: map[string]*kept{}}
}

// Add indexes the i-th page from its sections, what markdown.Sections gives of its Markdown
// (nil past the limits). A page added already, or added once the index is made, is ignored.
func (b *Builder) Add(i int, sections []markdown.Section) {
	b.mu.Lock()
	skip := b.done || b.added[i]
	b.mu.Unlock()
	if skip {
		return
	}
	p := b.pages[i]
	p.Sections, p.Read = sections, nil
	e := b.idx.entry(i, p)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done || b.added[i] {
		return
	}
	b.added[i] = true
	b.add(i, e)
}

// add puts the entry e of the i-th page into the index, keeping of each word's postings those
// that may be among its best maxPostings, and nothing of e that shares the page's text.
func (b *Builder) add(i int, e *Entry) {
	b.idx.Pages[i] = e
	for w, ps := range e.Words {
		k := b.words[w]
		if k == nil {
			w = strings.Clone(w) // not a piece of the page's text, which would stay in memory
			k = &kept{}
			b.words[w] = k
			b.idx.shards[Shard(w, len(b.idx.shards))][w] = true
		}
		for _, p := range ps {
			if !k.full || ranksBefore(p, k.worst) {
				k.ps = append(k.ps, p)
			}
		}
		if len(k.ps) >= 2*maxPostings {
			k.ps = best(k.ps)
			k.worst, k.full = k.ps[len(k.ps)-1], true
		}
	}
	for j := range e.Docs {
		e.Docs[j].Text = strings.Clone(e.Docs[j].Text)
	}
	e.Sections, e.Read, e.Words = nil, nil, nil
}

// ranksBefore reports whether a file keeps a before b (see best).
func ranksBefore(a, b Posting) bool { return byRank(a, b) < 0 }

// best returns the maxPostings best of postings, as ranked keeps them: the highest scores, and
// of equal scores the first in reading order. ps is reordered.
func best(ps []Posting) []Posting {
	slices.SortFunc(ps, byRank)
	return ps[:min(len(ps), maxPostings)]
}

// byRank orders postings as ranked does: the highest score first, and of equal scores the
// first in reading order.
func byRank(a, b Posting) int {
	return cmp.Or(cmp.Compare(b.Score(), a.Score()), comparePostings(a, b))
}

// Index reads the pages not added yet, on all cores, and returns the index, the same as
// BuildOnce of the pages gives. Later calls return the same index.
func (b *Builder) Index() *Index {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return b.idx
	}
	b.done = true
	var todo []int
	for i, added := range b.added {
		if !added {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		b.idx.read(b.pages, todo)
		for _, i := range todo {
			b.add(i, b.idx.Pages[i])
		}
	}
	for w, k := range b.words {
		ps := k.ps
		if len(ps) > maxPostings {
			ps = best(ps)
		}
		if !slices.IsSortedFunc(ps, comparePostings) {
			slices.SortFunc(ps, comparePostings)
		}
		b.idx.Words[w] = ps
	}
	b.words = nil
	return b.idx
}

// comparePostings orders postings in reading order.
func comparePostings(a, b Posting) int {
	return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Section, b.Section))
}
