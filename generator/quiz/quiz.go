// Package quiz reads quizzes/<id>.toml into a Quiz, checks it for every mistake an author can make,
// and scores answers the way the browser runtime does.
//
// A quiz is either a knowledge quiz (one point for each scored question) or a self-assessment (the
// sum of its likert statements, read through bands). The page shows the quiz; ClientJSON carries
// what the browser needs to score it; Score is the reference the browser must agree with, and
// testdata/vectors.json holds the cases that prove it does.
package quiz

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"kith/generator/diag"
	"kith/generator/tomlx"
)

// Quiz kinds.
const (
	Knowledge      = "knowledge"
	SelfAssessment = "self-assessment"
)

// Question types.
const (
	Single     = "single"
	Multiple   = "multiple"
	TrueFalse  = "truefalse"
	Short      = "short"
	Order      = "order"
	Reflection = "reflection"
	Likert     = "likert"
)

// Quiz is one validated quizzes/<id>.toml.
type Quiz struct {
	ID        string // the file name without .toml
	File      string // the slash path shown in messages, e.g. "quizzes/time-audit.toml"
	Title     string
	Kind      string // Knowledge or SelfAssessment
	Intro     string // Markdown
	Shuffle   bool   // the default Shuffle of its single and multiple questions
	Scale     []string
	Questions []Question
	Bands     []Band
	Hash      string // the first 12 hex digits of the file's SHA-256: saved answers are keyed by it, so they are dropped when the quiz changes
}

// Question is one [[questions]] table. Which fields are set depends on Type.
type Question struct {
	// ID keys the question's saved answer. An author may set it; otherwise it is "q" followed by
	// the question's 1-based position in the file ("q1", "q2", ...), so moving or inserting a
	// question without an id loses the answers saved for the questions after it.
	ID          string
	Type        string
	Prompt      string // inline Markdown
	Explanation string // Markdown shown after checking
	Options     []Option
	Answer      *bool    // truefalse
	Accept      []string // short
	Items       []string // order, in the right order
	Reverse     bool     // likert: scored n-1-value
	Dimension   string   // likert: the sub-score it counts towards
	// NotApplicable is the label of a likert statement's "this does not apply to me" answer, ""
	// when it has none. A statement answered so is left out of the total and of the maximum.
	NotApplicable string
	Shuffle       bool // single and multiple: shuffle options on each attempt; defaults to the quiz's
	Line          int  // the line of its [[questions]] header
}

// Option is one [[questions.options]] table of a single or multiple question.
type Option struct {
	Text     string // inline Markdown
	Feedback string // Markdown shown when the option is chosen
	Correct  bool
}

// Band is one [[bands]] table: the self-assessment result for totals Min..Max inclusive.
type Band struct {
	ID       string
	Min, Max int
	Title    string
	Advice   string // Markdown
}

// quizFile is the schema of a quiz file. Pointers tell a key that is missing from one set to its
// zero value; the model above is built from it once it is known to be valid.
type quizFile struct {
	Title     string         `toml:"title"`
	Kind      string         `toml:"kind"`
	Intro     string         `toml:"intro"`
	Shuffle   bool           `toml:"shuffle"`
	Scale     []string       `toml:"scale"`
	Questions []questionFile `toml:"questions"`
	Bands     []bandFile     `toml:"bands"`
}

type questionFile struct {
	ID          string       `toml:"id"`
	Type        string       `toml:"type"`
	Prompt      string       `toml:"prompt"`
	Explanation string       `toml:"explanation"`
	Shuffle     *bool        `toml:"shuffle"`
	Options     []optionFile `toml:"options"`
	Answer      *bool        `toml:"answer"`
	Accept      []string     `toml:"accept"`
	Items       []string     `toml:"items"`
	Reverse     *bool        `toml:"reverse"`
	Dimension   *string      `toml:"dimension"`
	// NotApplicable is a pointer so that not_applicable = "" is reported rather than ignored.
	NotApplicable *string `toml:"not_applicable"`
}

type optionFile struct {
	Text     string `toml:"text"`
	Correct  bool   `toml:"correct"`
	Feedback string `toml:"feedback"`
}

