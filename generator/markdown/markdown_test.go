package markdown

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"kith/internal/golden"
)

// TestGolden renders each testdata/*.md and compares the HTML with the .html beside it. A file
// whose name starts with "unsafe-" is rendered with raw HTML allowed. Links resolve as if every
// .md destination were a page one level up; a destination containing "missing" is broken. The
// only video and caption files are those in mediaFiles.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no cases in testdata/")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := New(Options{UnsafeHTML: strings.HasPrefix(name, "unsafe-"), Language: "en-GB"})
			res := r.Render(src, &Document{
				File: "content/" + name + ".md", FirstLine: 4,
				Resolve: func(dest string) (string, string, bool) {
					if file, frag, _ := strings.Cut(dest, "#"); slices.Contains([]string{".mp4", ".webm", ".vtt"}, strings.ToLower(path.Ext(file))) {
						if !mediaFiles[file] {
							return "", "broken link " + dest, false
						}
						return "../" + file + strings.TrimSuffix("#"+frag, "#"), "", true
					}
					if strings.Contains(dest, "missing") {
						return "", "broken link " + dest, false
					}
					dest, frag, _ := strings.Cut(dest, "#")
					if frag != "" {
						frag = "#" + frag
					}
					return "../" + strings.TrimSuffix(dest, ".md") + "/" + frag, "", true
				},
				Quiz: func(id string) ([]byte, string) {
					return []byte(`<section data-quiz="` + id + `"></section>` + "\n"), ""
				},
			})
			var got strings.Builder
			got.Write(res.HTML)
			got.WriteString("<!-- toc:")
			for _, h := range res.TOC {
				got.WriteString(" " + strings.Repeat("#", h.Level) + h.ID + "=" + h.Text)
			}
			got.WriteString(" -->\n")
			for _, d := range res.Diagnostics {
				got.WriteString("<!-- error: " + d.Error() + " -->\n")
			}
			golden.Check(t, strings.TrimSuffix(f, ".md")+".html", []byte(got.String()))
		})
	}
}

// mediaFiles are the video and caption files of the golden cases' site.
var mediaFiles = map[string]bool{"clip.mp4": true, "clip.vtt": true, "media/talk.WEBM": true, "media/talk.vtt": true,
	"silent.mp4": true, "a%20b.webm": true}

// TestWordsAreTheThemes checks that the English words the renderer falls back on are those of
// the theme's en.toml, which translators work from.
func TestWordsAreTheThemes(t *testing.T) {
	var en map[string]string
	if _, err := toml.DecodeFile("../../themes/default/i18n/en.toml", &en); err != nil {
		t.Fatal(err)
	}
	for k, v := range Words {
		if en[k] != v {
			t.Errorf("Words[%q] is %q; en.toml says %q", k, v, en[k])
		}
	}
}

func TestInlineEscapesData(t *testing.T) {
	r := New(Options{UnsafeHTML: true})
	got := string(r.Inline(`Is *this* <img src=x onerror=alert(1)> one-sided?`))
	if strings.Contains(got, "<img") || !strings.Contains(got, "<em>this</em>") {
		t.Errorf("quiz text must render Markdown but escape HTML; got %s", got)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("# T\n\n[a](b.md#c) <b>x</b>\n\n```quiz\nid\n```\n\n| a |\n|:-:|\n| 1 |\n\n[^1]\n\n[^1]: n\n## H {#x style=y}\n")
	f.Add("![v *x*](a.MP4#t=1)\n\n[![v](b.webm)](c.md)\n\nhttps://youtu.be/x\n\n> [*t*](https://vimeo.com/1 \"t\")\n\n<https://www.youtube.com/watch?v=a&b>\n")
	r := New(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		res := r.Render([]byte(s), &Document{File: "f.md", FirstLine: 1,
			Resolve: func(d string) (string, string, bool) { return d, "", true },
			Quiz:    func(id string) ([]byte, string) { return nil, "" }})
		if strings.Contains(string(res.HTML), " style=") && strings.Contains(s, "{") && !strings.Contains(s, "style=") {
			t.Errorf("a style attribute appeared from nowhere")
		}
	})
}

// TestQuizTextStartingWithHTMLStaysInline checks that a quiz option that starts with a tag is
// shown as text inside its label, not as a <pre> block, which a label cannot hold.
func TestQuizTextStartingWithHTMLStaysInline(t *testing.T) {
	got := string(New(Options{}).Inline("<div> is a *block*"))
	want := "&lt;div&gt; is a *block*"
	if got != want {
		t.Errorf("Inline = %s; want %s", got, want)
	}
}

