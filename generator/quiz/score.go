package quiz

import "math"

// Answers maps a question id to a student's answer:
//
//	single      the index of the chosen option: int
//	multiple    the indexes of the chosen options, in any order: []int
//	truefalse   bool
//	short       the text typed: string
//	order       the item indexes (in the right order's numbering) as the student arranged them: []int
//	reflection  the text typed: string (never scored)
//	likert      the index of the chosen scale label, 0..len(scale)-1: int, or the string
//	            NotApplicableAnswer for "this does not apply to me" (when the statement offers it)
//
// A number may also be a float64 with an integral value and a list a []any of such numbers, as
// encoding/json decodes them. A missing answer, or one of the wrong type or out of range, counts
// as unanswered.
type Answers map[string]any

// NotApplicableAnswer is the answer to a likert statement that does not apply to the student.
const NotApplicableAnswer = "na"

// Result is the score of one set of answers.
type Result struct {
	Score int `json:"score"`
	Max   int `json:"max"`
	// NotApplicable counts the self-assessment's statements answered "does not apply".
	NotApplicable int `json:"notApplicable"`
	// Applicable is the highest score of the statements that apply: Max without the statements
	// left out. It is Max when none is.
	Applicable int `json:"applicable"`
	// Scaled is Score brought to the full Max by the share of it that applies, rounded to the
	// nearest whole number (a half rounds up): Score × Max / Applicable. A self-assessment's band
	// is the one holding Scaled, so bands written over the full Max work whatever is left out.
	// It is Score when nothing is left out, and 0 when every statement is.
	Scaled int `json:"scaled"`
	// Correct says, for each scored question of a knowledge quiz, whether it was answered right.
	Correct map[string]bool `json:"correct"`
	// Band is the id of the self-assessment band holding Scaled; "" for a knowledge quiz, and
	// when every statement was left out, so there is nothing to place.
	Band string `json:"band"`
	// Dimensions are the sub-scores of a self-assessment, in the order they first appear.
	Dimensions []DimensionScore `json:"dimensions"`
}

// DimensionScore is the sub-score of the likert statements that share a dimension. Statements
// left out as not applying count towards neither Score nor Max.
type DimensionScore struct {
	Name  string `json:"name"`
	Score int    `json:"score"`
	Max   int    `json:"max"`
}

// MaxScore is the highest score: one point per scored question of a knowledge quiz, or
// len(scale)-1 per likert statement of a self-assessment.
func (q *Quiz) MaxScore() int {
	total := 0
	for _, question := range q.Questions {
		total += q.questionMax(question)
	}
	return total
}

func (q *Quiz) questionMax(question Question) int {
	switch {
	case q.Kind == Knowledge && scored(question.Type):
		return 1
	case q.Kind == SelfAssessment && question.Type == Likert && len(q.Scale) > 0:
		return len(q.Scale) - 1
	}
	return 0
}

// Score scores a set of answers. A knowledge quiz earns one point for each right answer; multiple
// choice is all or nothing (the chosen set, ignoring order and repeats, must equal the correct
// set) and an order question is right only when the arrangement is the right order. A
// self-assessment adds up its answered likert statements, a reversed one scoring
// len(scale)-1-value; an unanswered statement adds nothing. A statement answered
// NotApplicableAnswer (where it offers that answer) is left out of the total and of the maximum,
// and Band is the band holding Scaled.
func (q *Quiz) Score(a Answers) Result {
	r := Result{Max: q.MaxScore(), Correct: map[string]bool{}, Dimensions: []DimensionScore{}}
	r.Applicable = r.Max
	dims := map[string]int{} // dimension name -> index in r.Dimensions
	for _, question := range q.Questions {
		if q.Kind == Knowledge && scored(question.Type) {
			ok := right(question, a[question.ID])
			r.Correct[question.ID] = ok
			if ok {
				r.Score++
			}
			continue
		}
		if q.Kind != SelfAssessment || question.Type != Likert {
			continue
		}
		top := len(q.Scale) - 1
		if question.NotApplicable != "" && a[question.ID] == NotApplicableAnswer {
			r.NotApplicable++
			r.Applicable -= top
			top = 0 // the statement's dimension, if any, is still listed, with nothing in it
		}
		points := 0
		if v, ok := asInt(a[question.ID]); ok && v >= 0 && v <= top {
			points = v
			if question.Reverse {
				points = top - v
			}
		}
		r.Score += points
		if question.Dimension == "" {
			continue
		}
		i, seen := dims[question.Dimension]
		if !seen {
			i = len(r.Dimensions)
			dims[question.Dimension] = i
			r.Dimensions = append(r.Dimensions, DimensionScore{Name: question.Dimension})
		}
		r.Dimensions[i].Score += points
		r.Dimensions[i].Max += top
	}
	r.Scaled = r.Score
	if q.Kind == SelfAssessment {
		r.Scaled = scale(r.Score, r.Max, r.Applicable)
		for _, b := range q.Bands {
			if r.Applicable > 0 && b.Min <= r.Scaled && r.Scaled <= b.Max {
				r.Band = b.ID
				break
			}
		}
	}
	return r
}

// scale returns score × full / applicable rounded to the nearest whole number, a half up, in
// integers so that the browser computes exactly the same; 0 when nothing applies.
func scale(score, full, applicable int) int {
	if applicable <= 0 {
		return 0
	}
	return (2*score*full + applicable) / (2 * applicable)
}

// right reports whether answer is the right answer to a scored question.
func right(question Question, answer any) bool {
	switch question.Type {
	case Single:
		i, ok := asInt(answer)
		return ok && i >= 0 && i < len(question.Options) && question.Options[i].Correct
	case Multiple:
		chosen, ok := asInts(answer)
		if !ok {
			return false
		}
		set := make([]bool, len(question.Options))
		for _, i := range chosen {
			if i < 0 || i >= len(set) {
				return false
			}
			set[i] = true
		}
		for i, o := range question.Options {
			if set[i] != o.Correct {
				return false
			}
		}
		return true
	case TrueFalse:
		b, ok := answer.(bool)
		return ok && question.Answer != nil && b == *question.Answer
	case Short:
		s, ok := answer.(string)
		if !ok {
			return false
		}
		given := NormalizeAnswer(s)
		for _, accept := range question.Accept {
			if given != "" && given == NormalizeAnswer(accept) {
				return true
			}
		}
		return false
	case Order:
		arranged, ok := asInts(answer)
		return ok && len(arranged) == len(question.Items) && isIdentity(arranged)
	}
	return false
}

// asInt accepts an int, or a float64 holding a whole number, as JSON decoding produces.
func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int(n), true
		}
	}
	return 0, false
}

// asInts accepts a []int, or a []any of numbers asInt accepts.
func asInts(v any) ([]int, bool) {
	switch list := v.(type) {
	case []int:
		return list, true
	case []any:
		out := make([]int, len(list))
		for i, x := range list {
			n, ok := asInt(x)
			if !ok {
				return nil, false
			}
			out[i] = n
		}
		return out, true
	}
	return nil, false
}
