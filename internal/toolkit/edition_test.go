package toolkit

import (
	"bytes"
	"encoding/json"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kith/generator/check"
	"kith/generator/content"
	"kith/generator/pipeline"
	"kith/generator/quiz"
	"kith/generator/site"
)

var (
	hrefRE     = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	quizJSONRE = regexp.MustCompile(`data-quiz-json="([^"]*)"`)
)

// builtPages builds the toolkit with opts into a temporary folder and returns its HTML pages by
// slash path.
func builtPages(t *testing.T, opts site.Options) (string, map[string]string) {
	t.Helper()
	opts.Source, opts.Dest = root, filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(opts); err != nil {
		t.Fatalf("the toolkit does not build with %+v:\n%v", opts, err)
	}
	pages := map[string]string{}
	_ = filepath.WalkDir(opts.Dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(opts.Dest, p)
			pages[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return opts.Dest, pages
}

// TestStudentEdition: the students' edition of the toolkit publishes no teachers' page and
// nothing of one (its title in the navigation, its sitemap entry), links to them are plain text,
// every other link leads to a file of the build, and kith check --edition students --strict
// passes.
func TestStudentEdition(t *testing.T) {
	all := load(t)
	var teachers []*content.Page
	for _, p := range all.Content.Pages {
		if p.For == content.Teachers {
			teachers = append(teachers, p)
		}
	}
	for _, f := range []string{"content/teachers/_index.md", "content/teachers/teacher-guide.md", "content/teachers/safeguarding.md",
		"content/teachers/parent-letter.md", "content/teachers/curriculum-map.md", "content/teachers/handouts/_index.md"} {
		if p := all.Content.ByFile[f]; p == nil || p.For != content.Teachers {
			t.Errorf("%s is not a teachers' page", f)
		}
	}
	if len(teachers) < 10 {
		t.Fatalf("only %d teachers' pages", len(teachers))
	}
	dest, pages := builtPages(t, site.Options{Edition: content.Students})
	if _, err := os.Stat(filepath.Join(dest, "teachers")); err == nil {
		t.Error("the students' edition has a teachers/ folder")
	}
	if _, err := os.Stat(filepath.Join(dest, "class-results")); err == nil {
		t.Error("the students' edition has the Class results page, which is for teachers")
	}
	sitemap, err := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
	if err != nil || bytes.Contains(sitemap, []byte("/teachers/")) {
		t.Errorf("the students' edition's sitemap names teachers' pages, or is missing (%v)", err)
	}
	for file, body := range pages {
		if file == "404.html" {
			continue // served at any depth, so it links from the site's root path
		}
		for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
			u, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
				continue
			}
			target := path.Join(path.Dir(file), u.Path)
			if strings.HasPrefix(target, "teachers/") {
				t.Errorf("%s links to the teachers' page %s", file, target)
				continue
			}
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(target))); err != nil {
				t.Errorf("%s: broken link %q", file, m[1])
			}
		}
		for _, p := range teachers {
			// A teachers' page's title may be a link's words, now plain text; never a link's or a heading's.
			if strings.Contains(body, ">"+html.EscapeString(p.Title)+"</a>") || strings.Contains(body, ">"+html.EscapeString(p.Title)+"</h") {
				t.Errorf("%s shows the teachers' page %q as a link or heading", file, p.Title)
			}
		}
	}
	home := pages["index.html"]
	if !strings.Contains(home, "read the teacher guide and the safeguarding notes before you teach") {
		t.Error("the home page's links to the teacher guide should be its plain words in the students' edition")
	}
	if !strings.Contains(pages["lessons/what-is-a-parasocial-relationship/index.html"], "take the private sheet Where I am starting from from your teacher") {
		t.Error("lesson 1's link to a teachers' handout should be its plain words in the students' edition")
	}
	rep := check.Run(site.Options{Source: root, Edition: content.Students})
	if len(rep.Diagnostics) > 0 {
		var out bytes.Buffer
		rep.WriteText(&out)
		t.Errorf("kith check --edition students --strict fails:\n%s", out.String())
	}
	_, everything := builtPages(t, site.Options{Edition: content.Teachers})
	if _, ok := everything["teachers/teacher-guide/index.html"]; !ok {
		t.Error("the teachers' edition lacks the teacher guide")
	}
}

// TestQuizAnswersNotInPageSource: in a built page, a knowledge check's data (what view-source
// and the data-quiz-json attribute show) names no right answer: no correct, answer, accept or
// items field, and no right option's, accepted answer's or item's text.
func TestQuizAnswersNotInPageSource(t *testing.T) {
	_, pages := builtPages(t, site.Options{})
	s := load(t)
	checked := 0
	for _, q := range quizzesOf(t, quiz.Knowledge) {
		body, ok := pages["quizzes/"+q.ID+"/index.html"]
		if !ok {
			t.Errorf("no page for the quiz %s", q.ID)
			continue
		}
		m := quizJSONRE.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s: no data-quiz-json", q.ID)
			continue
		}
		data := html.UnescapeString(m[1])
		var fields struct{ Questions []map[string]any }
		if err := json.Unmarshal([]byte(data), &fields); err != nil {
			t.Errorf("%s: data-quiz-json is not JSON: %v", q.ID, err)
			continue
		}
		values := map[string]bool{}
		for _, v := range regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(data, -1) {
			values[quiz.NormalizeAnswer(v[1])] = true
		}
		for _, question := range fields.Questions {
			for _, key := range []string{"correct", "answer", "accept", "items"} {
				if _, ok := question[key]; ok {
					t.Errorf("%s: question %v holds %q in plain text", q.ID, question["id"], key)
				}
			}
		}
		for _, question := range q.Questions {
			secrets := append(append([]string{}, question.Accept...), question.Items...)
			for _, o := range question.Options {
				if o.Correct {
					secrets = append(secrets, o.Text)
				}
			}
			for _, secret := range secrets {
				// A long answer anywhere in the data, a short one as a whole value (an id).
				if len(secret) > 12 && strings.Contains(data, secret) || values[quiz.NormalizeAnswer(secret)] {
					t.Errorf("%s: question %s: the page's quiz data shows the right answer %q", q.ID, question.ID, secret)
				}
			}
		}
		checked++
	}
	if checked == 0 || checked != len(quizzesOf(t, quiz.Knowledge)) || len(s.Quizzes) == 0 {
		t.Errorf("checked %d knowledge checks", checked)
	}
}
