package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestInspectFindings(t *testing.T) {
	src := strings.Join([]string{
		"Intro with ![](chart.png) and ![a chart](ok.png).", // 1
		"",
		"### Skips from the title", // 3
		"",
		"See [](empty.md), [ ](blank.md) and [![](icon.png)](x.md).", // 5
		"",
		"## Back to two",
		"",
		"#### Skips again", // 9
		"",
		"# A second h1", // 11
		"",
		"```quiz",
		"![](not-an-image-in-code.png)",
		"```",
		"",
		"[text](fine.md) and [![logo](logo.png)](home.md)",
		"",
		"## A heading with ![](icon.png)", // 19
		"",
		"A [good](x.md) and an [unfinished]() link.", // 21
	}, "\n")
	var got []string
	for _, f := range Inspect([]byte(src)).Findings {
		got = append(got, fmt.Sprintf("%d:%d %s", f.Line, f.Col, strings.SplitN(f.Message, ",", 2)[0]))
	}
	want := []string{
		"1:12 the image has no alt text",
		"3:1 the heading jumps from the page's title (h1) to h3",
		"5:5 the link has no text",
		"5:19 the link has no text",
		"5:37 the link has no text",
		"5:38 the image has no alt text",
		"9:1 the heading jumps from an h2 to h4",
		"11:1 a heading of level 1 (#) repeats the page's title",
		"19:19 the image has no alt text",
		"21:23 the link goes nowhere: write where it leads between the parentheses",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestInspectProse(t *testing.T) {
	src := "## A heading\n\nA paragraph with `code`, a [link](x.md \"title\")\nand a footnote.[^1]\n\n" +
		"- one item\n- two\n\n| Cell | Other |\n|---|---|\n| a | b |\n\n```quiz\nsome-quiz\n```\n\n[^1]: The note.\n"
	var got []string
	for _, b := range Inspect([]byte(src)).Prose {
		got = append(got, fmt.Sprintf("%d %s", b.Line, b.Text))
	}
	want := []string{
		"1 A heading",
		"3 A paragraph with , a link and a footnote.",
		"6 one item",
		"7 two",
		"9 Cell", "9 Other", "11 a", "11 b",
		"17 The note.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("prose:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzInspect(f *testing.F) {
	f.Add("### H\n\n![](a.png) [](b.md) [![](c.png)](d.md) [ ](b.md)\n\n# T\n\n| a |\n|---|\n| [](x) |\n\n```quiz\nid\n```\n")
	f.Add("[](\n[]()\n![](]()\n")
	f.Fuzz(func(t *testing.T, s string) {
		in := Inspect([]byte(s))
		lines := strings.Count(s, "\n") + 1
		for _, fd := range in.Findings {
			if fd.Line < 1 || fd.Line > lines || fd.Col < 1 {
				t.Errorf("finding at %d:%d in a text of %d lines: %s", fd.Line, fd.Col, lines, fd.Message)
			}
		}
	})
}

// TestInspectUnsafeHTMLFindsEveryOne checks that each script, handler, javascript: address,
// <base> and <meta http-equiv> is found at its own place, several on one line too.
func TestInspectUnsafeHTMLFindsEveryOne(t *testing.T) {
	src := strings.Join([]string{
		`<p onclick="a()" onmouseover='b()' ONLOAD=c>Hi</p>`, // 1
		``,
		`Text <a href=" javascript:x()">go</a> and <span style="color:red">red</span>.`, // 3
		``,
		`<script>if (a<b) { x() }</script>`, // 5
		``,
		`<base href="https://example.org/">`, // 7
		`<meta http-equiv="refresh" content="0;url=https://example.org/">`,
		`<form action="javascript:send()"><button formaction="&#x6A;avascript:y()">Go</button></form>`,
		``,
		"```html",
		`<script>not html, code</script>`, // 12
		"```",
	}, "\n")
	var got []string
	for _, f := range Inspect([]byte(src)).Unsafe {
		got = append(got, fmt.Sprintf("%d:%d %s", f.Line, f.Col, strings.SplitN(f.Message, ",", 2)[0]))
	}
	want := []string{
		"1:4 the event handler onclick=",
		"1:18 the event handler onmouseover=",
		"1:36 the event handler onload=",
		"3:9 a javascript: address in href=",
		"3:49 a style attribute",
		"5:1 a <script>",
		"7:1 a <base>",
		"8:1 a <meta http-equiv>",
		"9:7 a javascript: address in action=",
		"9:42 a javascript: address in formaction=",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("unsafe HTML:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
