package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"kith/generator/diag"
	"kith/generator/quiz"
)

// moodleShare is the grade, in percent, of each right option of a multiple question with n right
// options: 100/n, when it is one of the grades Moodle's question editor offers
// (question_bank::fraction_options_full: 0, ±100, ±p/q for q ≤ 6, ±p/10, ±1/q for q ≤ 10 and
// ±1/20). An answer graded otherwise imports, but the editor cannot show its grade and resets it
// when the question is saved.
func moodleShare(n int) (string, bool) {
	if n < 1 || n > 10 && n != 20 {
		return "", false
	}
	// Moodle stores a fraction to 7 decimal places: a percentage to 5.
	s := strconv.FormatFloat(100/float64(n), 'f', 5, 64)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), "."), true
}

// The Moodle XML elements kith writes (question/format/xml/format.php).
type (
	moodleQuiz struct {
		XMLName   xml.Name         `xml:"quiz"`
		Questions []moodleQuestion `xml:"question"`
	}
	moodleQuestion struct {
		Type            string      `xml:"type,attr"`
		Category        *moodleText `xml:"category"`
		Name            *moodleText `xml:"name"`
		QuestionText    *moodleText `xml:"questiontext"`
		GeneralFeedback *moodleText `xml:"generalfeedback"`
		DefaultGrade    string      `xml:"defaultgrade,omitempty"`
		Penalty         string      `xml:"penalty,omitempty"`
		Hidden          string      `xml:"hidden,omitempty"`
		// multichoice
		Single                  string `xml:"single,omitempty"`
		ShuffleAnswers          string `xml:"shuffleanswers,omitempty"`
		AnswerNumbering         string `xml:"answernumbering,omitempty"`
		ShowStandardInstruction string `xml:"showstandardinstruction,omitempty"`
		// shortanswer
		UseCase string `xml:"usecase,omitempty"`
		// essay
		ResponseFormat      string      `xml:"responseformat,omitempty"`
		ResponseRequired    string      `xml:"responserequired,omitempty"`
		ResponseFieldLines  string      `xml:"responsefieldlines,omitempty"`
		Attachments         string      `xml:"attachments,omitempty"`
		AttachmentsRequired string      `xml:"attachmentsrequired,omitempty"`
		GraderInfo          *moodleText `xml:"graderinfo"`
		ResponseTemplate    *moodleText `xml:"responsetemplate"`
		// ordering (qtype_ordering, core since Moodle 4.4)
		LayoutType     string `xml:"layouttype,omitempty"`
		SelectType     string `xml:"selecttype,omitempty"`
		SelectCount    string `xml:"selectcount,omitempty"`
		GradingType    string `xml:"gradingtype,omitempty"`
		ShowGrading    string `xml:"showgrading,omitempty"`
		NumberingStyle string `xml:"numberingstyle,omitempty"`

		Answers []moodleAnswer `xml:"answer"`
	}
	// moodleText is an element holding <text>; HTML goes in CDATA, as Moodle writes it.
	moodleText struct {
		Format string `xml:"format,attr,omitempty"`
		Text   cdata  `xml:"text"`
	}
	moodleAnswer struct {
		Fraction string      `xml:"fraction,attr"`
		Format   string      `xml:"format,attr,omitempty"`
		Text     cdata       `xml:"text"`
		Feedback *moodleText `xml:"feedback"`
	}
	cdata struct {
		S string `xml:",cdata"`
	}
)

func htmlText(s string) *moodleText  { return &moodleText{Format: "html", Text: cdata{xmlSafe(s)}} }
func plainText(s string) *moodleText { return &moodleText{Text: cdata{xmlSafe(s)}} }

