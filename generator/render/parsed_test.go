package render_test

import (
	"bytes"
	"fmt"
	"testing"

	"kith/generator/diag"
	"kith/generator/render"
	"kith/generator/site"
	"kith/internal/sitetest"
)

// TestPageAndSlidesShareOneParse: a lesson's page and its slides render from one parse of its
// Markdown, in whichever order, exactly as each renders alone: the slides' links lead one folder
// further up, their quizzes are pointers, and the lesson's problems are reported once, with its
// page, at their places.
func TestPageAndSlidesShareOneParse(t *testing.T) {
	dir := sitetest.New(t, map[string]string{
		"site.toml":           "title = \"Test\"\n",
		"content/_index.md":   "+++\ntitle = \"Home\"\n+++\n",
		"content/l/_index.md": "+++\ntitle = \"Lessons\"\n+++\n",
		"quizzes/basics.toml": slidesQuiz,
		"content/l/clip.mp4":  "video",
		"content/l/clip.vtt":  "WEBVTT\n",
		"content/l/one.md": "+++\ntitle = \"One\"\nobjectives = [\"Read\"]\n+++\nSee [two](two.md#end), [home](../_index.md),\n" +
			"[nowhere](gone.md) and ![a clip](clip.mp4).\n\n## Check {#quiz-x}\n\n```quiz\nbasics\n```\n\n```quiz\nnope\n```\n",
		"content/l/two.md": "+++\ntitle = \"Two\"\nobjectives = [\"Read\"]\n+++\n## End\n\n[back](one.md) [here](#end)\n",
	})
	s, ds := site.Load(dir, site.Options{})
	if s == nil || diag.HasError(ds) {
		t.Fatalf("the site does not load: %v", ds)
	}
	outs, _ := s.Outputs()
	byPath := map[string]site.Output{}
	for _, o := range outs {
		byPath[o.Path] = o
	}
	type rendered struct {
		html   string
		report string
		diags  []string
	}
	render1 := func(r *render.Renderer, path string) rendered {
		var buf bytes.Buffer
		var list diag.List
		rep, err := r.Render(byPath[path], &buf, &list)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []string
		for _, d := range list.All() {
			out = append(out, d.Error())
		}
		rep.Deps = nil
		return rendered{buf.String(), fmt.Sprintf("%+v", rep), out}
	}
	for _, lesson := range []string{"l/one/", "l/two/"} {
		page, slides := lesson+"index.html", lesson+"slides/index.html"
		alone := map[string]rendered{page: render1(render.New(s), page), slides: render1(render.New(s), slides)}
		for _, order := range [][]string{{page, slides}, {slides, page}} {
			r := render.New(s)
			for _, path := range order {
				got, want := render1(r, path), alone[path]
				if got.html != want.html {
					t.Errorf("%s rendered after %v differs from it rendered alone:\n%s\nalone:\n%s", path, order, got.html, want.html)
				}
				if got.report != want.report || fmt.Sprint(got.diags) != fmt.Sprint(want.diags) {
					t.Errorf("%s rendered after %v reports %s %q; alone %s %q", path, order, got.report, got.diags, want.report, want.diags)
				}
			}
		}
	}
	one := render1(render.New(s), "l/one/index.html").diags
	if len(one) != 3 {
		t.Errorf("the lesson's problems (a broken link, an id of the theme's, a missing quiz) are reported as %q", one)
	}
	if d := render1(render.New(s), "l/one/slides/index.html").diags; len(d) != 0 {
		t.Errorf("the slides report the lesson's problems again: %q", d)
	}
	for _, want := range []string{`href="../../l/two/index.html#end"`, `src="../../l/clip.mp4"`, `src="../../l/clip.vtt"`} {
		if !bytes.Contains([]byte(alone(t, s, byPath["l/one/index.html"])), []byte(want)) {
			t.Errorf("the lesson page has no %s", want)
		}
	}
	for _, want := range []string{`href="../../../l/two/index.html#end"`, `src="../../../l/clip.mp4"`, `src="../../../l/clip.vtt"`, `class="slide-quiz"`} {
		if !bytes.Contains([]byte(alone(t, s, byPath["l/one/slides/index.html"])), []byte(want)) {
			t.Errorf("the slides have no %s", want)
		}
	}
}

// alone renders o with a renderer of its own.
func alone(t *testing.T, s *site.Site, o site.Output) string {
	var buf bytes.Buffer
	if _, err := render.New(s).Render(o, &buf, &diag.List{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
