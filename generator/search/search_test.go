package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"kith/generator/content"
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

// docsOf returns the docs a word finds, best first (then in reading order), as path#anchor.
func docsOf(idx *search.Index, word string) []string {
	ps := slices.Clone(idx.Words[word])
	slices.SortStableFunc(ps, func(a, b search.Posting) int { return b.Score() - a.Score() })
	var out []string
	for _, p := range ps {
		out = append(out, at(idx, p))
	}
	return out
}

func at(idx *search.Index, p search.Posting) string {
	return idx.Pages[p.Page].Path + "#" + idx.Pages[p.Page].Docs[p.Section].Anchor
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
		if len(ps) == 0 || at(idx, ps[0]) != want || ps[0].Where&search.InHeading == 0 {
			t.Errorf("the glossary term %q should be found as a term at %s; it finds %v", word, want, docsOf(idx, word))
		}
	}
	for _, word := range []string{"secret", "quiz", "relegated", "the", "a"} {
		if len(idx.Words[word]) > 0 {
			t.Errorf("%q is indexed; quiz blocks, code blocks, stop words and single letters are not", word)
		}
	}
	if d := idx.Pages[1].Docs[0]; d.Text != "One-sided bonds. Opening text." {
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

// toolkit loads the repository's toolkit and indexes it.
func toolkit(t testing.TB) (*search.Index, int) {
	s := toolkitSite(t)
	return search.Build(s.SearchInput(nil), s.Config.Language), len(s.SearchPages())
}

func toolkitSite(t testing.TB) *site.Site {
	_, file, _, _ := runtime.Caller(0)
	s, ds := site.Load(filepath.Join(filepath.Dir(file), "..", ".."), site.Options{})
	if s == nil {
		t.Fatalf("loading the toolkit: %v", ds)
	}
	return s
}

func gzipped(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// TestToolkitIndexBudget: everything a search of the toolkit may load to find and list its
// results (the manifest, the word shards and the doc shards), each file gzipped as a server
// sends it, stays under 40 KB; the fragments, which a result loads to show its excerpt, are
// counted apart. It also reports how often a result shows the word searched for (in its title,
// heading or excerpt), over a search for every word in the index, as search.js cuts excerpts:
// around the first word of the section's fragment that starts with what was typed.
func TestToolkitIndexBudget(t *testing.T) {
	idx, n := toolkit(t)
	finding, listing, fragments, raw, largest := 0, 0, 0, 0, 0
	for p, data := range files(t, idx, n) {
		switch {
		case search.IsFragment(p):
			fragments += gzipped(data)
			raw += len(data)
			largest = max(largest, len(data))
		case strings.HasPrefix(p, "search/docs-"):
			listing += gzipped(data)
		default:
			finding += gzipped(data)
		}
	}
	shown, results, before := 0, 0, 0
	for w := range idx.Words {
		ps := slices.Clone(idx.Words[w])
		slices.SortStableFunc(ps, func(a, b search.Posting) int { return b.Score() - a.Score() })
		for _, p := range ps[:min(len(ps), 10)] {
			results++
			e := idx.Pages[p.Page]
			d := e.Docs[p.Section]
			if slices.Contains(search.Words(e.Title+" "+d.Heading), w) || firstStartingWith(d.Text, w) == w {
				shown++
			}
			// What the index showed before fragments: the section's first 32 bytes or so.
			if slices.Contains(search.Words(e.Title+" "+d.Heading+" "+opening32(d.Text)), w) {
				before++
			}
		}
	}
	t.Logf("the toolkit's index: %d bytes gzipped: %d to find (index.js and word shards), %d to list (doc shards); its %d fragments: %d bytes gzipped (%d raw, the largest %d, %d a page)",
		finding+listing, finding, listing, n, fragments, raw, largest, fragments/n)
	t.Logf("a search of each indexed word shows the word in the title, heading or excerpt of %d of %d results (%d%%); with the opening words the index kept before, %d%%",
		shown, results, 100*shown/results, 100*before/results)
	if finding+listing > 40*1024 {
		t.Errorf("the toolkit's index is %d bytes gzipped; the budget is 40 KB", finding+listing)
	}
	if 100*shown/results < 90 {
		t.Errorf("only %d%% of results show the word searched for; excerpts cut from the fragments should show it in nine results of ten", 100*shown/results)
	}
}

// firstStartingWith returns the first word of text that starts with prefix, as search.js finds
// the match an excerpt is cut around, or "".
func firstStartingWith(text, prefix string) string {
	for _, w := range search.Words(text) {
		if strings.HasPrefix(w, prefix) {
			return w
		}
	}
	return ""
}

// opening32 is a section's opening words as the index kept them before fragments: its first
// 32 bytes, to the next space.
func opening32(text string) string {
	if len(text) <= 32 {
		return text
	}
	if cut := strings.IndexByte(text[32:], ' '); cut >= 0 {
		return text[:32+cut]
	}
	return text
}

// TestFragmentKeepsWhatExcerptsShow: a page's fragment keeps each section's first sentence and
// every sentence that uses a word for the first time on the page, which is where a search finds
// a word of the text, with " … " where it leaves sentences out; a page's description opens it.
func TestFragmentKeepsWhatExcerptsShow(t *testing.T) {
	idx := search.Build([]search.Page{{Path: "p/", Title: "Bonds", Description: "About bonds.",
		Sections: markdown.Sections([]byte("Fans wave. Fans wave! Fans sing “loudly.” Fans wave.\n\n## Later\n\nFans wave. Fans dance?\n"))}}, "en")
	var got []string
	for _, d := range idx.Pages[0].Docs {
		got = append(got, d.Text)
	}
	want := []string{"About bonds. Fans wave. … Fans sing “loudly.” …", "Fans wave. Fans dance?"}
	if !slices.Equal(got, want) {
		t.Errorf("the fragment keeps %q, want %q", got, want)
	}
}

// TestFragmentsAreBounded: a fragment is at most 100 KB whatever a page holds (here the largest
// page kith renders, of words never seen before, quotes and backslashes), and only the pages
// whose text changed have their fragment named by Update.
func TestFragmentsAreBounded(t *testing.T) {
	var md strings.Builder
	for i := 0; md.Len() < markdown.MaxSize-100; i++ {
		fmt.Fprintf(&md, "Word%d \"said\" \\\\ back%d. ", i, i)
		if i%40 == 39 {
			md.WriteString("\n\n")
		}
	}
	pages := []search.Page{{Path: "big/", Title: "Big", Sections: markdown.Sections([]byte(md.String()))}}
	if len(pages[0].Sections) == 0 || len(pages[0].Sections[0].Text) < 200<<10 {
		t.Fatalf("the page should be within kith's limits and hold over 200 KB of text")
	}
	out := files(t, search.Build(pages, "en"), 1)
	if n := len(out["search/text-0.js"]); n > 100<<10 {
		t.Errorf("the fragment of a page of %d bytes is %d bytes; it should be at most 100 KB", md.Len(), n)
	}
}

// TestToolkitFragments: the toolkit's fragments hold its pages' text and none of its quizzes'
// feedback or explanations (quiz blocks are not indexed: their feedback gives answers away);
// students' answers never reach the build at all.
func TestToolkitFragments(t *testing.T) {
	s := toolkitSite(t)
	idx := search.Build(s.SearchInput(nil), s.Config.Language)
	var text strings.Builder
	for p, data := range files(t, idx, len(s.SearchPages())) {
		if search.IsFragment(p) {
			text.WriteString(" " + strings.Join(search.Words(string(data)), " ") + " ")
		}
	}
	all := text.String()
	if !strings.Contains(all, " parasocial ") {
		t.Fatalf("the fragments do not hold the toolkit's text")
	}
	checked := 0
	for id, q := range s.Quizzes {
		for _, question := range q.Questions {
			quizText := []string{question.Explanation}
			for _, o := range question.Options {
				quizText = append(quizText, o.Feedback)
			}
			for _, qt := range quizText {
				if ws := search.Words(qt); len(ws) >= 8 {
					checked++
					if strings.Contains(all, " "+strings.Join(ws, " ")+" ") {
						t.Errorf("a fragment holds text of quiz %s, question %s: %q", id, question.ID, qt)
					}
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d pieces of quiz text were looked for", checked)
	}
	// The students' edition leaves out the teachers' pages, with their answer keys: their text
	// is in no fragment.
	_, file, _, _ := runtime.Caller(0)
	students, ds := site.Load(filepath.Join(filepath.Dir(file), "..", ".."), site.Options{Edition: content.Students})
	if students == nil {
		t.Fatalf("loading the students' edition: %v", ds)
	}
	idx = search.Build(students.SearchInput(nil), students.Config.Language)
	var studentsText strings.Builder
	for p, data := range files(t, idx, len(students.SearchPages())) {
		if search.IsFragment(p) {
			studentsText.WriteString(" " + strings.Join(search.Words(string(data)), " ") + " ")
		}
	}
	guide := idx.Pages[0] // any page of the full edition's teacher guide will do
	for _, e := range search.Build(s.SearchInput(nil), s.Config.Language).Pages {
		if e.Path == "teachers/teacher-guide/" {
			guide = e
		}
	}
	if guide.Path != "teachers/teacher-guide/" || len(guide.Docs) < 3 {
		t.Fatalf("the toolkit has no teacher guide to look for")
	}
	for _, d := range guide.Docs[1:] {
		if ws := search.Words(d.Text); len(ws) >= 12 && strings.Contains(studentsText.String(), " "+strings.Join(ws[:12], " ")+" ") {
			t.Errorf("the students' edition has a fragment with the teacher guide's text: %.80q", d.Text)
		}
	}
}

// TestLargeSiteShards: on 10,000 lessons no file of the index, and no fragment, is over 500 KB.
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
	largest, total, fragments, largestFragment := "", 0, 0, 0
	out := files(t, idx, len(s.SearchPages()))
	for p, data := range out {
		if search.IsFragment(p) {
			fragments += len(data)
			largestFragment = max(largestFragment, len(data))
		} else {
			total += len(data)
			if len(data) > len(out[largest]) {
				largest = p
			}
		}
		if len(data) > 500*1024 {
			t.Errorf("%s is %d bytes; no shard may be over 500 KB", p, len(data))
		}
	}
	var m struct{ Words, Pages int }
	if err := json.Unmarshal(bytes.TrimSuffix(bytes.TrimPrefix(out["search/index.js"], []byte("kithSearch.index(")), []byte(");\n")), &m); err != nil || m.Words < 2 || m.Pages < 1 {
		t.Errorf("the manifest should name several word shards: %v, %s", err, out["search/index.js"])
	}
	t.Logf("%d files: the index %d bytes, the largest %s, %d bytes; %d fragments, %d bytes (%d a page), the largest %d bytes",
		len(out), total, largest, len(out[largest]), len(s.SearchPages()), fragments, fragments/len(s.SearchPages()), largestFragment)
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

// TestUpdateEqualsBuild: after edits, the index kept current page by page writes the same files
// as one built afresh, and names the files that changed and no other.
func TestUpdateEqualsBuild(t *testing.T) {
	var many []search.Page
	for i := range 90 { // 3 word shards, 6 doc shards
		many = append(many, search.Page{Path: fmt.Sprintf("p%d/", i), Title: fmt.Sprintf("Page %d", i),
			Sections: markdown.Sections(fmt.Appendf(nil, "Opening %d.\n\n## Cues {#cues}\n\nA wave, word%d and a name.\n", i, i))})
	}
	idx := search.Build(many, "en")
	before := files(t, idx, len(many))
	edited := slices.Clone(many)
	edited[20].Sections = markdown.Sections([]byte("## Zeppelin\n\nAn airship.\n"))
	edited[75].Title = "Bonds online"
	// Text only, after the first sentence: the page's fragment and words change, not its doc shard.
	edited[40].Sections = markdown.Sections([]byte("Opening 40.\n\n## Cues {#cues}\n\nA wave, word40 and a name. A blimp.\n"))
	changed := idx.Update(edited)
	after, fresh := files(t, idx, len(edited)), files(t, search.Build(edited, "en"), len(edited))
	for p := range fresh {
		if !bytes.Equal(after[p], fresh[p]) {
			t.Errorf("after the edits %s differs from a fresh build's:\n%s\nwant\n%s", p, after[p], fresh[p])
		}
		if differs, named := !bytes.Equal(before[p], after[p]), slices.Contains(changed, p); differs != named {
			t.Errorf("%s changed: %v; Update named it: %v", p, differs, named)
		}
	}
	if len(changed) >= len(fresh) {
		t.Errorf("two pages edited: Update names every file, %v", changed)
	}
	if got := idx.Update(edited); len(got) != 0 {
		t.Errorf("updating with the same pages names %v; it should name none", got)
	}
	if got := idx.Update(edited[:2]); !slices.Equal(got, search.Paths(2)) {
		t.Errorf("pages removed: Update names %v, want every file %v", got, search.Paths(2))
	}
}

// TestBuildOnceEqualsBuild: the index kith build writes once, reading each page's sections as it
// goes and keeping none of them, has the same files as the preview's; updating it reads every page.
func TestBuildOnceEqualsBuild(t *testing.T) {
	var lazy []search.Page
	for i := range 90 {
		body := fmt.Appendf(nil, "Opening %d.\n\n## Cues {#cues}\n\nA wave, word%d and a name.\n", i, i)
		lazy = append(lazy, search.Page{Path: fmt.Sprintf("p%d/", i), Title: fmt.Sprintf("Page %d", i),
			Read: func() []markdown.Section { return markdown.Sections(body) }})
	}
	eager := slices.Clone(lazy)
	for i := range eager {
		eager[i].Sections, eager[i].Read = eager[i].Read(), nil
	}
	once := search.BuildOnce(lazy, "en")
	for _, e := range once.Pages {
		if e.Sections != nil || e.Words != nil {
			t.Fatalf("BuildOnce kept %s's sections or words", e.Path)
		}
	}
	got, want := files(t, once, len(lazy)), files(t, search.Build(eager, "en"), len(eager))
	for p := range want {
		if !bytes.Equal(got[p], want[p]) {
			t.Errorf("%s differs from Build's:\n%s\nwant\n%s", p, got[p], want[p])
		}
	}
	if changed := once.Update(eager); !slices.Equal(changed, search.Paths(len(eager))) {
		t.Errorf("Update of an index built once names %v, want every file", changed)
	}
}

// TestBuilderEqualsBuildOnce: pages handed to a Builder out of order, from several goroutines,
// some never (read when the index is made) and one after it is made, give BuildOnce's files,
// and a page handed to it is not read again. Words in more pages than a file keeps postings of
// keep the same best ones.
func TestBuilderEqualsBuildOnce(t *testing.T) {
	var pages []search.Page
	var reads atomic.Int32
	for i := range 700 {
		body := fmt.Appendf(nil, "Opening %d, a wave.\n\n## Cues {#cues}\n\nA wave, word%d and a name.\n", i, i)
		if i%7 == 0 {
			body = fmt.Appendf(body, "\n## The wave\n\nA name%d.\n", i%3)
		}
		pages = append(pages, search.Page{Path: fmt.Sprintf("p%d/", i), Title: fmt.Sprintf("Page %d", i),
			Read: func() []markdown.Section { reads.Add(1); return markdown.Sections(body) }})
	}
	want := files(t, search.BuildOnce(pages, "en"), len(pages))
	reads.Store(0)
	b := search.NewBuilder(pages, "en")
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := len(pages) - 1 - w; i >= 10; i -= 3 { // the last pages first; 0-9 never
				b.Add(i, pages[i].Read())
			}
		}()
	}
	wg.Wait()
	b.Add(50, nil) // added already: ignored
	reads.Store(0)
	idx := b.Index()
	b.Add(5, nil) // once the index is made: ignored
	if n := reads.Load(); n != 10 {
		t.Errorf("making the index read %d pages; want the 10 never added", n)
	}
	got := files(t, idx, len(pages))
	for p := range want {
		if !bytes.Equal(got[p], want[p]) {
			t.Errorf("%s differs from BuildOnce's:\n%s\nwant\n%s", p, got[p], want[p])
		}
	}
	if b.Index() != idx {
		t.Errorf("a second Index made another index")
	}
}
