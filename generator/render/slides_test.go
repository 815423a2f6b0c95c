package render_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/generator/render"
	"kith/generator/site"
	"kith/internal/sitetest"
)

const slidesQuiz = `title = "Check: basics"
kind = "knowledge"

[[questions]]
id = "one"
type = "truefalse"
prompt = "Is this a slide?"
answer = true
`

// TestSlides renders the slides of small lessons and checks what a class would see: a title
// slide, the text before the first ## heading, one slide per ## section and no more (not for a
// ## inside a code block, nor for ###), and in place of a quiz a link to it on the lesson page.
func TestSlides(t *testing.T) {
	dir := sitetest.New(t, map[string]string{
		"site.toml":             "title = \"Test\"\n",
		"content/_index.md":     "+++\ntitle = \"Home\"\n+++\n",
		"content/about.md":      "+++\ntitle = \"About\"\n+++\n## Not a lesson\n",
		"content/l/_index.md":   "+++\ntitle = \"Lessons\"\n+++\n",
		"quizzes/basics.toml":   slidesQuiz,
		"content/l/bare.md":     "+++\ntitle = \"Bare\"\nduration = \"10 min\"\n+++\n",
		"content/l/no-heads.md": "+++\ntitle = \"No heads\"\nobjectives = [\"Read\"]\n+++\nJust text.\n",
		"content/l/full.md": "+++\ntitle = \"Full & fine\"\nobjectives = [\"Learn <this>\"]\nduration = \"50 min\"\n+++\n" +
			"A story first.\n\n## One\n\nText [two](#two).\n\n### Part\n\nMore.\n\n```\n## not a heading\n```\n\n## Two\n\n" +
			"```quiz\nbasics\n```\n\n## Three {#custom}\n\nEnd.\n",
	})
	s, ds := site.Load(dir, site.Options{})
	if s == nil || diag.HasError(ds) {
		t.Fatalf("the site does not load: %v", ds)
	}
	outs, _ := s.Outputs()
	slides := map[string]site.Output{}
	for _, o := range outs {
		if o.Kind == site.Slides {
			slides[o.Path] = o
		}
	}
	if _, ok := slides["about/slides/index.html"]; ok {
		t.Errorf("a page that is no lesson has slides")
	}
	r := render.New(s)
	cases := []struct {
		path    string
		ids     []string // the slides' ids, in order
		heads   []string // the ## headings shown
		contain []string
	}{
		{"l/bare/slides/index.html", []string{"slide-1"}, nil, []string{"Duration: 10 min", "Slide 1 of 1"}},
		{"l/no-heads/slides/index.html", []string{"slide-1", "slide-2"}, nil, []string{"Just text.", "<li>Read</li>"}},
		{"l/full/slides/index.html", []string{"slide-1", "slide-2", "slide-3", "slide-4", "slide-5"}, []string{"One", "Two", "Three"}, []string{
			"Full &amp; fine", "Learn &lt;this&gt;", "A story first.", "<h3", "## not a heading", `href="#two"`, `id="custom"`,
			`Take the knowledge check on the lesson page: <a href="../../../l/full/index.html#quiz-basics">Check: basics</a>`, "Slide 5 of 5",
		}},
	}
	slideID := regexp.MustCompile(`<section class="slide[^"]*" id="(slide-\d+)"`)
	h2 := regexp.MustCompile(`<h2 id="[^"]*">([^<]*)</h2>`)
	for _, c := range cases {
		o, ok := slides[c.path]
		if !ok {
			t.Errorf("no output %s", c.path)
			continue
		}
		var buf bytes.Buffer
		var list diag.List
		if _, d := r.Render(o, &buf, &list); d != nil {
			t.Fatalf("%s: %v", c.path, d)
		}
		html := buf.String()
		var ids, heads []string
		for _, m := range slideID.FindAllStringSubmatch(html, -1) {
			ids = append(ids, m[1])
		}
		for _, m := range h2.FindAllStringSubmatch(html, -1) {
			heads = append(heads, m[1])
		}
		if strings.Join(ids, " ") != strings.Join(c.ids, " ") {
			t.Errorf("%s: slides %v, want %v", c.path, ids, c.ids)
		}
		if strings.Join(heads, " ") != strings.Join(c.heads, " ") {
			t.Errorf("%s: headings %v, want %v", c.path, heads, c.heads)
		}
		for _, want := range c.contain {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %q", c.path, want)
			}
		}
		if strings.Contains(html, "data-quiz") {
			t.Errorf("%s embeds a quiz", c.path)
		}
	}
}
