package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// ladder is n list items, each nested in the one before.
func ladder(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

// TestRenderRefusesWhatWouldHang renders the inputs of issue 11, each of which took goldmark
// from seconds to minutes, and expects each refused at once at its line.
func TestRenderRefusesWhatWouldHang(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src, want string
	}{
		{"a 125 KB line of - - -", "# Title\n\n" + strings.Repeat("- ", 62500) + "a\n", "lesson.md:12:65: error: more than 32 block quote and list markers"},
		{"a line of 33 - markers", strings.Repeat("- ", 33) + "a\n", "lesson.md:10:65: error: more than 32 block quote and list markers"},
		{"2,000 nested list levels", ladder(2000), "lesson.md:10:1: error: the page is 3913 KiB"},
		{"100 nested list levels", ladder(100), "lesson.md:74:"},
		{"100,000 nested >", "text\n\n" + strings.Repeat(">", 100000) + " a\n", "lesson.md:12:33: error: more than 32 block quote and list markers"},
		{"a line of 64 KiB and more", strings.Repeat("a", 100000), "lesson.md:10:65537: error: the line is 98 KiB long"},
		{"quotes and lists stacked", strings.Repeat("> 1. ", 20) + "a\n", "lesson.md:10:"},
		{"tabs", "- a\n" + strings.Repeat("\t", 40) + "- b\n", "lesson.md:11:43: error: this line is indented 161 columns"},
		{"50,000 [ in a line", strings.Repeat("[", 50000) + "\n", "lesson.md:10:1001: error: this paragraph holds more than 1000"},
		{"50,000 * in a line", strings.Repeat("*a_", 50000) + "\n", "lesson.md:10:"},
		{"unclosed links across lines", strings.Repeat("[a](\n", 20000), "lesson.md:510:1: error: this paragraph holds more than 1000"},
		{"unclosed HTML tags across lines", strings.Repeat("<a\n", 20000), "lesson.md:1010:1: error: this paragraph holds more than 1000"},
		{"backtick runs", strings.Repeat("`a", 50000) + "\n", "lesson.md:10:"},
		{"more than 20,000 delimiters", strings.Repeat("A *b* [c](d).\n\n", 5001), "lesson.md:10010:3: error: the page holds more than 20000"},
		{"more than 256 KiB", strings.Repeat("A long lesson.\n\n", 20000), "lesson.md:10:1: error: the page is 313 KiB"},
	}
	r := New(Options{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := r.Render([]byte(c.src), &Document{File: "lesson.md", FirstLine: 10})
			if len(res.Diagnostics) != 1 {
				t.Fatalf("got %d diagnostics %v; want one refusing the page", len(res.Diagnostics), res.Diagnostics)
			}
			if got := res.Diagnostics[0].Error(); !strings.HasPrefix(got, c.want) || !strings.Contains(got, "kith renders") {
				t.Errorf("got  %q\nwant %q... saying what kith renders", got, c.want)
			}
			if len(res.HTML) != 0 {
				t.Errorf("rendered %d bytes of a refused page", len(res.HTML))
			}
		})
	}
}

// TestRenderAcceptsRealLessons keeps the limits clear of what authors write.
func TestRenderAcceptsRealLessons(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"nesting to the limit":           strings.Repeat("> ", MaxMarkers-2) + "1. - a\n",
		"indentation to the limit":       "- a\n" + strings.Repeat(" ", MaxIndent) + "b\n",
		"a long blank line":              "a\n" + strings.Repeat(" ", 10*MaxIndent) + "\nb\n",
		"a long line":                    strings.Repeat("word ", MaxLineLength/5) + "\n",
		"thematic breaks and setext":     "Title\n-----\n\n" + strings.Repeat("-", 500) + "\n\n" + strings.Repeat("*", 500) + "\n",
		"delimiters in many paragraphs":  strings.Repeat(strings.Repeat("*a* [b](c) `d` ", 60)+"\n\n", 40),
		"an HTML table with blank lines": "<table>\n" + strings.Repeat(strings.Repeat("<tr><td>a</td><td>b</td></tr>\n", 100)+"\n", 20) + "</table>\n",
		"a big lesson":                   strings.Repeat("Some prose with *emphasis*, a [link](https://example.org) and `code`.\n\n", 3000),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := CheckLimits([]byte(src)); err != nil {
				t.Fatalf("refused: %v", err)
			}
		})
	}
}

