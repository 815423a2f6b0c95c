package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Dir is the folder of the site's output that holds the index.
const Dir = "search/"

// How many pages share a shard. A word shard holds the words of every page whose first two
// letters fall in it; a doc shard holds the paths, titles, headings and anchors of a run of
// pages in reading order. On 10,000 lessons that gives 250 word shards and 625 doc shards, and
// a search loads one word shard for each word typed and one doc shard for each result shown.
// The text an excerpt is cut from is in one fragment a page, loaded for the results shown.
const (
	pagesPerWordShard = 40
	pagesPerDocShard  = 16
)

// Layout returns how many word shards and doc shards the index of a site of n pages has. It
// depends on the number of pages only, so that the list of outputs is known before any page
// is read and stays the same while an author edits a page's text.
func Layout(pages int) (words, docs int) {
	return max(1, (pages+pagesPerWordShard-1)/pagesPerWordShard), max(1, (pages+pagesPerDocShard-1)/pagesPerDocShard)
}

// Paths lists the index's files, as slash paths in the output, for a site of n pages: the
// manifest, the word shards, the doc shards, then each page's fragment.
func Paths(pages int) []string {
	words, docs := Layout(pages)
	out := make([]string, 0, 1+words+docs+pages)
	out = append(out, Dir+"index.js")
	for i := range words {
		out = append(out, wordsPath(i))
	}
	for i := range docs {
		out = append(out, docsPath(i))
	}
	for i := range pages {
		out = append(out, textPath(i))
	}
	return out
}

// IsFragment reports whether path, one of Paths, is a page's fragment, which a search loads
// only to show an excerpt, rather than a file of the index proper.
func IsFragment(path string) bool { return strings.HasPrefix(path, Dir+"text-") }

// Fragment returns which page, in the order of the pages given to Build, the fragment at path
// holds, and false when path is not a fragment.
func Fragment(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, Dir+"text-")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest, ".js"))
	return n, err == nil && n >= 0 && path == textPath(n)
}

func wordsPath(n int) string { return Dir + "words-" + strconv.Itoa(n) + ".js" }
func docsPath(n int) string  { return Dir + "docs-" + strconv.Itoa(n) + ".js" }
func textPath(n int) string  { return Dir + "text-" + strconv.Itoa(n) + ".js" }

// Shard returns the word shard that holds word, of n. search.js computes the same: FNV-1a of
// the word's first two letters, so that every word that starts with what a student typed is in
// the one shard.
func Shard(word string, n int) int {
	key := word
	if _, size := utf8.DecodeRuneInString(word); size < len(word) {
		_, size2 := utf8.DecodeRuneInString(word[size:])
		key = word[:size+size2]
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// manifest is what search/index.js tells search.js.
type manifest struct {
	Version  int  `json:"version"`
	Portable bool `json:"portable"` // links name index.html, for a site used from disk
	Words    int  `json:"words"`    // how many word shards
	Pages    int  `json:"pages"`    // how many pages a doc shard holds
	// Stop are the words left out of the index, which search.js does not look for.
	Stop []string `json:"stop"`
}

// File writes the index's file at path (one of Paths) to buf. portable says whether links
// must name index.html. It only reads the index, so files may be written at once.
func (idx *Index) File(path string, portable bool, buf *bytes.Buffer) error {
	pages := len(idx.Pages)
	nwords, ndocs := Layout(pages)
	name, ok := strings.CutPrefix(path, Dir)
	if !ok {
		return fmt.Errorf("%s is not a file of the search index", path)
	}
	var call string
	var data any
	switch {
	case name == "index.js":
		call = "index("
		data = manifest{Version: 3, Portable: portable, Words: nwords, Pages: pagesPerDocShard, Stop: idx.Stop}
	case strings.HasPrefix(name, "words-"):
		n, err := shardNumber(name, "words-", nwords)
		if err != nil {
			return err
		}
		shard := map[string][]int{}
		for w := range idx.shards[n] {
			shard[w] = encode(ranked(idx.Words[w]))
		}
		call, data = "words("+strconv.Itoa(n)+",", shard
	case strings.HasPrefix(name, "docs-"):
		n, err := shardNumber(name, "docs-", ndocs)
		if err != nil {
			return err
		}
		var rows [][]string
		for _, e := range idx.Pages[n*pagesPerDocShard : min((n+1)*pagesPerDocShard, pages)] {
			row := []string{e.Path, e.Title}
			for _, d := range e.Docs[1:] {
				row = append(row, d.Heading, d.Anchor)
			}
			rows = append(rows, row)
		}
		call, data = "docs("+strconv.Itoa(n)+",", rows
	case strings.HasPrefix(name, "text-"):
		n, err := shardNumber(name, "text-", pages)
		if err != nil {
			return err
		}
		texts := make([]string, len(idx.Pages[n].Docs))
		for i, d := range idx.Pages[n].Docs {
			texts[i] = d.Text
		}
		call, data = "text("+strconv.Itoa(n)+",", texts
	default:
		return fmt.Errorf("%s is not a file of the search index", path)
	}
	buf.WriteString("kithSearch." + call)
	// A script file is not HTML: <, > and & need no escaping, which would make text longer.
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(data); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	buf.WriteString(");\n")
	return nil
}

func shardNumber(name, prefix string, count int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".js"))
	if err != nil || n < 0 || n >= count || name != prefix+strconv.Itoa(n)+".js" {
		return 0, fmt.Errorf("%s%s is not a file of the search index", Dir, name)
	}
	return n, nil
}

// encode packs a word's postings, in reading order, two numbers each: how many pages on from
// the one before its page is, times 8, plus where the word is (InTitle, InHeading, InText); and
// its section. search.js decodes it.
func encode(ps []Posting) []int {
	out := make([]int, 0, 2*len(ps))
	last := 0
	for _, p := range ps {
		out = append(out, (p.Page-last)*8+p.Where, p.Section)
		last = p.Page
	}
	return out
}
