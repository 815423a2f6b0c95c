package quiz

import (
	"fmt"
	"slices"
	"strings"

	"kith/generator/diag"
	"kith/generator/tomlx"
)

var (
	kinds = []string{Knowledge, SelfAssessment}
	types = []string{Single, Multiple, TrueFalse, Short, Order, Reflection, Likert}
)

// typeKeys says which question types take each type-specific key, so a key written on the wrong
// type is reported instead of silently ignored.
var typeKeys = []struct {
	key     string
	types   []string
	written func(questionFile) bool
}{
	{"options", []string{Single, Multiple}, func(q questionFile) bool { return q.Options != nil }},
	{"shuffle", []string{Single, Multiple}, func(q questionFile) bool { return q.Shuffle != nil }},
	{"answer", []string{TrueFalse}, func(q questionFile) bool { return q.Answer != nil }},
	{"accept", []string{Short}, func(q questionFile) bool { return q.Accept != nil }},
	{"items", []string{Order}, func(q questionFile) bool { return q.Items != nil }},
	{"reverse", []string{Likert}, func(q questionFile) bool { return q.Reverse != nil }},
	{"dimension", []string{Likert}, func(q questionFile) bool { return q.Dimension != nil }},
	{"not_applicable", []string{Likert}, func(q questionFile) bool { return q.NotApplicable != nil }},
}

// checker collects every problem of one decoded quiz file, each at the most specific place the
// author wrote it.
type checker struct {
	file string
	ix   *tomlx.Index
	f    *quizFile
	ds   []*diag.Diagnostic
}

// errorf reports a problem at p.
func (c *checker) errorf(p tomlx.Pos, format string, args ...any) {
	c.ds = append(c.ds, diag.Errorf(c.file, p.Line, p.Col, format, args...))
}

// at returns where the first of paths is written: callers list the key itself, then its table,
// so that a problem is reported on the line the author must change.
func (c *checker) at(paths ...string) tomlx.Pos { return c.ix.AtOr(paths...) }

func (c *checker) check() {
	f := c.f
	if strings.TrimSpace(f.Title) == "" {
		c.errorf(c.at("title"), `missing title: add title = "..." at the top of the file, before the first [[questions]]`)
	}
	switch f.Kind {
	case Knowledge, SelfAssessment:
	case "":
		c.errorf(c.at("kind"), `missing kind: add kind = "knowledge" or kind = "self-assessment" at the top of the file`)
	default:
		c.errorf(c.at("kind"), "unknown kind %q: use %s", f.Kind, quoteList(kinds, "or"))
	}
	if len(f.Questions) == 0 {
		c.errorf(c.at("questions"), "the quiz has no questions: add a [[questions]] table with a type and a prompt")
	}
	c.checkIDs()
	for i := range f.Questions {
		c.checkQuestion(i)
	}
	c.checkKind()
	c.checkBands()
	c.checkMarkdownLimits()
}

// checkIDs reports question ids that are not slugs or that two questions share, counting the ids
// derived from position as well as the written ones.
func (c *checker) checkIDs() {
	first := map[string]int{}
	for i, qf := range c.f.Questions {
		q := fmt.Sprintf("questions[%d]", i)
		id := questionID(qf, i)
		if qf.ID != "" && !IsSlug(qf.ID) {
			c.errorf(c.at(q+".id", q), "question %d: id %q is not a safe id: use lowercase letters, digits and hyphens, e.g. %q",
				i+1, qf.ID, suggestID(qf.ID, i))
			continue
		}
		j, dup := first[id]
		if !dup {
			first[id] = i
			continue
		}
		if qf.ID != "" {
			c.errorf(c.at(q+".id", q), "question %d: id %q is already used by question %d: give each question a different id", i+1, id, j+1)
		} else {
			c.errorf(c.at(q), "question %d: its id defaults to %q, which question %d already uses: give one of them a different id", i+1, id, j+1)
		}
	}
}

func suggestID(id string, i int) string {
	if s := Slugify(id); s != "" {
		return s
	}
	return fmt.Sprintf("q%d", i+1)
}