// Moodle writes the knowledge checks as one Moodle XML file, each quiz's questions in a category
// named after its title. Each question keeps its type, text, right answers, per-option feedback and
// explanation (as general feedback):
//
//	single      multichoice, one answer: the right option 100%, the others 0%
//	multiple    multichoice, several answers: each right option 100/n % of the mark, each wrong
//	            one -100%, so any wrong choice earns nothing and some right ones part of the mark
//	            (Moodle has no all-or-nothing multichoice in core)
//	truefalse   truefalse
//	short       shortanswer, every accepted answer at 100%, case ignored
//	order       ordering, all or nothing (core since Moodle 4.4; a plugin before)
//	reflection  essay, worth 0 marks, for the teacher to read
//
// It returns a diag.Diagnostic for a multiple question whose right options Moodle cannot share a
// mark between (more than 10, other than 20), and ErrSelfAssessment for a self-assessment.
func Moodle(quizzes []*quiz.Quiz) ([]byte, error) {
	if err := checkKinds(quizzes); err != nil {
		return nil, err
	}
	var out moodleQuiz
	var list diag.List
	for _, q := range quizzes {
		out.Questions = append(out.Questions, moodleQuestion{
			Type:     "category",
			Category: plainText("$course$/top/" + strings.ReplaceAll(xmlSafe(q.Title), "/", "//")),
		})
		for i, question := range q.Questions {
			mq, err := moodleItem(q, i, question)
			if err != "" {
				list.Errorf(q.File, question.Line, 1, "question %d: %s", i+1, err)
				continue
			}
			out.Questions = append(out.Questions, mq)
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("writing Moodle XML: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// moodleItem is one question in Moodle's terms, or why it cannot be one.
func moodleItem(q *quiz.Quiz, i int, question quiz.Question) (moodleQuestion, string) {
	mq := moodleQuestion{
		Name:            plainText(fmt.Sprintf("%s %02d %s", q.ID, i+1, question.ID)),
		QuestionText:    htmlText(block(question.Prompt)),
		GeneralFeedback: htmlText(block(question.Explanation)),
		DefaultGrade:    "1",
		Penalty:         "0.3333333",
		Hidden:          "0",
	}
	switch question.Type {
	case quiz.Single, quiz.Multiple:
		mq.Type = "multichoice"
		mq.Single = strconv.FormatBool(question.Type == quiz.Single)
		mq.ShuffleAnswers = strconv.FormatBool(question.Shuffle)
		mq.AnswerNumbering = "abc"
		mq.ShowStandardInstruction = "1"
		right, wrong := "100", "0"
		if question.Type == quiz.Multiple {
			n := 0
			for _, o := range question.Options {
				if o.Correct {
					n++
				}
			}
			share, ok := moodleShare(n)
			if !ok {
				return mq, fmt.Sprintf("Moodle cannot share a mark between %d right options (at most 10, or exactly 20): make it fewer questions", n)
			}
			right, wrong = share, "-100"
		}
		for _, o := range question.Options {
			a := moodleAnswer{Fraction: wrong, Format: "html", Text: cdata{xmlSafe(inline(o.Text))}, Feedback: htmlText(block(o.Feedback))}
			if o.Correct {
				a.Fraction = right
			}
			mq.Answers = append(mq.Answers, a)
		}
	case quiz.TrueFalse:
		mq.Type = "truefalse"
		for _, v := range []bool{true, false} {
			a := moodleAnswer{Fraction: "0", Format: "moodle_auto_format", Text: cdata{strconv.FormatBool(v)}, Feedback: htmlText("")}
			if question.Answer != nil && *question.Answer == v {
				a.Fraction = "100"
			}
			mq.Answers = append(mq.Answers, a)
		}
	case quiz.Short:
		mq.Type = "shortanswer"
		mq.UseCase = "0"
		for _, accept := range question.Accept {
			// In a Moodle short answer, * matches anything; \* is a star.
			text := strings.ReplaceAll(strings.TrimSpace(accept), "*", `\*`)
			mq.Answers = append(mq.Answers, moodleAnswer{Fraction: "100", Format: "moodle_auto_format", Text: cdata{xmlSafe(text)}, Feedback: htmlText("")})
		}
	case quiz.Order:
		mq.Type = "ordering"
		mq.LayoutType = "VERTICAL"
		mq.SelectType = "ALL"
		mq.SelectCount = strconv.Itoa(len(question.Items))
		mq.GradingType = "ALL_OR_NOTHING"
		mq.ShowGrading = "SHOW"
		mq.NumberingStyle = "none"
		// The ordering type keeps its items in the right order, numbered by fraction, and shuffles
		// them for each attempt itself.
		for k, item := range question.Items {
			mq.Answers = append(mq.Answers, moodleAnswer{Fraction: strconv.Itoa(k + 1), Format: "html", Text: cdata{xmlSafe(inline(item))}})
		}
	case quiz.Reflection:
		mq.Type = "essay"
		mq.DefaultGrade = "0"
		mq.Penalty = "0"
		mq.ResponseFormat = "editor"
		mq.ResponseRequired = "0"
		mq.ResponseFieldLines = "10"
		mq.Attachments = "0"
		mq.AttachmentsRequired = "0"
		mq.GraderInfo = htmlText("")
		mq.ResponseTemplate = htmlText("")
	default:
		return mq, fmt.Sprintf("a %s question has no Moodle equivalent", question.Type)
	}
	return mq, ""
}
