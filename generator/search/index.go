// Package search builds the site's search index at build time: the words of every published
// page's title, headings, glossary terms and text, written as plain script files that the
// theme's search.js loads in shards the first time a student uses the search box. Nothing is
// fetched (the files register themselves with kithSearch), so search works from file:// and
// under default-src 'self'.
//
// Quiz blocks are not indexed: a quiz is found through the lesson that embeds it, and its
// feedback would give answers away. Students' own answers never reach the build at all.
package search

import (
	"cmp"
	"slices"
	"strings"
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
}

// Doc is one result a search can give: a page's opening, or one of its headings' sections.
type Doc struct {
	Page    int    // the page's index in the pages given to Build
	Path    string // the page's site path
	Title   string // the page's title
	Heading string // the section's heading; "" for the page's opening
	Anchor  string // the heading's id
	Text    string // the section's text, for the excerpt
}

// Posting says that a word is in a doc, and how much that counts.
type Posting struct {
	Doc    int
	Weight int
}

// How much a word counts where it is found: a page's title beats a heading, a heading (or a
// glossary term) beats the text, and in the text each use counts, up to maxBody. A word in
// both a title and its page's opening counts for both.
const (
	titleWeight   = 100
	headingWeight = 30
	maxBody       = 1
)

// maxPostings is how many docs a word keeps, the best first. A very common word in a very large
// site finds its best sections only, which keeps each shard within its budget.
const maxPostings = 200

// Index is a site's search index.
type Index struct {
	Docs  []Doc
	Words map[string][]Posting // each word's docs, best first, then in reading order
	// PageDocs is where each page's docs start in Docs, and ends with len(Docs).
	PageDocs []int
	// Stop are the words of the site's language too common to find anything, left out.
	Stop []string
}

// Build indexes pages, in the order given (the reading order), which the results keep when
// they rank alike, for a site in the language lang ("en", "en-GB"). It gives the same index for
// the same pages.
func Build(pages []Page, lang string) *Index {
	idx := &Index{Words: map[string][]Posting{}, Stop: stopWords(lang)}
	for i, p := range pages {
		idx.PageDocs = append(idx.PageDocs, len(idx.Docs))
		secs := p.Sections
		if len(secs) == 0 {
			secs = []markdown.Section{{}} // past the limits: found by its title, and rendering says why
		}
		for j, sec := range secs {
			d := Doc{Page: i, Path: p.Path, Title: p.Title, Heading: sec.Heading, Anchor: sec.ID, Text: sec.Text}
			weights := map[string]int{}
			if j == 0 && sec.Heading == "" {
				if p.Description != "" {
					d.Text = p.Description + " " + d.Text
				}
				for _, w := range Words(p.Title) {
					weights[w] = titleWeight
				}
			}
			for _, field := range append([]string{sec.Heading}, sec.Terms...) {
				for _, w := range Words(field) {
					if weights[w] < headingWeight {
						weights[w] = headingWeight
					}
				}
			}
			body := map[string]int{}
			for _, w := range Words(d.Text) {
				body[w] = min(body[w]+1, maxBody)
			}
			for w, n := range body {
				weights[w] += n
			}
			id := len(idx.Docs)
			idx.Docs = append(idx.Docs, d)
			for w, n := range weights {
				if !indexed(w, idx.Stop) {
					continue
				}
				idx.Words[w] = append(idx.Words[w], Posting{Doc: id, Weight: n})
			}
		}
	}
	idx.PageDocs = append(idx.PageDocs, len(idx.Docs))
	for w, ps := range idx.Words {
		slices.SortFunc(ps, func(a, b Posting) int {
			return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Doc, b.Doc))
		})
		idx.Words[w] = ps[:min(len(ps), maxPostings)]
	}
	return idx
}

// indexed reports whether a word is worth a place in the index: search.js looks words up from
// their second letter, a long number is a DOI or an ISBN that nobody types, and stop words are
// in almost every section.
func indexed(w string, stop []string) bool {
	if utf8.RuneCountInString(w) < 2 || slices.Contains(stop, w) {
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
