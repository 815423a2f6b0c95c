// Package search builds the site's search index at build time: the words of every published
// page's title, headings, glossary terms and text, written as plain script files that the
// theme's search.js loads in shards the first time a student uses the search box. Nothing is
// fetched (the files register themselves with kithSearch), so search works from file:// and
// under default-src 'self'.
//
// As in Pagefind, what a search needs to find and list its results (the words, where they are,
// the pages' titles, headings and anchors) is kept apart from the text an excerpt is cut from:
// one fragment file a page, which search.js loads only for the results it shows.
//
// The index is kept page by page: after an edit in kith serve, Update re-makes the entries of
// the pages that changed and names the files their words fall in, and only those are written
// again.
//
// Quiz blocks are not indexed: a quiz is found through the lesson that embeds it, and its
// feedback would give answers away. Students' own answers never reach the build at all.
package search

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"kith/generator/markdown"
)

// Page is one published page, as the index reads it.
type Page struct {
	Path        string // the page's site path: "lessons/first/", "" for home
	Title       string
	Description string
	// Sections are what markdown.Sections gives of the page's Markdown, which a caller that
	// indexes the same pages again (the preview) may keep.
	Sections []markdown.Section
	// Read, when Sections is nil, gives them: the index calls it on one of its workers and
	// keeps nothing of what it gives but the page's docs (BuildOnce).
	Read func() []markdown.Section
}

// Doc is one result a search can give: a page's opening, or one of its headings' sections.
type Doc struct {
	Heading string // the section's heading; "" for the page's opening
	Anchor  string // the heading's id
	// Text is what the page's fragment keeps of the section's text to cut an excerpt from: the
	// sentences that use a word for the first time on the page, where a search finds the word
	// in the text, and the section's first sentence; " … " stands where sentences are left out.
	Text string
}

// Posting says that a word is in a page's section, and where: InTitle, InHeading, InText. A
// word in a page's text has one posting with InText, at the first section that uses it.
type Posting struct {
	Page    int // the page's index in the pages given to Build
	Section int // the doc's index in the page's Docs
	Where   int
}

// Where a word is found, which a Posting's Where holds one or more of.
const (
	InTitle   = 4 // the page's title, found in its opening
	InHeading = 2 // the section's heading or a glossary term it defines
	InText    = 1
)

// Score is how much a posting counts, as search.js adds it up: a page's title beats a heading,
// a heading (or a glossary term) beats the text, and a word in two of them counts for both.
func (p Posting) Score() int {
	return p.Where&InTitle/InTitle*100 + p.Where&InHeading/InHeading*30 + p.Where&InText
}

// maxPostings is how many docs a word keeps, the best first. A very common word in a very large
// site finds its best sections only, which keeps each shard within its budget.
const maxPostings = 200

// Entry is what one page gives the index.
type Entry struct {
	Page
	Docs []Doc
	// Words are the page's indexed words, each with the docs it is in, in doc order.
	Words map[string][]Posting
}

// Index is a site's search index.
type Index struct {
	// Pages are the entries of the pages, in reading order.
	Pages []*Entry
	// Words are every word's postings, in reading order; a file keeps the best maxPostings,
	// which are all an index made by a Builder keeps.
	Words map[string][]Posting
	// Stop are the words of the site's language too common to find anything, left out.
	Stop []string
	// shards are the words of each word shard.
	shards []map[string]bool
	// compact says that the index lets go of each page's sections and words (BuildOnce), so
	// that Update must read every page again.
	compact bool
}

// Build indexes pages, in the order given (the reading order), which the results keep when
// they rank alike, for a site in the language lang ("en", "en-GB"). It gives the same index for
// the same pages.
func Build(pages []Page, lang string) *Index {
	idx := &Index{Stop: stopWords(lang)}
	idx.reset(pages)
	return idx
}

// BuildOnce is Build for an index that is written once and never updated (kith build): it
// keeps of each page only what its files need, and lets go of each page's sections and words
// as soon as they are read, which on 10,000 lessons is most of the index's memory.
func BuildOnce(pages []Page, lang string) *Index {
	idx := &Index{Stop: stopWords(lang), compact: true}
	idx.reset(pages)
	return idx
}

// reset indexes pages afresh. Pages are read on all cores: on 10,000 lessons reading them is
// most of the index's cost.
func (idx *Index) reset(pages []Page) {
	idx.start(len(pages))
	idx.read(pages, nil)
	for i := range pages {
		idx.add(i, idx.Pages[i])
	}
}

// start empties the index for n pages.
func (idx *Index) start(n int) {
	nwords, _ := Layout(n)
	idx.Words = map[string][]Posting{}
	idx.shards = make([]map[string]bool, nwords)
	for i := range idx.shards {
		idx.shards[i] = map[string]bool{}
	}
	idx.Pages = make([]*Entry, n)
}