// TestFootnoteIDsDifferBetweenPageAndQuizText checks that footnotes in quiz explanations get ids
// of their own, so a page's [^1] and an explanation's [^1] do not both become id="fn:1".
func TestFootnoteIDsDifferBetweenPageAndQuizText(t *testing.T) {
	r := New(Options{})
	page := string(r.Render([]byte("Text[^1]\n\n[^1]: On the page.\n"), &Document{File: "a.md", FirstLine: 1}).HTML)
	one := string(r.Block("Because[^1]\n\n[^1]: First explanation.\n"))
	two := string(r.Block("Since[^1]\n\n[^1]: Second explanation.\n"))
	again := string(r.Block("Because[^1]\n\n[^1]: First explanation.\n"))
	ids := map[string]string{}
	for name, html := range map[string]string{"page": page, "first": one, "second": two} {
		for _, m := range idRE.FindAllStringSubmatch(html, -1) {
			if other, dup := ids[m[1]]; dup {
				t.Errorf("id %q is in both the %s and the %s", m[1], other, name)
			}
			ids[m[1]] = name
		}
	}
	if len(ids) != 6 {
		t.Errorf("want 6 footnote ids (a note and its reference, three times); got %v", ids)
	}
	if one != again {
		t.Errorf("the same text renders differently twice, so builds are not reproducible")
	}
}

var idRE = regexp.MustCompile(` id="([^"]+)"`)

// TestThemeIDsAreReserved reads the default theme's layouts and checks that every id they give
// an element is in ThemeIDs or starts with a quiz's prefix, so that no heading can take it.
func TestThemeIDsAreReserved(t *testing.T) {
	files, _ := filepath.Glob("../../themes/default/layouts/*.html")
	partials, _ := filepath.Glob("../../themes/default/layouts/partials/*.html")
	files = append(files, partials...)
	if len(files) < 3 {
		t.Fatalf("found %d layouts", len(files))
	}
	found := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\sid="([^"]*)"`).FindAllStringSubmatch(string(src), -1) {
			found++
			id := m[1]
			// Ids made in the template are the quiz's: $p is .Prefix, and $qid starts with $p.
			if strings.HasPrefix(id, "{{$p}}") || strings.HasPrefix(id, "{{$qid}}") || id == "{{$p}}" {
				if !strings.Contains(string(src), `$p := .Prefix`) {
					t.Errorf("%s: %s no longer starts with the quiz's prefix", f, id)
				}
				continue
			}
			if !slices.Contains(ThemeIDs, id) && !strings.HasPrefix(id, SlideIDPrefix) {
				t.Errorf("%s uses id %q, which is not in ThemeIDs: a heading could take it", f, id)
			}
		}
	}
	if found == 0 {
		t.Fatal("no ids found in the theme's layouts")
	}
}

// TestDataWithCRLFRendersLikeLF checks that quiz text from a TOML file saved on Windows, whose
// multi-line strings keep their CRLF line ends, renders exactly like the same text with LF.
func TestDataWithCRLFRendersLikeLF(t *testing.T) {
	r := New(Options{})
	lf := "First line\nsecond line.\n\n- one\n- two\n\n```\ncode\n```\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	if got, want := string(r.Block(crlf)), string(r.Block(lf)); got != want || strings.Contains(got, "\r") {
		t.Errorf("CRLF renders as\n%q\nLF as\n%q", got, want)
	}
	if got := string(r.Inline("a\r\nb")); strings.Contains(got, "\r") {
		t.Errorf("Inline left a \\r: %q", got)
	}
}

func TestDataProblemsArePlacedInTheText(t *testing.T) {
	got := DataProblems("Fine [link](https://example.org/).\n\nSee ![a](https://cdn.example/a.png) and [b](javascript:x()).")
	if len(got) != 2 || got[0].Line != 3 || got[0].Col != 5 || got[1].Line != 3 || got[1].Col != 41 {
		t.Errorf("got %+v; want the image at 3:5 and the link at 3:41", got)
	}
}

// FuzzRawHTML renders any text as raw HTML a site lets through, and inspects it, checking that
// nothing panics and every problem is placed inside the text.
func FuzzRawHTML(f *testing.F) {
	f.Add("<img src=\"https://x/a.png\" onerror=a() onload='b'>\n<form action=//x><base href=x><meta http-equiv=refresh>")
	f.Add("<script>if (a<b) {}</script><video poster=data:x srcset=\", ,https://x 2x\"><a href=&#106;avascript:x>")
	f.Add("<p style\n=\"x\" on\n<!-- <img src=https://x> -->")
	r := New(Options{UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Count(s, "\n") + 1
		res := r.Render([]byte(s), &Document{File: "f.md", FirstLine: 1})
		for _, d := range res.Diagnostics {
			if d.Line < 1 || d.Line > lines {
				t.Errorf("problem at line %d of %d: %s", d.Line, lines, d.Message)
			}
		}
		for _, fd := range Inspect([]byte(s)).Unsafe {
			if fd.Line < 1 || fd.Line > lines || fd.Col < 1 {
				t.Errorf("finding at %d:%d in a text of %d lines: %s", fd.Line, fd.Col, lines, fd.Message)
			}
		}
	})
}
