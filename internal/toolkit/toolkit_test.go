// Package toolkit tests the repository's own site, the parasocial-relationships toolkit, for
// what its readers and teachers rely on: the lessons' shape, level and sources, the quizzes'
// quality, and the pages around them.
package toolkit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

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
// "Try this: Spot the bond (15 minutes)"). "Words to know" is the lesson's vocabulary, each word
// linked to the glossary.
var lessonParts = []string{"Try this", "Talk about it", "In short", "Check your understanding", "Words to know", "Sources"}

// lessonCount is how many lessons the toolkit has: the second edition added AI companions (7)
// and fakes, scams and trust (8), before finding balance (9).
const lessonCount = 9

func TestLessons(t *testing.T) {
	site := load(t)
	sec := site.Content.ByPath["lessons/"]
	if sec == nil {
		t.Fatal("no content/lessons/_index.md")
	}
	lessons := sec.Section.Lessons
	if len(lessons) != lessonCount {
		t.Fatalf("%d lessons; the toolkit has %d", len(lessons), lessonCount)
	}
	withSelfAssessment := 0
	for _, p := range lessons {
		t.Run(filepath.Base(p.File), func(t *testing.T) {
			if p.Description == "" || p.Duration != "50 min" || len(p.Objectives) != 3 {
				t.Errorf("front matter: description %q, duration %q, %d objectives; want a description, 50 min and three objectives", p.Description, p.Duration, len(p.Objectives))
			}
			for _, o := range p.Objectives {
				if strings.Contains(strings.ToLower(o), "reflection tool") && !strings.Contains(strings.ToLower(o), "optional") {
					t.Errorf("objective %q makes a reflection tool part of what is taught; the tools are optional, and the objective says so", o)
				}
			}
			in := markdown.Inspect(p.Body)
			var stats readability.Stats
			for _, b := range in.Prose {
				stats.Add(b.Text)
			}
			t.Logf("%d words, grade %.1f", stats.Words, stats.Grade())
			// The second edition added vocabulary and more caveats; 1,800 words still leave time
			// for the activity in a 50-minute lesson.
			if stats.Words < 800 || stats.Words > 1800 {
				t.Errorf("%d words of prose; a lesson has 800 to 1,800", stats.Words)
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
			if _, words, ok := strings.Cut(body, "## Words to know"); !ok || strings.Count(strings.SplitN(words, "\n## ", 2)[0], "glossary.md#") < 3 {
				t.Error("the lesson's \"Words to know\" links fewer than three words to the glossary")
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
	if len(checks) < lessonCount {
		t.Errorf("%d knowledge checks; one a lesson makes %d", len(checks), lessonCount)
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

// aboutTheBond matches a statement that names the creator it asks about ("them", "their"):
// every scored statement is about the bond, not about the student's circumstances (sleep, time
// with family, talking in person), which differ for reasons that have nothing to do with a creator.
var aboutTheBond = regexp.MustCompile(`(?i)\b(them|they|their)\b`)

// needsNotApplicable matches statements that do not apply to everyone (paying, planned stop
// times, notifications, commenting, messages sent): they offer "This does not apply to me".
var needsNotApplicable = regexp.MustCompile(`(?i)\bpay|spend|money|gift|donation|notification|planned to stop|write comments|sent them`)

// seesLessClearly matches band wording that ranks students' judgement: no band implies that
// others see the bond less clearly.
var seesLessClearly = regexp.MustCompile(`(?i)clearly|for what it (is|really is)|realistic`)

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
		intro := strings.ToLower(q.Intro)
		for _, want := range []string{"not a diagnosis", "over the last month", "this device, in this browser", "shared computer", "monitoring software"} {
			if !strings.Contains(intro, want) {
				t.Errorf("%s: the intro never says %q (time frame, not a diagnosis, and what \"on this device\" means)", q.File, want)
			}
		}
		for _, question := range q.Questions {
			if question.Type == quiz.Likert && !aboutTheBond.MatchString(question.Prompt) {
				t.Errorf("%s:%d: %q is scored but is not about the bond; ask about circumstances in an unscored question", q.File, question.Line, question.Prompt)
			}
		}
		for _, b := range q.Bands {
			if strings.TrimSpace(b.Advice) == "" {
				t.Errorf("%s: band %s gives no advice", q.File, b.ID)
			}
			if labels.MatchString(b.Title + " " + b.Advice) {
				t.Errorf("%s: band %s labels the student: %q", q.File, b.ID, b.Title)
			}
			if m := seesLessClearly.FindString(b.Title + " " + b.Advice); m != "" {
				t.Errorf("%s: band %s says %q, which implies that students in other bands see less clearly", q.File, b.ID, m)
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
	for _, term := range []string{"Parasocial interaction", "Parasocial relationship", "Social surrogacy", "Relational labour", "Parasocial breakup",
		"Gifted subs", "Cut-off", "Self-esteem", "Predictor", "AI companion", "Chatbot", "Deepfake", "Grooming", "Impersonation", "Working paper"} {
		if !regexp.MustCompile(`(?mi)^#+ ` + term).MatchString(glossary) {
			t.Errorf("the glossary has no heading for %q", term)
		}
	}
	refs := string(page("references/").Body)
	if n := strings.Count(refs, "doi.org/10."); n < 15 {
		t.Errorf("the references page gives %d DOIs; every source is listed with its DOI or address", n)
	}
	guide := string(page("teachers/teacher-guide/").Body)
	if !strings.Contains(strings.ToLower(guide), "monitoring software") {
		t.Error("the teacher guide never says that a school's monitoring software may see the screen")
	}
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
	help := string(page("getting-help/").Body)
	for _, want := range []string{"### United Kingdom", "### Ireland", "### United States", "### Canada", "### Australia", "### New Zealand", "### Everywhere else",
		"Check before you print", "November 2026", "findahelpline.com", "If someone online is using your trust"} {
		if !strings.Contains(help, want) {
			t.Errorf("the Getting help page never says %q (helplines by country, when they were checked, and a directory for everywhere else)", want)
		}
	}
	if !strings.Contains(string(page("").Body), "getting-help.md#helplines-by-country") {
		t.Error("the home page's invitation to study alone does not point to the helplines")
	}
	safeguarding := string(page("teachers/safeguarding/").Body)
	for _, want := range []string{"Lesson 8", "Lesson 7", "non-graphic", "never to blame"} {
		if !strings.Contains(safeguarding, want) {
			t.Errorf("the safeguarding page never says %q", want)
		}
	}
	letter := strings.ToLower(string(page("teachers/parent-letter/").Body))
	for _, want := range []string{"nine lessons", "this device, in this browser", "not a diagnosis", "getting help"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the parent and carer letter never says %q", want)
		}
	}
	curriculum := string(page("teachers/curriculum-map/").Body)
	for _, want := range []string{"Self-awareness", "Responsible decision-making", "Health and Wellbeing", "Living in the Wider World", "Online and media", "2.8.5", "2.12.6", "Not verified"} {
		if !strings.Contains(curriculum, want) {
			t.Errorf("the curriculum map never says %q", want)
		}
	}
	for _, lesson := range []string{"lessons/what-is-a-parasocial-relationship/", "lessons/finding-balance/"} {
		if !strings.Contains(string(page(lesson).Body), "lesson-1-where-i-am-starting.md") {
			t.Errorf("/%s does not use the baseline, \"Where I am starting from\", which lesson 1 sets and lesson 9 repeats", lesson)
		}
	}
	about := strings.ToLower(string(page("about/").Body))
	for _, want := range []string{"local storage", "clear", "nothing is sent anywhere", "no cookies", "this device, in this browser", "shared computer", "monitoring software"} {
		if !strings.Contains(about, want) {
			t.Errorf("the about and privacy page never says %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "content", "_index.md")); err != nil {
		t.Error(err)
	}
}

// TestNotApplicableAndLoneliness reads the self-assessments' TOML itself, since the label of the
// "This does not apply to me" answer is the quiz file's, and checks that a statement that does not
// apply to everyone offers it, and that turning to a creator when lonely is never scored as a cost
// (Lesson 3 teaches that it can help).
func TestNotApplicableAndLoneliness(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, "quizzes", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no quizzes: %v", err)
	}
	tools := 0
	for _, f := range files {
		var q struct {
			Kind      string
			Questions []struct {
				Type          string
				Prompt        string
				NotApplicable string `toml:"not_applicable"`
			}
		}
		if _, err := toml.DecodeFile(f, &q); err != nil {
			t.Fatal(err)
		}
		if q.Kind != quiz.SelfAssessment {
			continue
		}
		tools++
		for _, question := range q.Questions {
			if question.Type != quiz.Likert {
				continue
			}
			if needsNotApplicable.MatchString(question.Prompt) && strings.TrimSpace(question.NotApplicable) == "" {
				t.Errorf("%s: %q does not apply to everyone; give it not_applicable = \"...\" so that a student it does not fit is not scored as involved", filepath.Base(f), question.Prompt)
			}
			if strings.Contains(strings.ToLower(question.Prompt), "lonely") {
				t.Errorf("%s: %q scores turning to a creator when lonely as a cost", filepath.Base(f), question.Prompt)
			}
		}
	}
	if tools < 3 {
		t.Errorf("%d self-assessments read; the toolkit has three", tools)
	}
}

// unofficial are hosts of unofficial copies of papers (term-paper and document-sharing sites),
// which the toolkit never links to.
var unofficial = regexp.MustCompile(`(?i)\]\(https?://[^)]*(termpaperwarehouse|scribd|docslib|readkong|kundoc|studylib|daneshyari|9dok|vdoc)\.`)

// TestReferences: every source on the references page has a DOI or a stable address, and no
// page links to an unofficial copy of a paper.
func TestReferences(t *testing.T) {
	site := load(t)
	refs := string(site.Content.ByPath["references/"].Body)
	entries := strings.Split(refs, "\n### ")[1:]
	if len(entries) < 50 {
		t.Errorf("%d sources on the references page; the second edition lists at least 50", len(entries))
	}
	for _, e := range entries {
		name, _, _ := strings.Cut(e, "\n")
		if strings.HasPrefix(name, "What we could not") {
			continue
		}
		if !strings.Contains(e, "](https://doi.org/10.") && !strings.Contains(e, "](https://") {
			t.Errorf("references: %q has neither a DOI nor a stable address", name)
		}
	}
	if n := strings.Count(refs, "doi.org/10."); n < 35 {
		t.Errorf("the references page gives %d DOIs; every source that has one gives it", n)
	}
	for path, p := range site.Content.ByPath {
		if m := unofficial.FindString(string(p.Body)); m != "" {
			t.Errorf("/%s links to an unofficial copy of a paper: %s", path, m)
		}
	}
}

// TestHandouts: every lesson has a printable handout, each fits on a page, and the teacher guide
// points each lesson's materials to its handouts.
func TestHandouts(t *testing.T) {
	site := load(t)
	guide := string(site.Content.ByPath["teachers/teacher-guide/"].Body)
	for n := 1; n <= lessonCount; n++ {
		prefix := fmt.Sprintf("teachers/handouts/lesson-%d-", n)
		found := 0
		for path, p := range site.Content.ByPath {
			if !strings.HasPrefix(path, prefix) {
				continue
			}
			found++
			in := markdown.Inspect(p.Body)
			var stats readability.Stats
			for _, b := range in.Prose {
				stats.Add(b.Text)
			}
			if stats.Words > 450 {
				t.Errorf("/%s: %d words; a handout fits on one printed page (at most 450)", path, stats.Words)
			}
			if len(in.Quizzes) > 0 || p.Description == "" {
				t.Errorf("/%s: a handout has a description and no quiz, which would not print", path)
			}
		}
		if found == 0 {
			t.Errorf("lesson %d has no handout under content/teachers/handouts/lesson-%d-*.md", n, n)
		}
		if section := guideSection(guide, n); !strings.Contains(section, "handouts/lesson-") {
			t.Errorf("the teacher guide's notes on lesson %d never point to its handout", n)
		}
	}
}

// guideSection returns the teacher guide's notes on lesson n, from its "### Lesson n:" heading
// to the next heading of that level or above.
func guideSection(guide string, n int) string {
	_, rest, ok := strings.Cut(guide, fmt.Sprintf("\n### Lesson %d:", n))
	if !ok {
		return ""
	}
	if i := strings.Index(rest, "\n### "); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

var (
	timingRow   = regexp.MustCompile(`(?m)^\| ([^|]+) \| (\d+) \|$`)
	tryThisTime = regexp.MustCompile(`(?m)^## Try this: .*\((\d+) minutes\)`)
)

// TestTeacherGuideTimings: every lesson is planned for 50 minutes with slack, says what to cut,
// gives a support and an extension task and its vocabulary, and the activity's minutes agree
// between the lesson and the guide.
func TestTeacherGuideTimings(t *testing.T) {
	site := load(t)
	guide := string(site.Content.ByPath["teachers/teacher-guide/"].Body)
	lessons := site.Content.ByPath["lessons/"].Section.Lessons
	for n := 1; n <= lessonCount && n <= len(lessons); n++ {
		section := guideSection(guide, n)
		if section == "" {
			t.Errorf("the teacher guide has no \"### Lesson %d:\" notes", n)
			continue
		}
		_, table, _ := strings.Cut(section, "**Timings (50 minutes)**")
		table, _, _ = strings.Cut(table, "**If you are short of time, cut**")
		sum, slack, try := 0, false, -1
		for _, m := range timingRow.FindAllStringSubmatch(table, -1) {
			minutes, _ := strconv.Atoi(m[2])
			sum += minutes
			slack = slack || strings.Contains(m[1], "Slack")
			if strings.HasPrefix(m[1], "Try this") {
				try = minutes
			}
		}
		if sum != 50 || !slack {
			t.Errorf("lesson %d: the timings add up to %d minutes (slack: %v); every lesson is 50 minutes with some slack", n, sum, slack)
		}
		for _, want := range []string{"**If you are short of time, cut**", "**Support:**", "**Extension:**", "**Words for this lesson:**"} {
			if !strings.Contains(section, want) {
				t.Errorf("lesson %d: the teacher guide's notes have no %s", n, want)
			}
		}
		if m := tryThisTime.FindStringSubmatch(string(lessons[n-1].Body)); m == nil || strconv.Itoa(try) != m[1] {
			t.Errorf("lesson %d (%s): the activity's minutes in the lesson %v and in the guide's timings (%d) differ", n, filepath.Base(lessons[n-1].File), m, try)
		}
	}
	if !strings.Contains(strings.Split(guideSection(guide, 1), "**Materials:**")[0], "Ground rules") {
		t.Error("lesson 1's timings give the ground rules no time")
	}
}
