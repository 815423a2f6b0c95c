package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/quiz"
)

// QuizText is every piece of text a quiz shows.
func QuizText(q *quiz.Quiz) []string {
	out := append([]string{q.Title, q.Intro}, q.Scale...)
	for _, question := range q.Questions {
		out = append(out, question.Prompt, question.Explanation, question.Dimension)
		out = append(append(out, question.Accept...), question.Items...)
		for _, o := range question.Options {
			out = append(out, o.Text, o.Feedback)
		}
	}
	for _, b := range q.Bands {
		out = append(out, b.Title, b.Advice)
	}
	return out
}

// checkQuizText reports, for every quiz, what quizTextProblems finds.
func (s *Site) checkQuizText() []*diag.Diagnostic {
	var ds []*diag.Diagnostic
	for _, id := range s.QuizIDs() {
		ds = append(ds, QuizTextProblems(s.Dir, s.Quizzes[id])...)
	}
	return ds
}

// QuizTextProblems reports the images in a quiz's text that would load from other sites, and
// links that cannot work, as a page's own are: a quiz's text is rendered into pages as Markdown.
// Each is placed where its line of text is in the quiz's file, or at the file when an escape in
// the TOML string hides it.
func QuizTextProblems(dir string, q *quiz.Quiz) []*diag.Diagnostic {
	var ds []*diag.Diagnostic
	var src []byte
	for _, text := range QuizText(q) {
		for _, f := range markdown.DataProblems(text) {
			if src == nil {
				src, _ = os.ReadFile(filepath.Join(dir, filepath.FromSlash(q.File)))
			}
			line, col := 0, 0
			lineText := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")[f.Line-1]
			if at := bytes.Index(src, []byte(lineText)); at >= 0 && lineText != "" {
				line = bytes.Count(src[:at], []byte("\n")) + 1
				col = at - (bytes.LastIndexByte(src[:at], '\n') + 1) + f.Col
			}
			ds = append(ds, diag.Errorf(q.File, line, col, "%s", f.Message))
		}
	}
	return ds
}
