package export

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"kith/generator/quiz"
)

// toolkitChecks are the knowledge checks of the toolkit in this repository's quizzes/, by id.
func toolkitChecks(t *testing.T) []*quiz.Quiz {
	t.Helper()
	all, ds := quiz.LoadDir("../..")
	if len(ds) > 0 {
		t.Fatalf("the toolkit's quizzes have problems: %v", ds)
	}
	var qs []*quiz.Quiz
	for _, q := range all {
		if q.Kind == quiz.Knowledge {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		t.Fatal("the toolkit has no knowledge checks")
	}
	sort.Slice(qs, func(i, j int) bool { return qs[i].ID < qs[j].ID })
	return qs
}

var moodleTypes = map[string]string{quiz.Single: "multichoice", quiz.Multiple: "multichoice", quiz.TrueFalse: "truefalse",
	quiz.Short: "shortanswer", quiz.Order: "ordering", quiz.Reflection: "essay"}

// TestToolkitRoundTripsThroughMoodle exports every knowledge check of the toolkit, reads the XML
// back and finds each quiz's questions, types and right answers as the quiz model has them.
func TestToolkitRoundTripsThroughMoodle(t *testing.T) {
	qs := toolkitChecks(t)
	m := parseMoodle(t, mustMoodle(t, qs...))
	at := 0
	for _, q := range qs {
		if at >= len(m.Questions) || m.Questions[at].Type != "category" || m.Questions[at].Category != "$course$/top/"+q.Title {
			t.Fatalf("%s: no category named after its title where its questions start", q.ID)
		}
		at++
		for i, question := range q.Questions {
			if at >= len(m.Questions) || m.Questions[at].Type == "category" {
				t.Fatalf("%s: %d questions in Moodle, want %d", q.ID, i, len(q.Questions))
			}
			mq := m.Questions[at]
			at++
			where := q.ID + "/" + question.ID
			if mq.Type != moodleTypes[question.Type] {
				t.Errorf("%s: %s question became %s, want %s", where, question.Type, mq.Type, moodleTypes[question.Type])
				continue
			}
			if mq.QuestionText.Text != block(question.Prompt) || mq.GeneralFeedback.Text != block(question.Explanation) {
				t.Errorf("%s: prompt %q and general feedback %q, want the prompt and explanation as the site shows them", where, mq.QuestionText.Text, mq.GeneralFeedback.Text)
			}
			checkMoodleAnswers(t, where, question, mq.Answers)
		}
	}
	if at != len(m.Questions) {
		t.Errorf("%d Moodle questions left over", len(m.Questions)-at)
	}
}

// checkMoodleAnswers reads the right answers back from a Moodle question.
func checkMoodleAnswers(t *testing.T, where string, question quiz.Question, answers []readAnswer) {
	t.Helper()
	if question.Type != quiz.Order {
		for _, a := range answers {
			if !moodleAccepts(a.Fraction) {
				t.Errorf("%s: grade %s%% is not one Moodle offers", where, a.Fraction)
			}
		}
	}
	switch question.Type {
	case quiz.Single, quiz.Multiple:
		if len(answers) != len(question.Options) {
			t.Fatalf("%s: %d answers, want %d", where, len(answers), len(question.Options))
		}
		total := 0.0
		for k, o := range question.Options {
			a := answers[k]
			f, _ := strconv.ParseFloat(a.Fraction, 64)
			if (f > 0) != o.Correct || a.Text != inline(o.Text) || a.Feedback.Text != block(o.Feedback) {
				t.Errorf("%s: answer %d is %+v, want %q (correct %v) with its feedback", where, k+1, a, inline(o.Text), o.Correct)
			}
			if f > 0 {
				total += f
			}
			if question.Type == quiz.Single && o.Correct && f != 100 {
				t.Errorf("%s: the right option is worth %s%%, want 100", where, a.Fraction)
			}
		}
		if total < 99.995 || total > 100.005 {
			t.Errorf("%s: the right options add up to %g%%, want 100", where, total)
		}
	case quiz.TrueFalse:
		var right []string
		for _, a := range answers {
			if a.Fraction == "100" {
				right = append(right, a.Text)
			}
		}
		if !slices.Equal(right, []string{strconv.FormatBool(*question.Answer)}) {
			t.Errorf("%s: right answer %v, want %v", where, right, *question.Answer)
		}
	case quiz.Short:
		var got, want []string
		for _, a := range answers {
			if a.Fraction != "100" {
				t.Errorf("%s: accepted answer %q is worth %s%%, want 100", where, a.Text, a.Fraction)
			}
			got = append(got, strings.ReplaceAll(a.Text, `\*`, "*"))
		}
		for _, a := range question.Accept {
			want = append(want, strings.TrimSpace(a))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: accepts %q, want %q", where, got, want)
		}
	case quiz.Order:
		got := make([]string, len(answers))
		for _, a := range answers {
			n, err := strconv.Atoi(a.Fraction)
			if err != nil || n < 1 || n > len(answers) {
				t.Fatalf("%s: item %q has place %q", where, a.Text, a.Fraction)
			}
			got[n-1] = a.Text
		}
		var want []string
		for _, item := range question.Items {
			want = append(want, inline(item))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: order %q, want %q", where, got, want)
		}
	case quiz.Reflection:
		if len(answers) != 0 {
			t.Errorf("%s: a reflection has %d answers, want none", where, len(answers))
		}
	}
}

// TestToolkitRoundTripsThroughCanvas exports every knowledge check of the toolkit as a Canvas
// package, checks the package holds together, and reads each quiz's questions, types and right
// answers back.
func TestToolkitRoundTripsThroughCanvas(t *testing.T) {
	qs := toolkitChecks(t)
	c := readPackage(t, mustCanvas(t, qs...))
	if len(c.assessments) != len(qs) || len(c.metas) != len(qs) {
		t.Fatalf("%d assessments and %d settings files, want %d of each", len(c.assessments), len(c.metas), len(qs))
	}
	canvasTypes := map[string]string{quiz.Single: "multiple_choice_question", quiz.Multiple: "multiple_answers_question",
		quiz.TrueFalse: "true_false_question", quiz.Short: "short_answer_question", quiz.Order: "matching_question", quiz.Reflection: "essay_question"}
	for n, q := range qs {
		a, meta := c.assessments[n], c.metas[n]
		if a.Title != q.Title || meta.Title != q.Title || meta.PointsPossible != strconv.Itoa(q.MaxScore())+".0" {
			t.Errorf("%s: assessment %q, settings %q worth %s: want its title and %d points", q.ID, a.Title, meta.Title, meta.PointsPossible, q.MaxScore())
		}
		if len(a.Section.Items) != len(q.Questions) {
			t.Fatalf("%s: %d items, want %d", q.ID, len(a.Section.Items), len(q.Questions))
		}
		for i, question := range q.Questions {
			it := a.Section.Items[i]
			if got := it.field("question_type"); got != canvasTypes[question.Type] {
				t.Errorf("%s/%s: %s question became %s, want %s", q.ID, question.ID, question.Type, got, canvasTypes[question.Type])
				continue
			}
			checkCanvasAnswers(t, q, i, question, it)
		}
	}
}