type bandFile struct {
	ID     string `toml:"id"`
	Min    *int   `toml:"min"`
	Max    *int   `toml:"max"`
	Title  string `toml:"title"`
	Advice string `toml:"advice"`
}

// Parse reads one quiz file. file is the slash path used in messages and id the file's name without
// .toml. It returns the quiz, or nil and every problem found in the file.
func Parse(file, id string, data []byte) (*Quiz, []*diag.Diagnostic) {
	// A file saved on Windows is the same quiz: the same hash, so saved answers survive a
	// checkout with CRLF line ends, and no \r in its multi-line strings.
	data = bytes.ReplaceAll(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
	var ds []*diag.Diagnostic
	if !IsSlug(id) {
		ds = append(ds, diag.Errorf(file, 0, 0, "%q is not a safe quiz id: %s", id, renameHint(id)))
	}
	var f quizFile
	if decoded := tomlx.Decode(file, data, 1, &f); len(decoded) > 0 {
		ds = append(ds, decoded...)
		// Unknown keys leave the rest of the file decoded and worth checking; a syntax or type
		// error leaves it half read, and checking that would only report phantoms.
		if tomlx.Unmarshal(data, &quizFile{}) != nil {
			return nil, ds
		}
	}
	c := &checker{file: file, ix: tomlx.Locate(data), f: &f}
	c.check()
	ds = append(ds, c.ds...)
	if len(ds) > 0 {
		diag.Sort(ds)
		return nil, ds
	}
	sum := sha256.Sum256(data)
	return build(&f, file, id, hex.EncodeToString(sum[:6]), c.ix), nil
}

// build turns a valid quizFile into the model.
func build(f *quizFile, file, id, hash string, ix *tomlx.Index) *Quiz {
	q := &Quiz{ID: id, File: file, Title: f.Title, Kind: f.Kind, Intro: f.Intro, Shuffle: f.Shuffle,
		Scale: f.Scale, Hash: hash}
	for i, qf := range f.Questions {
		question := Question{
			ID:          questionID(qf, i),
			Type:        qf.Type,
			Prompt:      qf.Prompt,
			Explanation: qf.Explanation,
			Answer:      qf.Answer,
			Accept:      qf.Accept,
			Items:       qf.Items,
			Reverse:     qf.Reverse != nil && *qf.Reverse,
			Shuffle:     f.Shuffle,
			Line:        ix.AtOr(fmt.Sprintf("questions[%d]", i), "questions").Line,
		}
		if qf.Dimension != nil {
			question.Dimension = *qf.Dimension
		}
		if qf.NotApplicable != nil {
			question.NotApplicable = strings.TrimSpace(*qf.NotApplicable)
		}
		if qf.Shuffle != nil {
			question.Shuffle = *qf.Shuffle
		}
		if qf.Type != Single && qf.Type != Multiple {
			question.Shuffle = false
		}
		for _, o := range qf.Options {
			question.Options = append(question.Options, Option{Text: o.Text, Feedback: o.Feedback, Correct: o.Correct})
		}
		q.Questions = append(q.Questions, question)
	}
	for _, b := range f.Bands {
		q.Bands = append(q.Bands, Band{ID: b.ID, Min: *b.Min, Max: *b.Max, Title: b.Title, Advice: b.Advice})
	}
	return q
}

// questionID is the question's own id, or "q" and its 1-based position.
func questionID(qf questionFile, i int) string {
	if qf.ID != "" {
		return qf.ID
	}
	return fmt.Sprintf("q%d", i+1)
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsSlug reports whether s is safe in a URL, a file name and a storage key: lowercase ASCII letters
// and digits, in words joined by single hyphens.
func IsSlug(s string) bool { return slugRE.MatchString(s) }

var nonSlugRE = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify suggests a safe id for s, or "" when s has nothing to keep: "Week 1: Intro" → "week-1-intro".
func Slugify(s string) string {
	return strings.Trim(nonSlugRE.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// renameHint tells the author how to rename a quiz file whose name is not a safe id.
func renameHint(id string) string {
	const rule = "quiz file names use only lowercase letters, digits and hyphens"
	if s := Slugify(id); s != "" {
		return fmt.Sprintf("rename the file to %s.toml (%s)", s, rule)
	}
	return "rename the file: " + rule + `, e.g. "time-audit.toml"`
}
