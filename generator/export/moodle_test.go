package export

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/generator/quiz"
)

// readMoodle parses Moodle XML with the element names of Moodle's own reader
// (question/format/xml/format.php), declared here apart from the writer's, so a misspelt element
// in the writer shows up as a missing value.
type readMoodle struct {
	XMLName   xml.Name `xml:"quiz"`
	Questions []struct {
		Type            string       `xml:"type,attr"`
		Category        string       `xml:"category>text"`
		Name            string       `xml:"name>text"`
		QuestionText    readText     `xml:"questiontext"`
		GeneralFeedback readText     `xml:"generalfeedback"`
		DefaultGrade    string       `xml:"defaultgrade"`
		Single          string       `xml:"single"`
		ShuffleAnswers  string       `xml:"shuffleanswers"`
		UseCase         string       `xml:"usecase"`
		GradingType     string       `xml:"gradingtype"`
		SelectType      string       `xml:"selecttype"`
		ResponseFormat  string       `xml:"responseformat"`
		Answers         []readAnswer `xml:"answer"`
	} `xml:"question"`
}

type readAnswer struct {
	Fraction string   `xml:"fraction,attr"`
	Format   string   `xml:"format,attr"`
	Text     string   `xml:"text"`
	Feedback readText `xml:"feedback"`
}

type readText struct {
	Format string `xml:"format,attr"`
	Text   string `xml:"text"`
}

// moodleAccepts reports whether a grade in percent is one Moodle's question editor offers
// (question_bank::fraction_options_full): 0 and ±p/q for q ≤ 6, ±p/10, ±1/q for q ≤ 10 and ±1/20,
// the fraction written to 7 decimal places.
func moodleAccepts(percent string) bool {
	v, err := strconv.ParseFloat(percent, 64)
	if err != nil {
		return false
	}
	var allowed []float64
	for q := 1; q <= 10; q++ {
		for p := 0; p <= q; p++ {
			if q <= 6 || q == 10 || p == 1 {
				allowed = append(allowed, float64(p)/float64(q), -float64(p)/float64(q))
			}
		}
	}
	allowed = append(allowed, 0.05, -0.05)
	for _, a := range allowed {
		if strconv.FormatFloat(a, 'f', 7, 64) == strconv.FormatFloat(v/100, 'f', 7, 64) {
			return true
		}
	}
	return false
}

func parseMoodle(t *testing.T, data []byte) readMoodle {
	t.Helper()
	var m readMoodle
	if err := xml.Unmarshal(data, &m); err != nil {
		t.Fatalf("the Moodle XML does not parse: %v", err)
	}
	return m
}

func TestMoodleShares(t *testing.T) {
	for _, f := range []string{"100", "0", "-100", "50", "33.33333", "-14.28571", "12.5", "5"} {
		if !moodleAccepts(f) {
			t.Errorf("moodleAccepts refuses %s%%, which Moodle offers", f)
		}
	}
	if moodleAccepts("33.3") || moodleAccepts("35") || moodleAccepts("28.57143") {
		t.Error("moodleAccepts accepts grades Moodle does not offer")
	}
	for n := 1; n <= 20; n++ {
		share, ok := moodleShare(n)
		if ok != (n <= 10 || n == 20) {
			t.Errorf("%d right options: ok = %v", n, ok)
		}
		if !ok {
			continue
		}
		v, _ := strconv.ParseFloat(share, 64)
		// Moodle refuses a multiple-answer question whose right options do not add up to 100%, to 2 places.
		if !moodleAccepts(share) || math.Round(v*float64(n))/100 != 1 {
			t.Errorf("%d right options get %s%% each, which is not Moodle's or does not add up to 100%%", n, share)
		}
	}
}