// TestBlockShowsQuizTextPastTheLimitsAsText: quiz text is data; past the limits it is shown as
// written, escaped, rather than parsed for seconds.
func TestBlockShowsQuizTextPastTheLimitsAsText(t *testing.T) {
	t.Parallel()
	src := strings.Repeat(">", 100000) + " <b>"
	out := string(New(Options{}).Block(src))
	if !strings.HasPrefix(out, "<p>&gt;&gt;&gt;") || !strings.HasSuffix(out, " &lt;b&gt;</p>") {
		t.Errorf("got %.60q...", out)
	}
}

// TestInspectSkipsPagesPastTheLimits: kith check must not hang where the build has refused.
func TestInspectSkipsPagesPastTheLimits(t *testing.T) {
	t.Parallel()
	in := Inspect([]byte(ladder(2000)))
	if len(in.Prose) != 0 {
		t.Errorf("inspected a page past the limits: %d blocks", len(in.Prose))
	}
}

// worstCases are pages at the limits, each the most goldmark costs per byte of its kind.
func worstCases() map[string]string {
	// fill fills a page with paragraphs, as many as the size and the delimiters allow.
	fill := func(para string) string {
		n := MaxSize / (len(para) + 2)
		if d := strings.Count(para, "[") + strings.Count(para, "]") + strings.Count(para, "*") +
			strings.Count(para, "_") + strings.Count(para, "`"); d > 0 {
			n = min(n, MaxPageDelimiters/d)
		}
		return strings.Repeat(para+"\n\n", n)
	}
	nested := strings.Repeat("> ", MaxMarkers/2) + strings.Repeat("- ", MaxMarkers/2) + "a\n"
	deep := "" // a ladder as deep as the indentation allows, then markers on top
	for i := range MaxIndent / 2 {
		deep += strings.Repeat("  ", i) + "- a\n"
	}
	deep += strings.Repeat(" ", MaxIndent-MaxMarkers) + strings.Repeat("- ", MaxMarkers) + "a\n"
	return map[string]string{
		"unclosed links":     fill(strings.Repeat("![a](", MaxDelimiters/2)),
		"unmatched emphasis": fill(strings.Repeat("*a_", MaxDelimiters/2)),
		"brackets":           fill(strings.Repeat("[", MaxDelimiters)),
		"code spans":         fill(strings.Repeat("`a", MaxDelimiters)),
		"nested markers":     strings.Repeat(nested, MaxSize/len(nested)),
		"a deep ladder":      strings.Repeat(deep+"\n", MaxSize/(len(deep)+1)),
		"a long line":        fill(strings.Repeat("a ", MaxLineLength/2-1)),
		"angle brackets":     strings.Repeat(strings.Repeat("<a ", 5000)+"\n", MaxSize/15001),
	}
}

// BenchmarkWorstCase renders the worst pages the limits let through; the README gives its figures.
func BenchmarkWorstCase(b *testing.B) {
	r := New(Options{})
	for name, src := range worstCases() {
		if err := CheckLimits([]byte(src)); err != nil {
			b.Fatalf("%s: refused: %v", name, err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				r.Render([]byte(src), &Document{File: "x.md", FirstLine: 1})
			}
		})
	}
}

// FuzzLimits checks the promise CheckLimits makes: whatever it lets through, goldmark nests no
// deeper than MaxMarkers plus half of MaxIndent, so no accepted page costs more per line than one
// at that depth; and a check that refuses names a place inside the page.
func FuzzLimits(f *testing.F) {
	for _, s := range []string{
		"- a\n  - b\n    - c\n", "> > > a\n> b\n", "1. 2) - * + a", "- - - -\n", "[a](\n[b](\n",
		"*a_*a_", "```\n    - a\n```\n", "a\n    * b\n", "\t- a\n\t\t- b\n", ">\t>\t- a", "[^a]: [^b]: c\n",
		strings.Repeat("- ", 40) + "a", strings.Repeat(">", 40), "a\r\n- b\r\n  - c\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := CheckLimits(src); err != nil {
			if lines := strings.Count(string(src), "\n") + 1; err.Line < 1 || err.Line > lines || err.Col < 1 {
				t.Fatalf("refused at %d:%d, outside the page of %d lines", err.Line, err.Col, lines)
			}
			return
		}
		root := inspector.Parser().Parse(text.NewReader(src))
		if d := containerDepth(root); d > MaxMarkers+MaxIndent/2 {
			t.Fatalf("accepted a page nested %d deep:\n%q", d, src)
		}
	})
}

// containerDepth counts the block quotes, list items and footnotes around the deepest block.
func containerDepth(n ast.Node) int {
	d := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d = max(d, containerDepth(c))
	}
	switch n.Kind() {
	case ast.KindBlockquote, ast.KindListItem, east.KindFootnote:
		d++
	}
	return d
}