func (c *checker) checkQuestion(i int) {
	qf := c.f.Questions[i]
	q := fmt.Sprintf("questions[%d]", i)
	n := i + 1
	if strings.TrimSpace(qf.Prompt) == "" {
		c.errorf(c.at(q+".prompt", q), `question %d: missing prompt: add prompt = "..."`, n)
	}
	switch qf.Type {
	case "":
		c.errorf(c.at(q+".type", q), "question %d: missing type: add type = \"...\" with one of %s", n, quoteList(types, "or"))
		return
	case Single, Multiple:
		c.checkOptions(i)
	case TrueFalse:
		if qf.Answer == nil {
			c.errorf(c.at(q), "question %d: missing answer: add answer = true or answer = false", n)
		}
	case Short:
		c.checkAccept(i)
	case Order:
		c.checkItems(i)
	case Likert:
		c.checkNotApplicable(i)
	case Reflection:
	default:
		c.errorf(c.at(q+".type", q), "question %d: unknown type %q: use one of %s", n, qf.Type, quoteList(types, "or"))
		return
	}
	for _, tk := range typeKeys {
		if !tk.written(qf) || slices.Contains(tk.types, qf.Type) {
			continue
		}
		c.errorf(c.at(q+"."+tk.key, q+"."+tk.key+"[0]", q), "question %d: %q is not used by %s question, only by %s questions: remove it",
			n, tk.key, withArticle(qf.Type), strings.Join(tk.types, " and "))
	}
}

func (c *checker) checkOptions(i int) {
	qf := c.f.Questions[i]
	q := fmt.Sprintf("questions[%d]", i)
	n := i + 1
	if len(qf.Options) < 2 {
		c.errorf(c.at(q+".options[0]", q+".options", q), "question %d: %s question needs at least 2 options, found %d: add [[questions.options]] tables with text",
			n, withArticle(qf.Type), len(qf.Options))
	}
	var correct []int
	for j, o := range qf.Options {
		if strings.TrimSpace(o.Text) == "" {
			o := fmt.Sprintf("%s.options[%d]", q, j)
			c.errorf(c.at(o+".text", o, q), `question %d, option %d: missing text: add text = "..."`, n, j+1)
		}
		if o.Correct {
			correct = append(correct, j)
		}
	}
	switch {
	case len(qf.Options) == 0:
	case len(correct) == 0 && qf.Type == Single:
		c.errorf(c.at(q), "question %d: no option is marked correct: add correct = true to the right one", n)
	case len(correct) == 0:
		c.errorf(c.at(q), "question %d: no option is marked correct: add correct = true to each right one", n)
	case len(correct) > 1 && qf.Type == Single:
		second := fmt.Sprintf("%s.options[%d]", q, correct[1])
		c.errorf(c.at(second+".correct", second, q),
			"question %d: options %s are marked correct, but a single question has exactly one right answer: keep one correct = true, or set type = %q",
			n, numberList(correct), Multiple)
	}
}

func (c *checker) checkAccept(i int) {
	qf := c.f.Questions[i]
	q := fmt.Sprintf("questions[%d]", i)
	if len(qf.Accept) == 0 {
		c.errorf(c.at(q+".accept", q), `question %d: nothing is accepted: add accept = ["..."] listing every answer to accept`, i+1)
		return
	}
	for j, a := range qf.Accept {
		if NormalizeAnswer(a) == "" {
			c.errorf(c.at(q+".accept", q), "question %d: accept entry %d (%q) is empty once case, punctuation and spaces are ignored, so no answer can match it: write the answer in words or remove it",
				i+1, j+1, a)
		}
	}
}

func (c *checker) checkItems(i int) {
	qf := c.f.Questions[i]
	q := fmt.Sprintf("questions[%d]", i)
	if len(qf.Items) < 2 {
		c.errorf(c.at(q+".items", q), `question %d: an order question needs at least 2 items, found %d: list them in the right order, items = ["first", "second"]`,
			i+1, len(qf.Items))
		return
	}
	first := map[string]int{}
	for j, item := range qf.Items {
		if k, dup := first[item]; dup {
			c.errorf(c.at(q+".items", q), "question %d: items %d and %d are both %q: make every item different, so that only one order is right",
				i+1, k+1, j+1, item)
			continue
		}
		first[item] = j
	}
}

