package quiz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that every problem it reports has a line and
// column to jump to, and that whatever it accepts can be encoded and scored, with every possible
// self-assessment total in exactly one band.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.toml")
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`"\`)) // a syntax error the TOML library places on line 0
	f.Fuzz(func(t *testing.T, data []byte) {
		q, ds := Parse("quizzes/fuzz.toml", "fuzz", data)
		if (q == nil) == (len(ds) == 0) {
			t.Fatalf("got a quiz: %v, and %d diagnostics", q != nil, len(ds))
		}
		for _, d := range ds {
			// The TOML library places some syntax errors at the end of input on line 0, and
			// tomlx passes its position on as it is.
			if strings.HasPrefix(d.Message, "TOML syntax:") {
				continue
			}
			if d.Line < 1 || d.Col < 1 {
				t.Errorf("no position: %v", d)
			}
		}
		if q == nil {
			return
		}
		if _, err := q.ClientJSON(); err != nil {
			t.Fatal(err)
		}
		answers := Answers{}
		for i, question := range q.Questions {
			answers[question.ID] = q.OrderShown(i)
		}
		encoded, _ := json.Marshal(answers)
		var decoded Answers
		if err := json.Unmarshal(encoded, &decoded); err != nil {
			t.Fatal(err)
		}
		q.Score(decoded)
		if q.Kind != SelfAssessment {
			return
		}
		// Statements left out scale the rest up to the full maximum: whatever is left out, the
		// scaled total can be placed, unless nothing applies.
		for _, pick := range []int{0, len(q.Scale) - 1} {
			a := Answers{}
			for i, question := range q.Questions {
				if question.NotApplicable != "" && i%2 == 0 {
					a[question.ID] = NotApplicableAnswer
				} else {
					a[question.ID] = pick
				}
			}
			r := q.Score(a)
			if r.Scaled < 0 || r.Scaled > r.Max || (r.Band == "") != (r.Applicable == 0) {
				t.Fatalf("answers %v: scaled %d of %d, %d applicable, band %q", a, r.Scaled, r.Max, r.Applicable, r.Band)
			}
		}
		for total := 0; total <= min(q.MaxScore(), 1000); total++ {
			n := 0
			for _, b := range q.Bands {
				if b.Min <= total && total <= b.Max {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("total %d is in %d bands", total, n)
			}
		}
	})
}
