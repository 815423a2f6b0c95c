package quiz

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
)

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
	// Key and Sealed carry the questions' right answers, sealed; see ClientJSON.
	Key    string `json:"key,omitempty"`
	Sealed string `json:"sealed,omitempty"`
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

// ClientJSON encodes what the browser runtime needs to score the quiz, as the page holds it: the
// fields of scoringData, with each question's right answer sealed (see seal) so that reading the
// page's source does not give it away. The runtime unseals it where it reads the quiz.
// <, > and & are escaped, so the result can be placed in a <script> element as it is.
func (q *Quiz) ClientJSON() ([]byte, error) {
	c := q.scoringData()
	answers := make([]clientAnswer, len(c.Questions))
	for i := range c.Questions {
		cq := &c.Questions[i]
		answers[i] = clientAnswer{Correct: cq.Correct, Answer: cq.Answer, Accept: cq.Accept, Items: cq.Items}
		cq.Correct, cq.Answer, cq.Accept, cq.Items = nil, nil, nil, nil
	}
	plain, err := json.Marshal(answers)
	if err != nil {
		return nil, err
	}
	key := sealKey(q)
	c.Key = base64.StdEncoding.EncodeToString(key)
	c.Sealed = base64.StdEncoding.EncodeToString(seal(plain, key))
	return json.Marshal(c)
}

// clientAnswer is one question's right answer, as sealed.
type clientAnswer struct {
	Correct []int    `json:"correct,omitempty"`
	Answer  *bool    `json:"answer,omitempty"`
	Accept  []string `json:"accept,omitempty"`
	Items   []string `json:"items,omitempty"`
}

// sealKey is the quiz's own key: made from its id and hash, so that a build is reproducible and
// two quizzes' sealed answers do not look alike.
func sealKey(q *Quiz) []byte {
	sum := sha256.Sum256([]byte("kith quiz answers\x00" + q.ID + "\x00" + q.Hash))
	return sum[:16]
}

// seal XORs data with the key, repeated. It is its own inverse, and the runtime's unseal in
// quiz.js mirrors it. The key is in the page too: this keeps right answers from a glance at the
// page's source, not from a student who decodes them.
func seal(data, key []byte) []byte {
	out := make([]byte, len(data))
	for i, b := range data {
		out[i] = b ^ key[i%len(key)]
	}
	return out
}

// scoringData is what the runtime's score function reads once unsealed: the quiz's id, hash,
// kind, maximum score, scale and bands (without advice), and for each question its id, type and
// right answer, and whether a likert statement may be answered as not applying. Keys that do not
// apply to a question are left out. The scoring vectors (testdata/vectors.json) hold it.
func (q *Quiz) scoringData() clientQuiz {
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
	return c
}
