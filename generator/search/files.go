package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Dir is the folder of the site's output that holds the index.
const Dir = "search/"

// How many pages share a shard. A word shard holds the words of every page whose first two
// letters fall in it; a doc shard holds the sections of a run of pages in reading order. On
// 10,000 lessons that gives 250 word shards and 2,500 doc shards of about 25 KB, and a search
// loads one word shard for each word typed and one doc shard for each result shown.
const (
	pagesPerWordShard = 40
	pagesPerDocShard  = 4
)

// Layout returns how many word shards and doc shards the index of a site of n pages has. It
// depends on the number of pages only, so that the list of outputs is known before any page
// is read and stays the same while an author edits a page's text.
func Layout(pages int) (words, docs int) {
	return max(1, (pages+pagesPerWordShard-1)/pagesPerWordShard), max(1, (pages+pagesPerDocShard-1)/pagesPerDocShard)
}

// Paths lists the index's files, as slash paths in the output, for a site of n pages.
func Paths(pages int) []string {
	words, docs := Layout(pages)
	out := []string{Dir + "index.js"}
	for i := range words {
		out = append(out, Dir+"words-"+strconv.Itoa(i)+".js")
	}
	for i := range docs {
		out = append(out, Dir+"docs-"+strconv.Itoa(i)+".js")
	}
	return out
}

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
	// Docs is the number of the first doc of each doc shard.
	Docs []int `json:"docs"`
	// Stop are the words left out of the index, which search.js does not look for.
	Stop []string `json:"stop"`
}

// File writes the index's file at path (one of Paths) to buf. portable says whether links
// must name index.html.
func (idx *Index) File(path string, portable bool, buf *bytes.Buffer) error {
	pages := len(idx.PageDocs) - 1
	nwords, ndocs := Layout(pages)
	name, ok := strings.CutPrefix(path, Dir)
	if !ok {
		return fmt.Errorf("%s is not a file of the search index", path)
	}
	var call string
	var data any
	switch {
	case name == "index.js":
		m := manifest{Version: 1, Portable: portable, Words: nwords, Stop: idx.Stop}
		for i := range ndocs {
			m.Docs = append(m.Docs, idx.PageDocs[min(i*pagesPerDocShard, pages)])
		}
		call, data = "index(", m
	case strings.HasPrefix(name, "words-"):
		n, err := shardNumber(name, "words-", nwords)
		if err != nil {
			return err
		}
		shard := map[string][]int{}
		for w, ps := range idx.Words {
			if Shard(w, nwords) == n {
				shard[w] = encode(ps)
			}
		}
		call, data = "words("+strconv.Itoa(n)+",", shard
	case strings.HasPrefix(name, "docs-"):
		n, err := shardNumber(name, "docs-", ndocs)
		if err != nil {
			return err
		}
		from := idx.PageDocs[min(n*pagesPerDocShard, pages)]
		to := idx.PageDocs[min((n+1)*pagesPerDocShard, pages)]
		rows := make([][5]string, 0, to-from)
		for _, d := range idx.Docs[from:to] {
			rows = append(rows, [5]string{d.Path, d.Title, d.Heading, d.Anchor, d.Text})
		}
		call, data = "docs("+strconv.Itoa(n)+",", rows
	default:
		return fmt.Errorf("%s is not a file of the search index", path)
	}
	js, err := json.Marshal(data)
	if err != nil {
		return err
	}
	buf.WriteString("kithSearch." + call)
	buf.Write(js)
	buf.WriteString(");\n")
	return nil
}

func shardNumber(name, prefix string, count int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".js"))
	if err != nil || n < 0 || n >= count {
		return 0, fmt.Errorf("%s%s is not a file of the search index", Dir, name)
	}
	return n, nil
}

// encode packs a word's postings, in the order of their docs, one number each: how far the doc
// is from the one before, times 16, plus the weight's class (8 for a title, 4 for a heading or
// glossary term, plus the uses in the text up to maxBody). search.js decodes it.
func encode(ps []Posting) []int {
	sorted := slices.SortedFunc(slices.Values(ps), func(a, b Posting) int { return cmp.Compare(a.Doc, b.Doc) })
	out := make([]int, len(sorted))
	last := 0
	for i, p := range sorted {
		class := p.Weight % headingWeight
		if p.Weight >= titleWeight {
			class |= 8
		}
		if p.Weight%titleWeight >= headingWeight {
			class |= 4
		}
		out[i] = (p.Doc-last)*16 + class
		last = p.Doc
	}
	return out
}
