package export

import (
	"archive/zip"
	"bytes"
	"io"
	"kith/internal/golden"
	"path"
	"path/filepath"
	"testing"

	"kith/generator/diag"
	"kith/generator/quiz"
)

// allTypes is a knowledge check with one question of each type and text that needs escaping.
const allTypes = `title = "Types / and more & “quotes”"
kind = "knowledge"

[[questions]]
type = "single"
prompt = "Pick <script>alert(1)</script> & \"go\" ]]> café"
explanation = "Because **this**."
[[questions.options]]
text = "Right *one*"
correct = true
feedback = "Yes ]]> indeed."
[[questions.options]]
text = "Wrong"
feedback = "Not <b>this</b>."

[[questions]]
type = "multiple"
prompt = "Which?"
[[questions.options]]
text = "A"
correct = true
[[questions.options]]
text = "B"
[[questions.options]]
text = "C"
correct = true

[[questions]]
type = "truefalse"
prompt = "False?"
answer = false

[[questions]]
type = "short"
prompt = "Name it."
accept = ["C++", "5 * 3", " café ", "x]]>y"]

[[questions]]
type = "order"
prompt = "Order them."
items = ["*first*", "second", "third"]

[[questions]]
type = "reflection"
prompt = "What do you think?"
`

const selfAssessment = `title = "Mood"
kind = "self-assessment"
scale = ["No", "Yes"]

[[questions]]
type = "likert"
prompt = "I am fine."

[[bands]]
id = "all"
min = 0
max = 1
title = "All"
advice = "Fine."
`

func parseQuiz(t *testing.T, id, src string) *quiz.Quiz {
	t.Helper()
	q, ds := quiz.Parse("quizzes/"+id+".toml", id, []byte(src))
	if len(ds) > 0 {
		t.Fatalf("test quiz %s: %v", id, ds)
	}
	return q
}

func mustMoodle(t *testing.T, qs ...*quiz.Quiz) []byte {
	t.Helper()
	out, err := Moodle(qs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustCanvas(t *testing.T, qs ...*quiz.Quiz) []byte {
	t.Helper()
	out, err := Canvas(qs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameQuizzesSameBytes(t *testing.T) {
	for name, export := range map[string]func(...*quiz.Quiz) []byte{
		"moodle": func(qs ...*quiz.Quiz) []byte { return mustMoodle(t, qs...) },
		"canvas": func(qs ...*quiz.Quiz) []byte { return mustCanvas(t, qs...) },
	} {
		first := export(parseQuiz(t, "types", allTypes))
		second := export(parseQuiz(t, "types", allTypes))
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two exports of the same quiz differ", name)
		}
	}
}

func TestTextIsEscaped(t *testing.T) {
	q := parseQuiz(t, "types", allTypes)
	m := parseMoodle(t, mustMoodle(t, q))
	const prompt = "<p>Pick &lt;script&gt;alert(1)&lt;/script&gt; &amp; &ldquo;go&rdquo; ]]&gt; café</p>"
	if got := m.Questions[1].QuestionText.Text; got != prompt {
		t.Errorf("Moodle prompt %q, want %q", got, prompt)
	}
	if got := m.Questions[1].Answers[0].Feedback.Text; got != "<p>Yes ]]&gt; indeed.</p>" {
		t.Errorf("Moodle feedback %q: ]]> inside CDATA must survive", got)
	}
	c := readPackage(t, mustCanvas(t, q))
	item := c.assessments[0].Section.Items[0]
	if got := item.Presentation.Material.Text; got != "<div>"+prompt+"</div>" {
		t.Errorf("Canvas prompt %q, want %q", got, "<div>"+prompt+"</div>")
	}
	if got := plain("*a* & <b>x</b> “q”"); got != "a & <b>x</b> “q”" {
		t.Errorf("plain = %q: want the Markdown's text, raw HTML kept as text", got)
	}
	if got := xmlSafe("a\x00b\x1bc\uFFFEd\té"); got != "a\uFFFDb\uFFFDc\uFFFDd\té" {
		t.Errorf("xmlSafe = %q: characters XML cannot hold must become U+FFFD", got)
	}
}

// FuzzExport checks that any valid knowledge check gives a Moodle file and a Canvas package that
// parse, hold every question, and whose identifiers all resolve.
func FuzzExport(f *testing.F) {
	f.Add(allTypes)
	f.Add("title = \"]]>\"\nkind = \"knowledge\"\n[[questions]]\ntype = \"short\"\nprompt = \"a\\u0001b ]]> <![CDATA[\"\naccept = [\"x]]>\", \"\\r\\n*\"]\n")
	f.Fuzz(func(t *testing.T, src string) {
		q, ds := quiz.Parse("quizzes/fuzz.toml", "fuzz", []byte(src))
		if q == nil || len(ds) > 0 || q.Kind != quiz.Knowledge {
			return
		}
		if out, err := Moodle([]*quiz.Quiz{q}); err == nil {
			if m := parseMoodle(t, out); len(m.Questions) != 1+len(q.Questions) {
				t.Errorf("%d Moodle questions, want a category and %d", len(m.Questions), len(q.Questions))
			}
		} else if len(diag.As(err)) == 0 || diag.As(err)[0].File != q.File {
			t.Errorf("Moodle: %v", err)
		}
		c := readPackage(t, mustCanvas(t, q))
		if len(c.assessments) != 1 || len(c.assessments[0].Section.Items) != len(q.Questions) {
			t.Errorf("the Canvas package does not hold the quiz's %d questions", len(q.Questions))
		}
	})
}

// TestGolden compares the export of a quiz with one question of each type with testdata/, where a
// reviewer can read what Moodle and Canvas receive: types.xml, and the Canvas package unzipped in
// types-canvas/.
func TestGolden(t *testing.T) {
	q := parseQuiz(t, "types", allTypes)
	want := map[string][]byte{"types.xml": mustMoodle(t, q)}
	data := mustCanvas(t, q)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		want[path.Join("types-canvas", f.Name)] = b
	}
	for name, got := range want {
		golden.Check(t, filepath.Join("testdata", filepath.FromSlash(name)), got)
	}
}
