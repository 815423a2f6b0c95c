package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kith/generator/quiz"
	"kith/generator/site"
	"kith/internal/browsertest"
)

// TestToolkitQuizzesInTheBrowser takes every quiz of the repository's own toolkit on its page,
// served under a sub-path, as a student would: each knowledge check answered all right, and each
// self-assessment answered three ways (lowest, highest and mixed). The page must show the score,
// band and sub-scores Go computes for the same answers, with no script error.
func TestToolkitQuizzesInTheBrowser(t *testing.T) {
	site, ds := site.Load(repoRoot(), site.Options{})
	if site == nil {
		t.Fatalf("loading the toolkit: %v", ds)
	}
	b := buildThemeSite(t, themeSites[1])
	base := browsertest.Serve(t, b.dir, themeBasePath)
	p := openQuizPage(t)
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range site.Quizzes {
			if !yield(id) {
				return
			}
		}
	})
	for _, id := range ids {
		q := site.Quizzes[id]
		if q.Kind == quiz.Knowledge {
			p.do("opening "+id, chromedp.Navigate(base+"quizzes/"+id+"/"))
			p.started()
			answers := quiz.Answers{}
			for _, question := range q.Questions {
				answerRight(p, id, question)
				answers[question.ID] = rightAnswer(question)
			}
			p.check(id)
			want := q.Score(answers)
			if r := p.result(id); r.Score != fmt.Sprint(want.Max) || r.Max != fmt.Sprint(want.Max) || want.Score != want.Max {
				t.Errorf("%s answered all right: the page shows %s out of %s; want %d out of %d", id, r.Score, r.Max, want.Max, want.Max)
			}
			continue
		}
		n := len(q.Scale)
		patterns := []struct {
			name string
			pick func(i int) int // -1 for "does not apply"
		}{
			{"lowest", func(int) int { return 0 }},
			{"highest", func(int) int { return n - 1 }},
			{"mixed", func(i int) int { return (i*3 + 1) % n }},
		}
		if slices.ContainsFunc(q.Questions, func(q quiz.Question) bool { return q.NotApplicable != "" }) {
			patterns = append(patterns, struct {
				name string
				pick func(i int) int
			}{"does not apply where offered", func(i int) int {
				if q.Questions[i].NotApplicable != "" {
					return -1
				}
				return (i*2 + 1) % n
			}})
		}
		for _, pattern := range patterns {
			p.do("opening "+id, chromedp.Navigate(base+"quizzes/"+id+"/"))
			p.started()
			p.click(quizSel(id, ".quiz-clear"))
			answers := quiz.Answers{}
			for i, question := range q.Questions {
				if question.Type != quiz.Likert {
					continue
				}
				if v := pattern.pick(i); v < 0 {
					p.click(quizQuestion(id, question.ID, `input[value="na"]`))
					answers[question.ID] = quiz.NotApplicableAnswer
				} else {
					p.click(quizQuestion(id, question.ID, fmt.Sprintf(`input[value="%d"]`, v)))
					answers[question.ID] = v
				}
			}
			p.check(id)
			want := q.Score(answers)
			r := p.result(id)
			if r.Score != fmt.Sprint(want.Score) || r.Max != fmt.Sprint(want.Max) || r.Band != want.Band {
				t.Errorf("%s, %s answers: the page shows %s out of %s, band %q; Go says %d out of %d, band %q",
					id, pattern.name, r.Score, r.Max, r.Band, want.Score, want.Max, want.Band)
			}
			if got := p.text(`document.querySelector('[data-quiz=%q] .quiz-result').dataset.scaled`, id); got != fmt.Sprint(want.Scaled) {
				t.Errorf("%s, %s answers: the page placed the band by %s; Go by %d", id, pattern.name, got, want.Scaled)
			}
			for _, d := range want.Dimensions {
				if d.Max == 0 {
					continue // every statement of it left out: not shown
				}
				if line := fmt.Sprintf("%s: %d out of %d", d.Name, d.Score, d.Max); !strings.Contains(r.Text, line) {
					t.Errorf("%s, %s answers: the result lacks the sub-score %q", id, pattern.name, line)
				}
			}
		}
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("script errors while taking the toolkit's quizzes:\n%s", strings.Join(errs, "\n"))
	}
}

// student is a page a student answers quizzes on: a site's page, or one in a package's frame.
type student interface {
	click(sel string)
	typeInto(sel, text string)
	arrange(quizID, qid string, want []int, keyboard bool)
}

// answerRight gives the right answer to one question of a knowledge check on its page.
func answerRight(p student, quizID string, question quiz.Question) {
	switch question.Type {
	case quiz.Single, quiz.Multiple:
		for i, o := range question.Options {
			if o.Correct {
				p.click(quizQuestion(quizID, question.ID, fmt.Sprintf(`input[value="%d"]`, i)))
			}
		}
	case quiz.TrueFalse:
		p.click(quizQuestion(quizID, question.ID, fmt.Sprintf(`input[value="%t"]`, *question.Answer)))
	case quiz.Short:
		p.typeInto(quizQuestion(quizID, question.ID, "input"), question.Accept[0])
	case quiz.Order:
		order := make([]int, len(question.Items))
		for i := range order {
			order[i] = i
		}
		p.arrange(quizID, question.ID, order, false)
	case quiz.Reflection:
		p.typeInto(quizQuestion(quizID, question.ID, "textarea"), "A thought of my own.")
	}
}

// rightAnswer is the answer answerRight gives, as Go's scoring takes it.
func rightAnswer(question quiz.Question) any {
	switch question.Type {
	case quiz.Single:
		for i, o := range question.Options {
			if o.Correct {
				return i
			}
		}
	case quiz.Multiple:
		var picks []int
		for i, o := range question.Options {
			if o.Correct {
				picks = append(picks, i)
			}
		}
		return picks
	case quiz.TrueFalse:
		return *question.Answer
	case quiz.Short:
		return question.Accept[0]
	case quiz.Order:
		order := make([]int, len(question.Items))
		for i := range order {
			order[i] = i
		}
		return order
	}
	return nil
}
