package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/quiz"
	"kith/generator/site"
	"kith/generator/theme"
)

// SlidesView is the data of the theme's layouts/slides.html: a lesson cut into slides.
type SlidesView struct {
	*theme.View
	// Slides are the lesson's text before its first ## heading, when it has any, then one slide
	// per ## section. The layout adds the title slide before them.
	Slides []Slide
	// Count is the number of slides, the title slide included.
	Count int
	// TitleLabel names the title slide for screen readers: "Slide 1 of 12".
	TitleLabel string
}

// Slide is one slide of a lesson.
type Slide struct {
	Number int           // 1-based, counting the title slide
	Label  string        // for screen readers: "Slide 3 of 12"
	HTML   template.HTML // the section's heading and content, as the lesson page renders them
	// Words counts the slide's words, so the layout can set long slides in smaller type on
	// paper, where a slide must fit one page.
	Words int
}

// Long reports whether the slide needs smaller type to fit one printed page.
func (s Slide) Long() bool { return s.Words > longSlideWords }

// VeryLong reports whether the slide needs the smallest type to fit one printed page.
func (s Slide) VeryLong() bool { return s.Words > veryLongSlideWords }

// The word counts above which a printed slide is set smaller, found by printing the toolkit's
// longest sections to PDF (the browser tests check that every slide prints on one page).
const (
	longSlideWords     = 140
	veryLongSlideWords = 300
)

// slides renders the slides of the lesson o.Page. Problems in the lesson's text are reported
// once, with its own page, so the ones found here are dropped.
func (s *Renderer) slides(o site.Output, buf *bytes.Buffer, deps *theme.Deps) (Report, *diag.Diagnostic) {
	page := o.Page
	deps.Add(theme.Identity{Aspect: theme.Layout, Key: string(o.Kind)})
	deps.Add(theme.Identity{Aspect: theme.Config})
	deps.Add(theme.Identity{Aspect: theme.Strings})
	deps.Add(theme.Identity{Aspect: theme.PageBody, Key: theme.PageKey(page)})
	v := s.Theme.NewViewAt(s.View, string(o.Kind), page, s.PrettyURLs, site.SlidesPath(page), deps)
	lessonURL := v.Link(v.Page())
	doc := &markdown.Document{
		File: page.File, FirstLine: page.BodyLine,
		Resolve: func(dest string) (string, string, bool) { return s.resolve(deps, page, v.Root(), dest) },
		// A quiz needs its runtime and a student's own browser: the slide sends the class to
		// the lesson page instead.
		Quiz: func(id string) ([]byte, string) {
			deps.Add(theme.Identity{Aspect: theme.QuizData, Key: id})
			q, ok := s.Quizzes[id]
			if !ok {
				return nil, "no quiz " + id
			}
			return quizPointer(q, lessonURL, s.Theme.Strings), ""
		},
	}
	md, done := s.parse(page, doc)
	res := md.Render(doc)
	done()
	v.Content, v.TOC = template.HTML(res.HTML), res.TOC
	sv := SlidesView{View: v, Slides: cutSlides(res.HTML, res.TOC)}
	sv.Count = len(sv.Slides) + 1
	label := func(n int) string {
		return strings.NewReplacer("{n}", strconv.Itoa(n), "{count}", strconv.Itoa(sv.Count)).Replace(s.Theme.Strings["slide_counter"])
	}
	sv.TitleLabel = label(1)
	for i := range sv.Slides {
		sv.Slides[i].Number = i + 2
		sv.Slides[i].Label = label(i + 2)
	}
	if err := s.Theme.Render(buf, string(o.Kind), sv); err != nil {
		return Report{Path: o.Path, Deps: deps}, diag.Errorf(o.Source(), 0, 0, "rendering with the theme's %s layout: %v", o.Kind, err)
	}
	return Report{Path: o.Path, Deps: deps}, nil
}

// quizPointer is what a slide shows in place of the quiz q: where to find it.
func quizPointer(q *quiz.Quiz, lessonURL string, words map[string]string) []byte {
	say := words["slides_knowledge_check"]
	if q.Kind == quiz.SelfAssessment {
		say = words["slides_self_assessment"]
	}
	esc := template.HTMLEscapeString
	return []byte(`<p class="slide-quiz">` + esc(say) + ` <a href="` + esc(lessonURL+"#"+markdown.QuizIDPrefix+q.ID) + `">` + esc(q.Title) + "</a></p>\n")
}

// cutSlides cuts a lesson's HTML before each ## heading. The headings' ids are unique on the
// page, so each is found exactly where goldmark wrote it, whatever the sections hold.
func cutSlides(html []byte, toc []markdown.Heading) []Slide {
	var cuts []int
	from := 0
	for _, h := range toc {
		if h.Level != 2 {
			continue
		}
		i := bytes.Index(html[from:], []byte(`<h2 id="`+template.HTMLEscapeString(h.ID)+`"`))
		if i < 0 {
			continue
		}
		cuts = append(cuts, from+i)
		from += i + 1
	}
	var out []Slide
	var text []byte // reused by every slide: the slides' words are counted without a string each
	add := func(part []byte) {
		if len(bytes.TrimSpace(part)) > 0 {
			text = appendText(text[:0], part)
			out = append(out, Slide{HTML: template.HTML(part), Words: countFields(text)})
		}
	}
	start := 0
	for _, c := range cuts {
		add(html[start:c])
		start = c
	}
	add(html[start:])
	return out
}

// appendText appends the text of an HTML fragment to b, its tags dropped, for counting its words.
func appendText(b, html []byte) []byte {
	inTag := false
	for _, c := range html {
		switch {
		case c == '<':
			inTag = true
			b = append(b, ' ')
		case c == '>':
			inTag = false
		case !inTag:
			b = append(b, c)
		}
	}
	return b
}

// countFields counts the words of text as len(strings.Fields) does, without making them.
func countFields(text []byte) int {
	n, inWord := 0, false
	for len(text) > 0 {
		r, size := rune(text[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text)
		}
		text = text[size:]
		space := unicode.IsSpace(r)
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}