// checkNotApplicable reports a "does not apply" answer the student could not read or could not
// tell from an answer on the scale.
func (c *checker) checkNotApplicable(i int) {
	qf := c.f.Questions[i]
	if qf.NotApplicable == nil {
		return
	}
	q := fmt.Sprintf("questions[%d]", i)
	label := strings.TrimSpace(*qf.NotApplicable)
	if label == "" {
		c.errorf(c.at(q+".not_applicable", q), `question %d: not_applicable is empty: write the answer the student picks when the statement does not fit them, e.g. not_applicable = "I never pay for content", or remove it`, i+1)
		return
	}
	for _, s := range c.f.Scale {
		if strings.EqualFold(strings.TrimSpace(s), label) {
			c.errorf(c.at(q+".not_applicable", q), "question %d: not_applicable %q is also a label of the scale, so the two answers would look the same: say that the statement does not apply, e.g. %q",
				i+1, label, "This does not apply to me")
			return
		}
	}
}

// checkKind reports questions and tables that do not belong to the quiz's kind.
func (c *checker) checkKind() {
	f := c.f
	var likert []int
	for i, qf := range f.Questions {
		if qf.Type == Likert {
			likert = append(likert, i)
		}
	}
	switch f.Kind {
	case Knowledge:
		if len(likert) > 0 {
			c.errorf(c.at("kind"), `question %d is a likert statement, which only a self-assessment can score: set kind = %q, or change the question's type`,
				likert[0]+1, SelfAssessment)
		}
		if f.Scale != nil {
			c.errorf(c.at("scale"), `scale is only used by self-assessments: remove it, or set kind = %q`, SelfAssessment)
		}
		if f.Bands != nil {
			c.errorf(c.at("bands[0]", "bands"), `bands are only used by self-assessments: remove them, or set kind = %q`, SelfAssessment)
		}
	case SelfAssessment:
		for i, qf := range f.Questions {
			if scored(qf.Type) {
				q := fmt.Sprintf("questions[%d]", i)
				c.errorf(c.at(q+".type", q), "question %d: a self-assessment scores only likert statements, so this %s question would not count: change its type to %q or %q, or set kind = %q",
					i+1, qf.Type, Likert, Reflection, Knowledge)
			}
		}
		if len(likert) == 0 && len(f.Questions) > 0 {
			c.errorf(c.at("kind"), `a self-assessment needs at least one likert question: add [[questions]] with type = %q`, Likert)
		}
	}
	// A knowledge quiz with likert statements is told to change its kind, not to add a scale.
	if f.Kind == SelfAssessment || f.Kind != Knowledge && len(likert) > 0 {
		c.checkScale(likert)
	}
}

func (c *checker) checkScale(likert []int) {
	f := c.f
	switch {
	case f.Scale == nil && len(likert) > 0:
		q := fmt.Sprintf("questions[%d]", likert[0])
		c.errorf(c.at(q+".type", q), `question %d: likert statements are answered on the quiz's scale, but it has none: add scale = ["Never", "Sometimes", "Often"] at the top of the file`,
			likert[0]+1)
	case f.Scale == nil:
		c.errorf(c.at("kind"), `missing scale: a self-assessment needs the labels of its answers, e.g. scale = ["Never", "Sometimes", "Often"]`)
	case len(f.Scale) < 2:
		c.errorf(c.at("scale"), "scale needs at least 2 labels, found %d", len(f.Scale))
	}
	for j, label := range f.Scale {
		if strings.TrimSpace(label) == "" {
			c.errorf(c.at("scale"), "scale label %d is empty: write the answer it stands for", j+1)
		}
	}
}

// scored reports whether a question of type t earns a point in a knowledge quiz.
func scored(t string) bool {
	switch t {
	case Single, Multiple, TrueFalse, Short, Order:
		return true
	}
	return false
}

// withArticle writes a question type after "a" or "an": "a single", "an order".
func withArticle(t string) string {
	if t != "" && strings.ContainsRune("aeiou", rune(t[0])) {
		return "an " + t
	}
	return "a " + t
}

// quoteList writes "a", "b" or "c".
func quoteList(list []string, conj string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return joinList(q, conj)
}

// numberList writes 1-based positions: "1 and 3", "1, 2 and 4".
func numberList(idx []int) string {
	s := make([]string, len(idx))
	for i, n := range idx {
		s[i] = fmt.Sprint(n + 1)
	}
	return joinList(s, "and")
}

func joinList(s []string, conj string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " " + conj + " " + s[len(s)-1]
}
