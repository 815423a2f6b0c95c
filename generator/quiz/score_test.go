package quiz

import (
	"reflect"
	"testing"

	"kith/generator/diag"
)

func mustParse(t *testing.T, path string) *Quiz {
	t.Helper()
	q, ds := parseCase(t, path)
	if q == nil {
		t.Fatal(diag.Errors(ds))
	}
	return q
}

func TestScoreKnowledge(t *testing.T) {
	q := mustParse(t, "testdata/valid/knowledge.toml")
	allRight := Answers{"secure-base": 0, "q2": []int{2, 0}, "q3": false,
		"q4": "  Intimacy   at a DISTANCE!! ", "strange-situation": []int{0, 1, 2, 3}, "q6": "anything"}
	with := func(id string, v any) Answers {
		a := Answers{}
		for k, x := range allRight {
			a[k] = x
		}
		a[id] = v
		return a
	}
	cases := []struct {
		name    string
		answers Answers
		score   int
		wrong   string // the one question answered wrong, if any
	}{
		{"all right", allRight, 5, ""},
		{"repeats in multiple are ignored", with("q2", []int{0, 2, 2}), 5, ""},
		{"JSON numbers", with("secure-base", 0.0), 5, ""},
		{"wrong option", with("secure-base", 1), 4, "secure-base"},
		{"option out of range", with("secure-base", 7), 4, "secure-base"},
		{"fractional option", with("secure-base", 0.5), 4, "secure-base"},
		{"multiple missing one", with("q2", []int{0}), 4, "q2"},
		{"multiple with an extra", with("q2", []int{0, 1, 2}), 4, "q2"},
		{"multiple out of range", with("q2", []int{0, 2, 3}), 4, "q2"},
		{"truefalse wrong", with("q3", true), 4, "q3"},
		{"truefalse as string", with("q3", "false"), 4, "q3"},
		{"short wrong", with("q4", "intimacy at distance"), 4, "q4"},
		{"short second accept", with("q4", "Distance."), 5, ""},
		{"short empty", with("q4", ""), 4, "q4"},
		{"order wrong", with("strange-situation", []int{1, 0, 2, 3}), 4, "strange-situation"},
		{"order too short", with("strange-situation", []int{0, 1, 2}), 4, "strange-situation"},
		{"order as JSON", with("strange-situation", []any{0.0, 1.0, 2.0, 3.0}), 5, ""},
		{"order with a string", with("strange-situation", []any{0.0, "1", 2.0, 3.0}), 4, "strange-situation"},
	}
	for _, c := range cases {
		r := q.Score(c.answers)
		want := map[string]bool{"secure-base": true, "q2": true, "q3": true, "q4": true, "strange-situation": true}
		if c.wrong != "" {
			want[c.wrong] = false
		}
		if r.Score != c.score || r.Max != 5 || !reflect.DeepEqual(r.Correct, want) || r.Band != "" || len(r.Dimensions) != 0 {
			t.Errorf("%s: got %+v; want score %d/5, %s wrong", c.name, r, c.score, c.wrong)
		}
	}
	if r := q.Score(nil); r.Score != 0 || len(r.Correct) != 5 {
		t.Errorf("no answers: got %+v; want 0 and five questions marked wrong", r)
	}
}

func TestScoreSelfAssessment(t *testing.T) {
	q := mustParse(t, "testdata/valid/self-assessment.toml")
	comfort, worry := "Comfort with closeness", "Worry about rejection"
	cases := []struct {
		name    string
		answers Answers
		want    Result
	}{
		{"reverse scored", Answers{"lean-on": 4, "q2": 1, "q3": 0}, Result{Score: 9, Band: "high",
			Dimensions: []DimensionScore{{comfort, 8, 8}, {worry, 1, 4}}}},
		{"lowest", Answers{"lean-on": 0, "q2": 0, "q3": 4}, Result{Score: 0, Band: "low",
			Dimensions: []DimensionScore{{comfort, 0, 8}, {worry, 0, 4}}}},
		{"band edge", Answers{"lean-on": 4, "q2": 1, "q3": 4}, Result{Score: 5, Band: "middle",
			Dimensions: []DimensionScore{{comfort, 4, 8}, {worry, 1, 4}}}},
		{"unanswered and out of range add nothing", Answers{"lean-on": 9, "q2": 2.0}, Result{Score: 2, Band: "low",
			Dimensions: []DimensionScore{{comfort, 0, 8}, {worry, 2, 4}}}},
	}
	for _, c := range cases {
		c.want.Max, c.want.Applicable, c.want.Scaled, c.want.Correct = 12, 12, c.want.Score, map[string]bool{}
		if got := q.Score(c.answers); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

// TestScoreNotApplicable: statements that do not apply leave the total and the maximum, and the
// band is placed by the total scaled to the full maximum (12 here: three statements scored 0–4).
func TestScoreNotApplicable(t *testing.T) {
	q := mustParse(t, "testdata/valid/not-applicable.toml")
	if got := q.Questions[1].NotApplicable; got != "I have no subscriptions" {
		t.Errorf("the not_applicable label should be trimmed; got %q", got)
	}
	cases := []struct {
		name                            string
		answers                         Answers
		score, left, applicable, scaled int
		band                            string
		money, moneyMax, time, timeMax  int
	}{
		{"none left out", Answers{"gifts": 4, "budget": 0, "late": 4}, 12, 0, 12, 12, "high", 8, 8, 4, 4},
		// 2 of 8 is 3 of 12: the low band, though 2 alone would be too.
		{"one left out", Answers{"gifts": "na", "budget": 2, "late": 0}, 2, 1, 8, 3, "low", 2, 4, 0, 4},
		// 3 of 8 is 4.5 of 12, which rounds to 5: the middle band, not the low one.
		{"a half rounds up", Answers{"gifts": "na", "budget": 4, "late": 3}, 3, 1, 8, 5, "middle", 0, 4, 3, 4},
		// 3 of 4 is 9 of 12: the high band, though 3 alone would be low.
		{"two left out", Answers{"gifts": "na", "budget": "na", "late": 3}, 3, 2, 4, 9, "high", 0, 0, 3, 4},
		{"all left out", Answers{"gifts": "na", "budget": "na", "late": "na"}, 0, 3, 0, 0, "", 0, 0, 0, 0},
		{"a number is not n/a", Answers{"gifts": 0.0, "budget": "NA"}, 0, 0, 12, 0, "low", 0, 8, 0, 4},
	}
	for _, c := range cases {
		want := Result{Score: c.score, Max: 12, NotApplicable: c.left, Applicable: c.applicable, Scaled: c.scaled,
			Band: c.band, Correct: map[string]bool{},
			Dimensions: []DimensionScore{{"Money", c.money, c.moneyMax}, {"Time", c.time, c.timeMax}}}
		if got := q.Score(c.answers); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, want)
		}
	}
}
