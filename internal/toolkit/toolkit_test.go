// Package toolkit tests the repository's own site, the parasocial-relationships toolkit, for
// what its readers and teachers rely on: the lessons' shape, level and sources, the quizzes'
// quality, and the pages around them.
package toolkit

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kith/generator/check"
	"kith/generator/content"
	"kith/generator/markdown"
	"kith/generator/pipeline"
	"kith/generator/quiz"
	"kith/generator/readability"
	"kith/generator/site"
)

const root = "../.."

func load(t *testing.T) *site.Site {
	t.Helper()
	s, ds := site.Load(root, site.Options{})
	if s == nil || len(ds) > 0 {
		t.Fatalf("the toolkit does not load: %v", ds)
	}
	return s
}

// TestBuildsAndChecksClean: the toolkit builds with no warning, and kith check --strict passes,
// which covers broken links and anchors (citations included), unused quizzes, alt text, heading
// levels, descriptions, objectives and every lesson's reading level against site.toml.
func TestBuildsAndChecksClean(t *testing.T) {
	res, err := pipeline.Build(site.Options{Source: root, Dest: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatalf("the toolkit does not build:\n%v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("build warning: %s", w.Error())
	}
	rep := check.Run(site.Options{Source: root})
	if len(rep.Diagnostics) > 0 {
		var out bytes.Buffer
		rep.WriteText(&out)
		t.Errorf("kith check --strict fails:\n%s", out.String())
	}
	if g := load(t).Config.ReadingGrade; g != 9 {
		t.Errorf("site.toml's reading_grade is %g; the toolkit targets grade 9", g)
	}
}

var quizBlock = regexp.MustCompile("(?m)^```quiz\\s*\\n\\s*([a-z0-9-]+)")

// The parts every lesson has, as H2 headings, in this order (a heading may go on, as in
// "Try this: Spot the bond (15 minutes)").
var lessonParts = []string{"Try this", "Talk about it", "In short", "Check your understanding", "Sources"}

func TestLessons(t *testing.T) {
	site := load(t)
	sec := site.Content.ByPath["lessons/"]
	if sec == nil {
		t.Fatal("no content/lessons/_index.md")
	}
	lessons := sec.Section.Lessons
	if len(lessons) != 7 {
		t.Fatalf("%d lessons; the toolkit has seven", len(lessons))
	}
	withSelfAssessment := 0
	for _, p := range lessons {
		t.Run(filepath.Base(p.File), func(t *testing.T) {
			if p.Description == "" || p.Duration == "" || len(p.Objectives) != 3 {
				t.Errorf("front matter: description %q, duration %q, %d objectives; want all, and three objectives", p.Description, p.Duration, len(p.Objectives))
			}
			in := markdown.Inspect(p.Body)
			var stats readability.Stats
			for _, b := range in.Prose {
				stats.Add(b.Text)
			}
			t.Logf("%d words, grade %.1f", stats.Words, stats.Grade())
			if stats.Words < 800 || stats.Words > 1500 {
				t.Errorf("%d words of prose; a lesson has 800 to 1,500", stats.Words)
			}
			if g := stats.Grade(); g < 6 || g > 9 {
				t.Errorf("reads at grade %.1f; the toolkit's lessons are written for grades 7 to 9", g)
			}
			body := string(p.Body)
			if first := strings.TrimSpace(body); strings.HasPrefix(first, "#") {
				t.Error("the lesson starts with a heading; it starts with its hook, a short scene")
			}
			var h2 []string
			for _, line := range strings.Split(body, "\n") {
				if rest, ok := strings.CutPrefix(line, "## "); ok {
					h2 = append(h2, rest)
				}
			}
			at := 0
			for _, part := range lessonParts {
				i := slices.IndexFunc(h2[at:], func(h string) bool { return strings.HasPrefix(h, part) })
				if i < 0 {
					t.Errorf("no \"## %s\" after the parts before it; the headings are %q", part, h2)
					continue
				}
				at += i + 1
			}
			if n := strings.Count(body, "references.md#"); n < 2 {
				t.Errorf("%d citations of the references page; the ideas cite their evidence inline", n)
			}
			var kinds []string
			for _, m := range quizBlock.FindAllStringSubmatch(body, -1) {
				if q := site.Quizzes[m[1]]; q != nil {
					kinds = append(kinds, q.Kind)
				}
			}
			if !slices.Contains(kinds, quiz.Knowledge) {
				t.Error("the lesson embeds no knowledge check")
			}
			if slices.Contains(kinds, quiz.SelfAssessment) {
				withSelfAssessment++
			}
		})
	}
	if withSelfAssessment < 3 {
		t.Errorf("%d lessons embed a self-assessment; at least three do", withSelfAssessment)
	}
}

// quizzesOf returns the toolkit's quizzes of one kind, by id.
func quizzesOf(t *testing.T, kind string) []*quiz.Quiz {
	var out []*quiz.Quiz
	for _, q := range load(t).Quizzes {
		if q.Kind == kind {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b *quiz.Quiz) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func TestKnowledgeChecks(t *testing.T) {
	checks := quizzesOf(t, quiz.Knowledge)
	for _, q := range checks {
		types := map[string]bool{}
		for _, question := range q.Questions {
			types[question.Type] = true
			for i, o := range question.Options {
				if strings.TrimSpace(o.Feedback) == "" {
					t.Errorf("%s:%d: option %d has no feedback; every option says why it is right or wrong", q.File, question.Line, i+1)
				}
			}
			if question.Type != quiz.Single && question.Type != quiz.Multiple && question.Type != quiz.Reflection && question.Explanation == "" {
				t.Errorf("%s:%d: a %s question without an explanation teaches nothing when it is wrong", q.File, question.Line, question.Type)
			}
		}
		if len(q.Questions) < 4 || len(q.Questions) > 6 {
			t.Errorf("%s: %d questions; a knowledge check has 4 to 6", q.File, len(q.Questions))
		}
		if len(types) < 3 {
			t.Errorf("%s: question types %v; a check mixes at least three", q.File, types)
		}
	}
	if len(checks) < 7 {
		t.Errorf("%d knowledge checks; one a lesson makes seven", len(checks))
	}
}

// TestAnswerKeysMatchTheQuizzes reads the teacher guide's answer key of each knowledge check,
// a table with a row a question, and checks each row's answer against the quiz file: every
// right option, true or false, an accepted answer, or every item of an order question.
func TestAnswerKeysMatchTheQuizzes(t *testing.T) {
	guide := string(load(t).Content.ByPath["teachers/teacher-guide/"].Body)
	plain := strings.NewReplacer("*", "", "\"", "", "“", "", "”", "", "‘", "'", "’", "'", "`", "")
	for _, q := range quizzesOf(t, quiz.Knowledge) {
		_, key, found := strings.Cut(guide, "**Answer key: \""+q.Title+"\"**")
		if !found {
			t.Errorf("the teacher guide has no answer key for %q", q.Title)
			continue
		}
		rows := map[string]string{}
		for _, line := range strings.Split(key, "\n")[1:] {
			if !strings.HasPrefix(line, "|") {
				if len(rows) > 0 {
					break
				}
				continue
			}
			cells := strings.Split(line, "|")
			if len(cells) > 3 {
				rows[strings.TrimSpace(cells[1])] = plain.Replace(cells[3])
			}
		}
		for i, question := range q.Questions {
			answer, ok := rows[strconv.Itoa(i+1)]
			if !ok {
				t.Errorf("%s: the answer key has no row for question %d", q.File, i+1)
				continue
			}
			var want []string
			switch question.Type {
			case quiz.Single, quiz.Multiple:
				for _, o := range question.Options {
					if o.Correct {
						want = append(want, o.Text)
					}
				}
			case quiz.TrueFalse:
				want = []string{map[bool]string{true: "True", false: "False"}[*question.Answer]}
			case quiz.Short:
				want = question.Accept[:1]
			case quiz.Order:
				want = question.Items
			}
			for _, w := range want {
				if !strings.Contains(strings.ToLower(answer), strings.ToLower(plain.Replace(w))) {
					t.Errorf("%s:%d: the answer key's row %d, %q, does not give %q", q.File, question.Line, i+1, strings.TrimSpace(answer), w)
				}
			}
		}
	}
}

var labels = regexp.MustCompile(`(?i)addict|patholog|obsess|disorder|abnormal|unhealthy fan`)

func TestSelfAssessments(t *testing.T) {
	tools := quizzesOf(t, quiz.SelfAssessment)
	for _, q := range tools {
		likert, reversed, dims := 0, 0, map[string]bool{}
		for _, question := range q.Questions {
			if question.Type == quiz.Likert {
				likert++
				dims[question.Dimension] = true
				if question.Reverse {
					reversed++
				}
			}
		}
		if likert < 8 || likert > 12 {
			t.Errorf("%s: %d statements; a self-assessment has 8 to 12", q.File, likert)
		}
		if reversed == 0 || len(dims) < 2 || dims[""] {
			t.Errorf("%s: %d reversed statements in dimensions %v; some are reverse-scored, and all grouped by dimension", q.File, reversed, dims)
		}
		if !strings.Contains(strings.ToLower(q.Intro), "not a diagnosis") {
			t.Errorf("%s: the intro does not say plainly that it is not a diagnosis", q.File)
		}
		for _, b := range q.Bands {
			if strings.TrimSpace(b.Advice) == "" {
				t.Errorf("%s: band %s gives no advice", q.File, b.ID)
			}
			if labels.MatchString(b.Title + " " + b.Advice) {
				t.Errorf("%s: band %s labels the student: %q", q.File, b.ID, b.Title)
			}
		}
	}
	if len(tools) < 3 {
		t.Errorf("%d self-assessments; the toolkit has three", len(tools))
	}
}

func TestPagesAroundTheLessons(t *testing.T) {
	site := load(t)
	page := func(path string) *content.Page {
		p := site.Content.ByPath[path]
		if p == nil {
			t.Errorf("no page at /%s", path)
			return &content.Page{}
		}
		return p
	}
	glossary := string(page("glossary/").Body)
	for _, term := range []string{"Parasocial interaction", "Parasocial relationship", "Social surrogacy", "Relational labour", "Parasocial breakup"} {
		if !regexp.MustCompile(`(?mi)^#+ ` + term).MatchString(glossary) {
			t.Errorf("the glossary has no heading for %q", term)
		}
	}
	refs := string(page("references/").Body)
	if n := strings.Count(refs, "doi.org/10."); n < 15 {
		t.Errorf("the references page gives %d DOIs; every source is listed with its DOI or address", n)
	}
	guide := string(page("teachers/teacher-guide/").Body)
	for id, q := range site.Quizzes {
		if q.Kind == quiz.Knowledge && !strings.Contains(guide, q.Title) {
			t.Errorf("the teacher guide has no answer key titled %q (%s)", q.Title, id)
		}
	}
	for _, want := range []string{`never collect`, `answer key`, `safeguarding`} {
		if !strings.Contains(strings.ToLower(guide), want) {
			t.Errorf("the teacher guide never says %q", want)
		}
	}
	if !strings.Contains(strings.ToLower(string(page("teachers/safeguarding/").Body)), "disclos") {
		t.Error("the safeguarding page does not say what to do when a student discloses distress")
	}
	page("getting-help/")
	about := strings.ToLower(string(page("about/").Body))
	for _, want := range []string{"local storage", "clear", "nothing is sent anywhere", "no cookies"} {
		if !strings.Contains(about, want) {
			t.Errorf("the about and privacy page never says %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "content", "_index.md")); err != nil {
		t.Error(err)
	}
}
