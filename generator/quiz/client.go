package quiz

import "encoding/json"

// clientQuiz is what the browser runtime needs to score a quiz. Text the student reads (prompts,
// options, feedback, explanations, advice) is rendered into the page instead.
type clientQuiz struct {
	ID        string           `json:"id"`
	Hash      string           `json:"hash"`
	Kind      string           `json:"kind"`
	Max       int              `json:"max"`
	Scale     []string         `json:"scale,omitempty"`
	Bands     []clientBand     `json:"bands,omitempty"`
	Questions []clientQuestion `json:"questions"`
}

type clientQuestion struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Shuffle   bool     `json:"shuffle,omitempty"`   // single, multiple
	Options   int      `json:"options,omitempty"`   // single, multiple: how many
	Correct   []int    `json:"correct,omitempty"`   // single, multiple: the indexes of the right options
	Answer    *bool    `json:"answer,omitempty"`    // truefalse
	Accept    []string `json:"accept,omitempty"`    // short, as written; compare by NormalizeAnswer
	Items     []string `json:"items,omitempty"`     // order, in the right order
	Shown     []int    `json:"shown,omitempty"`     // order: OrderShown
	Reverse   bool     `json:"reverse,omitempty"`   // likert
	Dimension string   `json:"dimension,omitempty"` // likert
	// NotApplicable tells that a likert statement may be answered NotApplicableAnswer.
	NotApplicable bool `json:"notApplicable,omitempty"`
}

type clientBand struct {
	ID    string `json:"id"`
	Min   int    `json:"min"`
	Max   int    `json:"max"`
	Title string `json:"title"`
}

// ClientJSON encodes what the browser runtime needs to score the quiz: its id, hash, kind, maximum
// score, scale and bands (without advice), and for each question its id, type and right answer,
// and whether a likert statement may be answered as not applying.
// Keys that do not apply to a question are left out. <, > and & are escaped, so the result can be
// placed in a <script> element as it is.
func (q *Quiz) ClientJSON() ([]byte, error) {
	c := clientQuiz{ID: q.ID, Hash: q.Hash, Kind: q.Kind, Max: q.MaxScore(), Scale: q.Scale,
		Questions: make([]clientQuestion, len(q.Questions))}
	for _, b := range q.Bands {
		c.Bands = append(c.Bands, clientBand{ID: b.ID, Min: b.Min, Max: b.Max, Title: b.Title})
	}
	for i, question := range q.Questions {
		cq := clientQuestion{ID: question.ID, Type: question.Type, Shuffle: question.Shuffle,
			Options: len(question.Options), Answer: question.Answer, Accept: question.Accept,
			Items: question.Items, Shown: q.OrderShown(i), Reverse: question.Reverse, Dimension: question.Dimension,
			NotApplicable: question.NotApplicable != ""}
		for j, o := range question.Options {
			if o.Correct {
				cq.Correct = append(cq.Correct, j)
			}
		}
		c.Questions[i] = cq
	}
	return json.Marshal(c)
}
