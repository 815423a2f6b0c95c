package quiz

import (
	"encoding/json"
	"testing"

	"kith/internal/golden"
)

// testdata/vectors.json is the contract between Score and the browser runtime: the runtime's
// tests load it and must produce the same normal forms and results. TestVectors writes it with
// -update and, on every other run, checks that Go still produces exactly what it holds. Its shape:
//
//	{
//	  "normalize": [                   // NormalizeAnswer(input) == want
//	    {"input": "  Intimacy   at a DISTANCE!! ", "want": "intimacy at a distance"}, ...
//	  ],
//	  "quizzes": [
//	    {
//	      "file": "testdata/valid/knowledge.toml",
//	      "quiz": {...},               // scoringData for that file: ClientJSON, unsealed
//	      "cases": [
//	        {
//	          "name": "all right",
//	          "answers": {"q1": 0, ...}, // question id -> answer, as Answers describes ("na": does not apply)
//	          "want": {                // the Result
//	            "score": 5, "max": 5,
//	            "notApplicable": 0,             // statements left out as not applying
//	            "applicable": 5,                // max without them
//	            "scaled": 5,                    // score scaled to max: what places the band
//	            "correct": {"q1": true, ...},   // every scored question; {} in a self-assessment
//	            "band": "",                     // the band id; "" in a knowledge quiz
//	            "dimensions": [{"name": "...", "score": 3, "max": 8}, ...]  // [] if none
//	          }
//	        }, ...
//	      ]
//	    }, ...
//	  ]
//	}
const vectorsFile = "testdata/vectors.json"

type vectors struct {
	Normalize []normalizeVector `json:"normalize"`
	Quizzes   []quizVector      `json:"quizzes"`
}

type normalizeVector struct {
	Input string `json:"input"`
	Want  string `json:"want"`
}

type quizVector struct {
	File  string          `json:"file"`
	Quiz  json.RawMessage `json:"quiz"`
	Cases []answerVector  `json:"cases"`
}

type answerVector struct {
	Name    string          `json:"name"`
	Answers json.RawMessage `json:"answers"`
	Want    Result          `json:"want"`
}

// answerSets are the answers each vector quiz is scored with, written as the browser stores them.
var answerSets = []struct {
	file    string
	answers [][2]string // name, answers
}{
	{"testdata/valid/knowledge.toml", [][2]string{
		{"all right", `{"secure-base": 0, "q2": [2, 0], "q3": false, "q4": "  Intimacy   at a DISTANCE!! ", "strange-situation": [0, 1, 2, 3], "q6": "It all did."}`},
		{"all wrong", `{"secure-base": 2, "q2": [0, 1, 2], "q3": true, "q4": "intimacy", "strange-situation": [1, 0, 2, 3], "q6": ""}`},
		{"nothing answered", `{}`},
		{"partly right", `{"secure-base": 0, "q2": [0], "q4": "DISTANCE", "strange-situation": [0, 1, 3, 2]}`},
		{"repeats in a multiple answer are ignored", `{"q2": [0, 2, 0]}`},
		{"out of range and wrong types", `{"secure-base": 3, "q2": [0, 2, 5], "q3": "false", "q4": 7, "strange-situation": [0, 1, 2, 3, 3]}`},
		{"whole floats count, fractions do not", `{"secure-base": 0.0, "strange-situation": [0, 1, 2.5, 3]}`},
	}},
	{"testdata/valid/short-answers.toml", [][2]string{
		{"exact", `{"distance": "Intimacy at a distance", "dont": "I don't know", "cafe": "Café Müller", "cpp": "C++", "city": "İstanbul"}`},
		{"case, spaces and punctuation", `{"distance": "  intimacy   at a DISTANCE!! ", "dont": "i don’t know…", "cafe": "«CAFÉ  MÜLLER»", "cpp": " c++ ", "city": "istanbul"}`},
		{"unicode spaces", "{\"distance\": \"intimacy\\u00a0at\\ta\\u2003distance\", \"dont\": \"I\\ndon't\\r\\nknow\"}"},
		{"near misses", `{"distance": "intimacy at distance", "dont": "I do not know", "cafe": "Cafe Muller", "cpp": "C", "city": "Instanbul"}`},
		{"decomposed accent differs", "{\"cafe\": \"Cafe\\u0301 Mu\\u0308ller\"}"},
		{"second accepted answer", `{"city": "constantinople."}`},
		{"empty and punctuation only", `{"distance": "", "dont": "?!", "cafe": "   "}`},
	}},
	{"testdata/valid/self-assessment.toml", [][2]string{
		{"highest", `{"lean-on": 4, "q2": 4, "q3": 0, "q4": "Yesterday."}`},
		{"lowest", `{"lean-on": 0, "q2": 0, "q3": 4}`},
		{"top of the low band", `{"lean-on": 4, "q2": 0, "q3": 4}`},
		{"bottom of the middle band", `{"lean-on": 4, "q2": 1, "q3": 4}`},
		{"reverse scored", `{"lean-on": 2, "q2": 1, "q3": 1}`},
		{"unanswered adds nothing", `{"q3": 1}`},
		{"out of range adds nothing", `{"lean-on": 5, "q2": -1, "q3": 1.5}`},
		{"not applicable where the statement does not offer it adds nothing", `{"lean-on": "na", "q2": 4, "q3": 0}`},
	}},
	{"testdata/valid/not-applicable.toml", [][2]string{
		{"nothing left out", `{"gifts": 3, "budget": 1, "late": 2}`},
		{"one left out: the total is scaled to the full maximum", `{"gifts": "na", "budget": 1, "late": 3}`},
		{"a half rounds up", `{"gifts": "na", "budget": 4, "late": 3}`},
		{"one left out, lowest answers", `{"budget": "na", "gifts": 0, "late": 0}`},
		{"a whole dimension left out", `{"gifts": "na", "budget": "na", "late": 4}`},
		{"left out and unanswered", `{"gifts": "na"}`},
		{"every statement left out: nothing to place", `{"gifts": "na", "budget": "na", "late": "na", "q4": "Nothing."}`},
		{"only the exact answer leaves a statement out", `{"gifts": "NA", "budget": "n/a", "late": null}`},
	}},
}

func buildVectors(t *testing.T) vectors {
	t.Helper()
	v := vectors{Normalize: []normalizeVector{}}
	for _, c := range normalizeCases {
		v.Normalize = append(v.Normalize, normalizeVector{c.input, NormalizeAnswer(c.input)})
	}
	for _, set := range answerSets {
		q := mustParse(t, set.file)
		client, err := json.Marshal(q.scoringData())
		if err != nil {
			t.Fatal(err)
		}
		qv := quizVector{File: set.file, Quiz: client}
		for _, na := range set.answers {
			var a Answers
			if err := json.Unmarshal([]byte(na[1]), &a); err != nil {
				t.Fatalf("%s: %s: %v", set.file, na[0], err)
			}
			qv.Cases = append(qv.Cases, answerVector{Name: na[0], Answers: json.RawMessage(na[1]), Want: q.Score(a)})
		}
		v.Quizzes = append(v.Quizzes, qv)
	}
	return v
}

func TestVectors(t *testing.T) {
	data, err := json.MarshalIndent(buildVectors(t), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, vectorsFile, append(data, '\n'))
}
