package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/internal/golden"
)

// TestGolden renders each testdata/*.md and compares the HTML with the .html beside it. A file
// whose name starts with "unsafe-" is rendered with raw HTML allowed. Links resolve as if every
// .md destination were a page one level up; a destination containing "missing" is broken.
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
			r := New(Options{UnsafeHTML: strings.HasPrefix(name, "unsafe-")})
			res := r.Render(src, &Document{
				File: "content/" + name + ".md", FirstLine: 4,
				Resolve: func(dest string) (string, string, bool) {
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

func TestInlineEscapesData(t *testing.T) {
	r := New(Options{UnsafeHTML: true})
	got := string(r.Inline(`Is *this* <img src=x onerror=alert(1)> one-sided?`))
	if strings.Contains(got, "<img") || !strings.Contains(got, "<em>this</em>") {
		t.Errorf("quiz text must render Markdown but escape HTML; got %s", got)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("# T\n\n[a](b.md#c) <b>x</b>\n\n```quiz\nid\n```\n\n| a |\n|:-:|\n| 1 |\n\n[^1]\n\n[^1]: n\n## H {#x style=y}\n")
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
