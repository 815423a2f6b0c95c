package e2e

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kith/generator/pipeline"
	"kith/generator/quiz"
	"kith/generator/site"
)

// reflectionText is what the test writes in every reflection; it must never reach the LMS.
const reflectionText = "A thought of my own."

// shownAnswers reads what a quiz on the package's page shows, question by question: the
// options chosen, the text typed, and the order of the items.
func (p *scormPage) shownAnswers(quizID string) map[string]string {
	p.t.Helper()
	var shown map[string]string
	p.eval(&shown, `Object.fromEntries([...`+frameJS+`.querySelectorAll('[data-quiz=%q] [data-question]')].map(f => [f.dataset.question,
		JSON.stringify([[...f.querySelectorAll('input:checked')].map(i => i.value).sort(),
			[...f.querySelectorAll('input[type=text], textarea')].map(i => i.value),
			[...f.querySelectorAll('[data-item]')].map(li => li.dataset.item)])]))`, quizID)
	return shown
}

// TestSCORMToolkitInLMS takes the repository's own toolkit, built with --scorm, through an LMS
// page that provides scorm-again's SCORM 1.2 API: one knowledge check answered right reaches
// the LMS as its share of all the checks' points and comes back on the next launch without the
// reflection written in it; a self-assessment sends nothing; every check right completes it.
func TestSCORMToolkitInLMS(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	s, ds := site.Load(repoRoot(), site.Options{})
	if s == nil {
		t.Fatalf("loading the toolkit: %v", ds)
	}
	var checks, selfs []string
	total := 0
	for id, q := range s.Quizzes {
		switch q.Kind {
		case quiz.Knowledge:
			checks = append(checks, id)
			total += q.MaxScore()
		case quiz.SelfAssessment:
			selfs = append(selfs, id)
		}
	}
	slices.Sort(checks)
	slices.Sort(selfs)
	if len(checks) < 2 || len(selfs) == 0 || total == 0 {
		t.Fatalf("the toolkit has %d knowledge checks (%d points) and %d self-assessments; this test needs two checks and a self-assessment", len(checks), total, len(selfs))
	}
	// raw is what the package reports for points of total: a percentage with two decimals.
	raw := func(points int) string {
		return strconv.FormatFloat(math.Round(float64(points)/float64(total)*10000)/100, 'f', -1, 64)
	}
	final := "completed"
	if s.Config.MasteryScore > 0 {
		final = "passed"
	}

	l := serveLMS(t, buildArchiveOf(t, repoRoot(), pipeline.SCORM))
	p := openSCORMPage(t, l)
	defer p.noErrors()

	// takeRight answers every question of the knowledge check id right, on its page, and
	// returns the points Go gives those answers.
	takeRight := func(id string) int {
		t.Helper()
		q := s.Quizzes[id]
		p.goTo("quizzes/" + id + "/index.html")
		answers := quiz.Answers{}
		for _, question := range q.Questions {
			if question.Type == quiz.Reflection {
				p.typeInto(quizQuestion(id, question.ID, "textarea"), reflectionText)
				continue
			}
			answerRight(p, id, question)
			answers[question.ID] = rightAnswer(question)
		}
		p.check(id)
		r := q.Score(answers)
		if r.Score != r.Max {
			t.Fatalf("%s answered right scores %d of %d in Go", id, r.Score, r.Max)
		}
		return r.Score
	}

	p.open()
	first := checks[0]
	points := takeRight(first)
	if got, want := p.cmi("core.score.raw"), raw(points); got != want {
		t.Errorf("score raw %q after %s all right (%d of the toolkit's %d points), want %s", got, first, points, total, want)
	}
	if lo, hi := p.cmi("core.score.min"), p.cmi("core.score.max"); lo != "0" || hi != "100" {
		t.Errorf("score min %q max %q, want 0..100", lo, hi)
	}
	if st := p.cmi("core.lesson_status"); st != "incomplete" {
		t.Errorf("lesson_status %q with %d knowledge checks left, want incomplete", st, len(checks)-1)
	}
	suspend := p.cmi("suspend_data")
	if len(suspend) > 4096 {
		t.Errorf("suspend_data is %d characters; SCORM 1.2 allows 4,096", len(suspend))
	}
	if !strings.Contains(suspend, `"`+first+`"`) {
		t.Errorf("suspend_data %q does not hold the answers of %s", suspend, first)
	}
	if strings.Contains(suspend, reflectionText) {
		t.Errorf("suspend_data carries the reflection written in %s to the LMS: %q", first, suspend)
	}
	shown := p.shownAnswers(first)

	// A self-assessment, on its page in the package: nothing of it may reach the LMS.
	self := selfs[0]
	before := len(p.calls())
	p.goTo("quizzes/" + self + "/index.html")
	sq := s.Quizzes[self]
	for i, question := range sq.Questions {
		if question.Type == quiz.Likert {
			p.click(quizQuestion(self, question.ID, fmt.Sprintf(`input[value="%d"]`, (i*3+1)%len(sq.Scale))))
		}
	}
	p.check(self)
	if after := p.calls(); len(after) != before {
		t.Errorf("taking the self-assessment %s called the LMS: %q", self, after[before:])
	}
	if sd := p.cmi("suspend_data"); sd != suspend {
		t.Errorf("taking the self-assessment %s changed suspend_data:\nbefore %q\nafter  %q", self, suspend, sd)
	}
	p.end()
	calls := p.calls()
	checkLimits(t, calls)
	for _, c := range calls[before:] {
		if c[0] == "LMSSetValue.cmi.*" && c[1] != "cmi.core.session_time" && c[1] != "cmi.core.exit" && !(c[1] == "cmi.suspend_data" && c[2] == suspend) {
			t.Errorf("after the self-assessment, the package set %s to %q", c[1], c[2])
		}
	}
	if exit := lastSet(calls, "cmi.core.exit"); exit != "suspend" {
		t.Errorf("cmi.core.exit %q when leaving before the end, want suspend", exit)
	}

	// The second launch starts from what the LMS saved, as an LMS resumes an attempt.
	l.resume(suspend, p.cmi("core.lesson_status"))
	p.open()
	p.goTo("quizzes/" + first + "/index.html")
	again := p.shownAnswers(first)
	for _, question := range s.Quizzes[first].Questions {
		id := question.ID
		if question.Type == quiz.Reflection {
			if !strings.Contains(shown[id], reflectionText) {
				t.Errorf("%s: the reflection %s did not show what was typed: %s", first, id, shown[id])
			}
			if strings.Contains(again[id], reflectionText) {
				t.Errorf("%s: the reflection %s came back on the next launch, so it went to the LMS: %s", first, id, again[id])
			}
			continue
		}
		if again[id] != shown[id] {
			t.Errorf("on the second launch, %s question %s shows %s; want %s restored", first, id, again[id], shown[id])
		}
	}
	var result bool
	p.eval(&result, frameJS+`.querySelector('[data-quiz=%q] .quiz-result').hidden === false`, first)
	if !result {
		t.Errorf("on the second launch, %s does not show its result", first)
	}

	// Every other knowledge check right: the toolkit is done, with full marks.
	for _, id := range checks[1:] {
		points += takeRight(id)
		if id != checks[len(checks)-1] {
			if st := p.cmi("core.lesson_status"); st != "incomplete" {
				t.Errorf("lesson_status %q after %s, with knowledge checks left, want incomplete", st, id)
			}
		}
	}
	if points != total {
		t.Fatalf("every check right scores %d of %d points in Go", points, total)
	}
	if got, st := p.cmi("core.score.raw"), p.cmi("core.lesson_status"); got != "100" || st != final {
		t.Errorf("every knowledge check right: score raw %q, lesson_status %q; want 100 and %s", got, st, final)
	}
	p.end()
	calls = p.calls()
	checkLimits(t, calls)
	if sd := lastSet(calls, "cmi.suspend_data"); strings.Contains(sd, reflectionText) {
		t.Errorf("suspend_data carries reflections to the LMS: %q", sd)
	}
	if exit := lastSet(calls, "cmi.core.exit"); exit != "" {
		t.Errorf("cmi.core.exit %q after every check is done, want empty", exit)
	}
}