// read makes the entries of the pages at the indexes which (every page when which is nil) on
// all cores, into idx.Pages.
func (idx *Index) read(pages []Page, which []int) {
	if which == nil {
		which = make([]int, len(pages))
		for i := range which {
			which[i] = i
		}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(len(which), runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				idx.Pages[i] = idx.entry(i, pages[i])
			}
		}()
	}
	for _, i := range which {
		next <- i
	}
	close(next)
	wg.Wait()
}

// add puts the entry e of the i-th page into the index. Pages added out of order leave words'
// postings out of order, for sortPostings to put right.
func (idx *Index) add(i int, e *Entry) {
	idx.Pages[i] = e
	for w, ps := range e.Words {
		idx.Words[w] = append(idx.Words[w], ps...)
		idx.shards[Shard(w, len(idx.shards))][w] = true
	}
	if idx.compact {
		e.Sections, e.Read, e.Words = nil, nil, nil
	}
}

// Update makes the index that of pages, re-reading only the pages that differ from the ones
// it holds, and returns the paths (as Paths gives them) of the files that changed. When the
// number of pages changed, every file did.
func (idx *Index) Update(pages []Page) []string {
	if len(pages) != len(idx.Pages) || idx.compact {
		idx.compact = false
		idx.reset(pages)
		return Paths(len(pages))
	}
	nwords, _ := Layout(len(pages))
	changed := map[string]bool{}
	for i, p := range pages {
		old := idx.Pages[i]
		if samePage(old.Page, p) {
			continue
		}
		e := idx.entry(i, p)
		idx.Pages[i] = e
		if old.Path != e.Path || old.Title != e.Title || !slices.EqualFunc(old.Docs, e.Docs, func(a, b Doc) bool {
			return a.Heading == b.Heading && a.Anchor == b.Anchor
		}) {
			changed[docsPath(i/pagesPerDocShard)] = true
		}
		if !slices.EqualFunc(old.Docs, e.Docs, func(a, b Doc) bool { return a.Text == b.Text }) {
			changed[textPath(i)] = true
		}
		for w, ps := range old.Words {
			if !slices.Equal(ps, e.Words[w]) {
				idx.remove(w, i)
				changed[wordsPath(Shard(w, nwords))] = true
			}
		}
		for w, ps := range e.Words {
			if !slices.Equal(ps, old.Words[w]) {
				idx.insert(w, i, ps)
				changed[wordsPath(Shard(w, nwords))] = true
			}
		}
	}
	return slices.Sorted(func(yield func(string) bool) {
		for p := range changed {
			if !yield(p) {
				return
			}
		}
	})
}

// remove takes page's postings out of word's.
func (idx *Index) remove(w string, page int) {
	ps := idx.Words[w]
	from, _ := slices.BinarySearchFunc(ps, page, func(p Posting, page int) int { return cmp.Compare(p.Page, page) })
	to := from
	for to < len(ps) && ps[to].Page == page {
		to++
	}
	ps = slices.Delete(ps, from, to)
	if len(ps) == 0 {
		delete(idx.Words, w)
		delete(idx.shards[Shard(w, len(idx.shards))], w)
		return
	}
	idx.Words[w] = ps
}

// insert puts page's postings of word in its place among word's.
func (idx *Index) insert(w string, page int, add []Posting) {
	ps := idx.Words[w]
	at, _ := slices.BinarySearchFunc(ps, page, func(p Posting, page int) int { return cmp.Compare(p.Page, page) })
	idx.Words[w] = slices.Insert(ps, at, add...)
	idx.shards[Shard(w, len(idx.shards))][w] = true
}

// samePage reports whether a and b give the same entry. Unchanged pages come from the same
// cached sections, whose strings compare at the cost of a pointer.
func samePage(a, b Page) bool {
	return a.Path == b.Path && a.Title == b.Title && a.Description == b.Description &&
		slices.EqualFunc(a.Sections, b.Sections, func(x, y markdown.Section) bool {
			return x.ID == y.ID && x.Heading == y.Heading && x.Text == y.Text && slices.Equal(x.Terms, y.Terms)
		})
}

