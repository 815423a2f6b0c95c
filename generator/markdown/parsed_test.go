package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kith/generator/diag"
)

// parseOnceSeeds are pages that exercise what differs between a lesson's page and its slides
// (links, images, videos and their captions, quizzes) and what kith changes in the tree that
// search reads (links to what the edition leaves out, video cards, videos inside links).
var parseOnceSeeds = []string{
	"# T\n\n[a](b.md#c) <b>x</b>\n\n```quiz\nid\n```\n\n| a |\n|:-:|\n| 1 |\n\n[^1]\n\n[^1]: n\n## H {#x style=y}\n",
	"![v *x*](a.MP4#t=1)\n\n[![v](b.webm)](c.md)\n\nhttps://youtu.be/x\n\n> [*t*](https://vimeo.com/1 \"t\")\n\n<https://www.youtube.com/watch?v=a&b>\n",
	"**Term**[: left out](gone.md) and more\n\n**Other**[](gone.md)[: second](gone.md)\n\n**Third**[![i](i.png): def](gone.md)\n\n## Next\n\n[see](#next) and [there](page.md#part) and [x](missing.md)\n",
	"Intro [gone *link*](gone.md).\n\n[![clip](clip.mp4)](gone.md)\n\n![pic](gone.png)\n\n```quiz\nq1\n```\n\n```quiz\nq1\n```\n\n```quiz\nnope\n```\n\n```quiz\n```\n\n```quiz\na b\n```\n",
	"- [ ] task [a](a.md)\n- [x] done\n\n[^n]: unused [x](gone.md)\n\nwww.youtube.com/watch?v=abc\n\n[ ](gone.md) [yt](https://youtu.be/abc)\n\n![](clip.mp4)\n",
}

// rootResolver resolves links as a site would for a page whose way to the site's root is root:
// "gone" names what the edition leaves out and "missing" nothing; .vtt files exist for clip only.
func rootResolver(root string, calls *int) func(string) (string, string, bool) {
	return func(dest string) (string, string, bool) {
		*calls++
		switch {
		case strings.Contains(dest, "gone"):
			return Unlinked, "", true
		case strings.Contains(dest, "missing"), strings.HasSuffix(dest, ".vtt") && !strings.HasPrefix(dest, "clip"):
			return "", "broken link " + dest, false
		}
		file, frag, _ := strings.Cut(dest, "#")
		if frag != "" {
			frag = "#" + frag
		}
		return root + strings.TrimSuffix(file, ".md") + "/" + frag, "", true
	}
}

// outputDoc is the Document of one output of the page content/p.md: its page (root "../") or
// its slides (root "../../"), whose quizzes are pointers.
func outputDoc(slides bool, calls *int) *Document {
	root, say := "../", "quiz"
	if slides {
		root, say = "../../", "pointer"
	}
	return &Document{File: "content/p.md", FirstLine: 3, Resolve: rootResolver(root, calls),
		Quiz: func(id string) ([]byte, string) {
			if id == "nope" {
				return nil, "no quiz " + id
			}
			return []byte("<p>" + say + " " + id + "</p>\n"), ""
		}}
}

// rendered is a Result as comparable text, its problems sorted as a build lists them.
func rendered(r Result) string {
	diag.Sort(r.Diagnostics)
	var b strings.Builder
	for _, d := range r.Diagnostics {
		b.WriteString(d.Error() + "\n")
	}
	r.Diagnostics = nil
	fmt.Fprintf(&b, "%s\nids %q\nquizzes %q\nlinks %+v\ntoc %+v\n", r.HTML, r.IDs, r.Quizzes, r.Links, r.TOC)
	return b.String()
}

// checkParseOnce checks that one parse of src renders the page and its slides, in either order,
// as a parse of its own for each does, and that its sections are those Sections reads.
func checkParseOnce(t *testing.T, r *Renderer, src string) {
	t.Helper()
	var fresh int
	want := map[bool]string{}
	for _, slides := range []bool{false, true} {
		want[slides] = rendered(r.Render([]byte(src), outputDoc(slides, &fresh)))
	}
	for _, slidesFirst := range []bool{false, true} {
		var calls int
		page := outputDoc(false, &calls)
		p := r.Parse([]byte(src), page)
		order := []bool{slidesFirst, !slidesFirst}
		for _, slides := range order {
			doc := page
			if slides {
				doc = outputDoc(true, &calls)
			}
			if got := rendered(p.Render(doc)); got != want[slides] {
				t.Fatalf("%q: the %s rendered from the shared parse (slides first: %v):\n%s\nrendered alone:\n%s",
					src, map[bool]string{false: "page", true: "slides"}[slides], slidesFirst, got, want[slides])
			}
		}
		if calls != fresh {
			t.Errorf("%q: one parse for both outputs resolved %d links; a parse for each resolved %d", src, calls, fresh)
		}
		if got, want := p.Sections(), Sections([]byte(src)); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: the sections of the shared parse are\n%#v\nSections reads\n%#v", src, got, want)
		}
	}
}

// TestParseOnceRendersEachOutputAsItsOwnParse checks, on the golden cases and the seeds, that
// the lesson page and its slides render from one parse exactly as from a parse each, and that
// search reads the same sections from it.
func TestParseOnceRendersEachOutputAsItsOwnParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	srcs := append([]string(nil), parseOnceSeeds...)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	for _, unsafe := range []bool{false, true} {
		r := New(Options{UnsafeHTML: unsafe})
		for _, src := range srcs {
			checkParseOnce(t, r, src)
		}
	}
}

func FuzzParseOnce(f *testing.F) {
	for _, s := range parseOnceSeeds {
		f.Add(s)
	}
	r := New(Options{})
	f.Fuzz(func(t *testing.T, s string) { checkParseOnce(t, r, s) })
}

// FuzzCollapseSpace checks collapseSpace against the form it replaced.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " a  b\tc\n", "\u00a0x\u0085y\u2003z ", "bad\xff \xfe", "one"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