// TestMoodleQuestionTypes checks each question type as Moodle reads it back.
func TestMoodleQuestionTypes(t *testing.T) {
	q := parseQuiz(t, "types", allTypes)
	m := parseMoodle(t, mustMoodle(t, q))
	if len(m.Questions) != 1+len(q.Questions) {
		t.Fatalf("%d questions, want a category and %d", len(m.Questions), len(q.Questions))
	}
	if c := m.Questions[0]; c.Type != "category" || c.Category != "$course$/top/Types // and more & “quotes”" {
		t.Errorf("category %q %q: want the title, its slash doubled as Moodle's paths want", c.Type, c.Category)
	}
	want := []string{"multichoice", "multichoice", "truefalse", "shortanswer", "ordering", "essay"}
	for i, mq := range m.Questions[1:] {
		if mq.Type != want[i] {
			t.Errorf("question %d is %s, want %s", i+1, mq.Type, want[i])
		}
		for _, a := range mq.Answers {
			if mq.Type != "ordering" && !moodleAccepts(a.Fraction) {
				t.Errorf("question %d: grade %s%% is not one Moodle offers", i+1, a.Fraction)
			}
		}
	}
	for i, question := range q.Questions {
		checkMoodleAnswers(t, "types/"+question.ID, question, m.Questions[i+1].Answers)
	}
	single, multiple, tf, short, order, essay := m.Questions[1], m.Questions[2], m.Questions[3], m.Questions[4], m.Questions[5], m.Questions[6]
	if single.Single != "true" || multiple.Single != "false" {
		t.Errorf("single = %q and %q, want true for a single question, false for a multiple one", single.Single, multiple.Single)
	}
	if got := fractions(multiple.Answers); !slices.Equal(got, []string{"50", "-100", "50"}) {
		t.Errorf("multiple grades %v, want each right option half the mark and a wrong one all of it off", got)
	}
	if got := fractions(tf.Answers); !slices.Equal(got, []string{"0", "100"}) || tf.Answers[0].Text != "true" || tf.Answers[1].Text != "false" {
		t.Errorf("truefalse answers %+v, want false right", tf.Answers)
	}
	var accepted []string
	for _, a := range short.Answers {
		accepted = append(accepted, a.Text)
	}
	if !slices.Equal(accepted, []string{"C++", `5 \* 3`, "café", "x]]>y"}) || short.UseCase != "0" {
		t.Errorf("short answers %q (usecase %q), want every accepted answer with its star escaped, case ignored", accepted, short.UseCase)
	}
	if order.GradingType != "ALL_OR_NOTHING" || order.SelectType != "ALL" || len(order.Answers) != 3 ||
		order.Answers[0].Text != "<em>first</em>" || order.Answers[2].Fraction != "3" {
		t.Errorf("ordering %+v, want all items, all or nothing, in the right order numbered from 1", order)
	}
	if essay.DefaultGrade != "0" || essay.ResponseFormat != "editor" {
		t.Errorf("essay grade %q format %q, want an ungraded editor", essay.DefaultGrade, essay.ResponseFormat)
	}
	if single.GeneralFeedback.Format != "html" || single.GeneralFeedback.Text != "<p>Because <strong>this</strong>.</p>" {
		t.Errorf("general feedback %+v, want the explanation as the site shows it", single.GeneralFeedback)
	}
	if got := single.Answers[1].Feedback.Text; got != "<p>Not &lt;b&gt;this&lt;/b&gt;.</p>" {
		t.Errorf("option feedback %q, want its Markdown rendered and raw HTML escaped", got)
	}
}

func fractions(answers []readAnswer) []string {
	var out []string
	for _, a := range answers {
		out = append(out, a.Fraction)
	}
	return out
}

func TestMoodleRefuses(t *testing.T) {
	if _, err := Moodle([]*quiz.Quiz{parseQuiz(t, "mood", selfAssessment)}); !errors.Is(err, ErrSelfAssessment) {
		t.Errorf("a self-assessment gave %v, want ErrSelfAssessment", err)
	}
	var b strings.Builder
	b.WriteString("title = \"Many\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"multiple\"\nprompt = \"All?\"\n")
	for i := range 11 {
		fmt.Fprintf(&b, "[[questions.options]]\ntext = \"o%d\"\ncorrect = true\n", i)
	}
	b.WriteString("[[questions.options]]\ntext = \"wrong\"\n")
	_, err := Moodle([]*quiz.Quiz{parseQuiz(t, "many", b.String())})
	ds := diag.As(err)
	if len(ds) != 1 || ds[0].File != "quizzes/many.toml" || ds[0].Line != 4 || !strings.Contains(ds[0].Message, "11 right options") {
		t.Errorf("11 right options gave %v, want an error at quizzes/many.toml:4", err)
	}
}