// entry reads page p, the i-th.
func (idx *Index) entry(i int, p Page) *Entry {
	e := &Entry{Page: p, Words: map[string][]Posting{}}
	secs := p.Sections
	if secs == nil && p.Read != nil {
		secs = p.Read()
	}
	if len(secs) == 0 {
		secs = []markdown.Section{{}} // past the limits: found by its title, and rendering says why
	}
	var keep fragment
	for j, sec := range secs {
		text := sec.Text
		if j == 0 && p.Description != "" {
			text = strings.TrimSpace(p.Description + " " + text)
		}
		weights := map[string]int{}
		if j == 0 {
			for _, w := range Words(p.Title) {
				weights[w] = InTitle
			}
		}
		for _, field := range append([]string{sec.Heading}, sec.Terms...) {
			for _, w := range Words(field) {
				weights[w] |= InHeading
			}
		}
		keep.section()
		for sentence := range sentences(text) {
			first := false
			for _, w := range Words(sentence) {
				// A page's text is found once, at the first section that uses the word: search.js
				// shows one result a page, and a posting for every section would double the index.
				if !keep.used[w] {
					keep.used[w] = true
					weights[w] |= InText
					first = first || indexed(w, idx.Stop)
				}
			}
			keep.sentence(sentence, first)
		}
		e.Docs = append(e.Docs, Doc{Heading: sec.Heading, Anchor: sec.ID, Text: keep.text()})
		for w, n := range weights {
			if !indexed(w, idx.Stop) {
				continue
			}
			e.Words[w] = append(e.Words[w], Posting{Page: i, Section: j, Where: n})
		}
	}
	return e
}

// maxFragment is how many bytes of a page's text its fragment keeps at most, which bounds the
// file a result loads. A page longer still is found all the same (its words are all indexed),
// but a match past this is shown by the result's title and heading only.
const maxFragment = 48 << 10

// fragment collects what a page's fragment keeps of its sections' text.
type fragment struct {
	used    map[string]bool // the words of the page's text so far
	b       strings.Builder // the section's text kept so far
	size    int             // the bytes kept on the page so far
	n       int             // the sentences of the section so far
	skipped bool            // whether a sentence was left out since the last one kept
}

// section starts the next section.
func (f *fragment) section() {
	if f.used == nil {
		f.used = map[string]bool{}
	}
	f.b.Reset()
	f.n, f.skipped = 0, false
}

// sentence keeps s, the section's next sentence, when it is its first or first uses a word.
func (f *fragment) sentence(s string, first bool) {
	f.n++
	if (f.n > 1 && !first) || f.size+len(s) > maxFragment {
		f.skipped = true
		return
	}
	switch {
	case f.b.Len() > 0 && f.skipped:
		f.b.WriteString(" … ")
	case f.b.Len() > 0:
		f.b.WriteByte(' ')
	}
	f.b.WriteString(s)
	f.size += len(s)
	f.skipped = false
}

// text returns the section's text kept, with an ellipsis for what was left out at its end.
func (f *fragment) text() string {
	if f.skipped && f.b.Len() > 0 {
		f.b.WriteString(" …")
	}
	return f.b.String()
}

// sentences yields the sentences of text, a section's words joined by single spaces: each ends
// at a full stop, question or exclamation mark (and any closing quotes or brackets after it)
// followed by a space.
func sentences(text string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i < len(text); i++ {
			if c := text[i]; c != '.' && c != '!' && c != '?' {
				continue
			}
			end := i + 1
			for end < len(text) && strings.IndexByte(`"')]`, text[end]) >= 0 {
				end++
			}
			for _, closer := range []string{"”", "’", "»"} {
				if strings.HasPrefix(text[end:], closer) {
					end += len(closer)
				}
			}
			if end < len(text) && text[end] == ' ' {
				if !yield(text[start:end]) {
					return
				}
				start, i = end+1, end
			}
		}
		if start < len(text) {
			yield(text[start:])
		}
	}
}

// ranked returns a word's postings that a file keeps: the best maxPostings, in reading order.
func ranked(ps []Posting) []Posting {
	if len(ps) <= maxPostings {
		return ps
	}
	best := slices.Clone(ps)
	slices.SortStableFunc(best, func(a, b Posting) int { return cmp.Compare(b.Score(), a.Score()) })
	best = best[:maxPostings]
	slices.SortFunc(best, func(a, b Posting) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Section, b.Section))
	})
	return best
}

// indexed reports whether a word is worth a place in the index: search.js looks words up from
// their second letter, a long number is a DOI or an ISBN that nobody types, and stop words are
// in almost every section.
func indexed(w string, stop []string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	if _, found := slices.BinarySearch(stop, w); found {
		return false
	}
	digits := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	return !digits || len(w) <= 4
}

// stopWords returns the words of language lang that are left out of the index, sorted; none
// for a language without a list.
func stopWords(lang string) []string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return stopLists[base]
}

// stopLists are the stop words of each language that has a list, sorted.
var stopLists = map[string][]string{
	"en": strings.Fields(`about all an and are as at be because been but by can could did do does for from had has
have he her him his how if in into is it its me my no not of on or our she so than that the their them
then there these they this those to too us was we were what when where which who why will with would
you your`),
}
