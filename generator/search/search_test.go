package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"kith/generator/corpus"
	"kith/generator/markdown"
	"kith/generator/search"
	"kith/generator/site"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Café":             "cafe",
		"CAFE\u0301":       "cafe",
		"Ærø Straße":       "ærø straße",
		"ΣΟΦΙΑΣ":           "σοφιασ",
		"Ñandú İstanbul":   "nandu istanbul",
		"parasocial (PSR)": "parasocial (psr)",
	} {
		if got := search.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := search.Words("Don't—stop: the café's 2019 AI!"), []string{"don", "t", "stop", "the", "cafe", "s", "2019", "ai"}; !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

var pages = []search.Page{
	{Path: "", Title: "Home", Sections: markdown.Sections([]byte("Welcome to the toolkit about relationships.\n"))},
	{Path: "lessons/bonds/", Title: "Relationships online", Description: "One-sided bonds.",
		Sections: markdown.Sections([]byte("Opening text.\n\n## Rélationship cues {#cues}\n\nA wave and a name.\n\n## Money\n\nThe streamer's relationship with money.\n\n```quiz\nsecret-quiz\n```\n\n    relegated code\n"))},
	{Path: "glossary/", Title: "Glossary", Sections: markdown.Sections([]byte("## Deepfake\n\nA made-up video.\n\n**Stan**: a devoted fan.\n\n**Lurker** — someone who only reads.\n"))},
}

// docsOf returns the docs a word finds, best first, as path#anchor.
func docsOf(idx *search.Index, word string) []string {
	var out []string
	for _, p := range idx.Words[word] {
		d := idx.Docs[p.Doc]
		out = append(out, d.Path+"#"+d.Anchor)
	}
	return out
}

func TestBuildRanksTitlesThenHeadingsThenText(t *testing.T) {
	idx := search.Build(pages, "en")
	// "relationships" is in a title and the home page's text; "relationship" in a heading,
	// written with an accent, and in a section's text.
	if got, want := docsOf(idx, "relationships"), []string{"lessons/bonds/#", "#"}; !slices.Equal(got, want) {
		t.Errorf("relationships finds %v, want the title first, then the text: %v", got, want)
	}
	if got, want := docsOf(idx, "relationship"), []string{"lessons/bonds/#cues", "lessons/bonds/#money"}; !slices.Equal(got, want) {
		t.Errorf("relationship finds %v, want the heading (its accent folded, its id as written) first: %v", got, want)
	}
	for word, want := range map[string]string{"deepfake": "glossary/#deepfake", "stan": "glossary/#deepfake", "lurker": "glossary/#deepfake"} {
		ps := idx.Words[word]
		if len(ps) == 0 || idx.Docs[ps[0].Doc].Path+"#"+idx.Docs[ps[0].Doc].Anchor != want || ps[0].Weight < 30 {
			t.Errorf("the glossary term %q should be found as a term at %s; it finds %v", word, want, docsOf(idx, word))
		}
	}
	for _, word := range []string{"secret", "quiz", "relegated", "the", "a"} {
		if len(idx.Words[word]) > 0 {
			t.Errorf("%q is indexed; quiz blocks, code blocks, stop words and single letters are not", word)
		}
	}
	if d := idx.Docs[idx.PageDocs[1]]; d.Text != "One-sided bonds. Opening text." {
		t.Errorf("a page's opening should start with its description: %q", d.Text)
	}
}

// files renders every file of the index.
func files(t testing.TB, idx *search.Index, pages int) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range search.Paths(pages) {
		var buf bytes.Buffer
		if err := idx.File(p, false, &buf); err != nil {
			t.Fatal(err)
		}
		out[p] = buf.Bytes()
	}
	return out
}

func TestFilesAreDeterministic(t *testing.T) {
	a, b := files(t, search.Build(pages, "en"), len(pages)), files(t, search.Build(pages, "en"), len(pages))
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two builds of the same pages", p)
		}
		if !strings.HasPrefix(string(a[p]), "kithSearch.") {
			t.Errorf("%s does not register itself with kithSearch: %.40s", p, a[p])
		}
	}
	if err := search.Build(pages, "en").File("search/words-9.js", false, new(bytes.Buffer)); err == nil {
		t.Errorf("a shard that does not exist was written")
	}
}

// toolkit loads the repository's toolkit.
func toolkit(t testing.TB) (*search.Index, int) {
	_, file, _, _ := runtime.Caller(0)
	s, ds := site.Load(filepath.Join(filepath.Dir(file), "..", ".."), site.Options{})
	if s == nil {
		t.Fatalf("loading the toolkit: %v", ds)
	}
	return search.Build(s.SearchInput(nil), s.Config.Language), len(s.SearchPages())
}

func gzipped(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// TestToolkitIndexBudget: what a search loads to find anything (the manifest and the word
// shards) stays under 40 KB gzipped for the toolkit. The excerpts' text, in the doc shards,
// is loaded a shard at a time for the results shown, and reported.
func TestToolkitIndexBudget(t *testing.T) {
	idx, n := toolkit(t)
	finding, excerpts := 0, 0
	for p, data := range files(t, idx, n) {
		if strings.HasPrefix(p, "search/docs-") {
			excerpts += gzipped(data)
		} else {
			finding += gzipped(data)
		}
	}
	t.Logf("the toolkit's index: %d bytes gzipped to find (index.js and word shards), %d bytes gzipped of excerpt text in doc shards", finding, excerpts)
	if finding > 40*1024 {
		t.Errorf("the toolkit's index is %d bytes gzipped; the budget is 40 KB", finding)
	}
}

// TestLargeSiteShards: on 10,000 lessons no file of the index is over 500 KB.
func TestLargeSiteShards(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 10,000 lessons")
	}
	dir := t.TempDir()
	if err := corpus.Generate(dir, 10000, 1); err != nil {
		t.Fatal(err)
	}
	s, ds := site.Load(dir, site.Options{})
	if s == nil {
		t.Fatalf("loading the corpus: %v", ds)
	}
	idx := search.Build(s.SearchInput(nil), s.Config.Language)
	largest, total := "", 0
	out := files(t, idx, len(s.SearchPages()))
	for p, data := range out {
		total += len(data)
		if len(data) > len(out[largest]) {
			largest = p
		}
		if len(data) > 500*1024 {
			t.Errorf("%s is %d bytes; no shard may be over 500 KB", p, len(data))
		}
	}
	var m struct{ Words int }
	if err := json.Unmarshal(bytes.TrimSuffix(bytes.TrimPrefix(out["search/index.js"], []byte("kithSearch.index(")), []byte(");\n")), &m); err != nil || m.Words < 2 {
		t.Errorf("the manifest should name several word shards: %v, %s", err, out["search/index.js"])
	}
	t.Logf("%d files, %d bytes in all; the largest is %s, %d bytes", len(out), total, largest, len(out[largest]))
}

// BenchmarkBuild10000 builds the index of 10,000 lessons from their pages already split into
// sections: what each text edit in kith serve costs beyond splitting the page edited.
func BenchmarkBuild10000(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	s, _ := site.Load(dir, site.Options{})
	in := s.SearchInput(nil)
	b.ResetTimer()
	for range b.N {
		search.Build(in, "en")
	}
}
