// Package e2e tests what a student sees: kith builds a site, a real Chromium opens it the way a
// school serves it, and the tests click, type and read the page.
package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kith/generator/pipeline"
	"kith/generator/quiz"
	"kith/generator/site"
	"kith/internal/browsertest"
)

const quizFixture = "testdata/quizsite"

// buildQuizSite builds the site in src into a new folder and returns the folder. pretty builds
// it with pretty_urls, for a web server only.
func buildQuizSite(t *testing.T, src string, pretty bool) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	rebuildQuizSite(t, src, dest, pretty)
	return dest
}

func rebuildQuizSite(t *testing.T, src, dest string, pretty bool) {
	t.Helper()
	if _, err := pipeline.Build(site.Options{Source: src, Dest: dest, PrettyURLs: pretty}); err != nil {
		t.Fatalf("building %s: %v", src, err)
	}
}

// page is one browser tab on the quizFixture site, with helpers that fail the test with a message
// saying which step of the student's path went wrong.
type quizPage struct {
	t       *testing.T
	ctx     context.Context
	console *browsertest.Console
}

func openQuizPage(t *testing.T) *quizPage {
	t.Helper()
	p := &quizPage{t: t, ctx: browsertest.Browser(t)}
	// With reduced motion the result scrolls into view at once, so a click right after checking
	// lands where the test aims; smooth scrolling would move the page under the pointer.
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatalf("asking Chromium for reduced motion: %v", err)
	}
	p.console = browsertest.WatchConsole(p.ctx)
	return p
}

func (p *quizPage) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// js evaluates an expression in the page and decodes its JSON value into out.
func (p *quizPage) js(out any, expr string, args ...any) {
	p.t.Helper()
	expr = fmt.Sprintf(expr, args...)
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[string]("JSON.stringify("+expr+")"))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		p.t.Fatalf("reading the value of %s (%s): %v", expr, raw, err)
	}
}

func (p *quizPage) text(expr string, args ...any) string {
	p.t.Helper()
	var s string
	p.js(&s, expr, args...)
	return s
}

func (p *quizPage) flag(expr string, args ...any) bool {
	p.t.Helper()
	var b bool
	p.js(&b, expr, args...)
	return b
}

// started fails unless the runtime started on every quiz of the page and nothing went wrong.
func (p *quizPage) started() {
	p.t.Helper()
	if !p.flag(`[...document.querySelectorAll('[data-quiz]')].every(q => q.classList.contains('quiz-on'))`) {
		p.t.Fatalf("the quiz runtime did not start on %s (is quiz.js loaded, and allowed by the Content-Security-Policy?); console: %v", p.text("location.href"), p.errors())
	}
	if errs := p.errors(); len(errs) > 0 {
		p.t.Fatalf("the page reported errors: %s", strings.Join(errs, "\n"))
	}
}

func (p *quizPage) errors() []string { return p.console.Errors() }

func (p *quizPage) click(sel string) {
	p.t.Helper()
	p.do("clicking "+sel, chromedp.Click(chromedp.CSS(sel)))
}

func (p *quizPage) typeInto(sel, text string) {
	p.t.Helper()
	p.do("typing into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// quizSel returns a selector inside the quiz with the given id.
func quizSel(id, rest string) string { return fmt.Sprintf(`[data-quiz="%s"] %s`, id, rest) }

// quizQuestion returns a selector inside one question of a quiz.
func quizQuestion(quizID, qid, rest string) string {
	return quizSel(quizID, fmt.Sprintf(`[data-question="%s"] %s`, qid, rest))
}

// result reads the result element of a quiz.
type quizResult struct {
	Hidden bool   `json:"hidden"`
	Score  string `json:"score"`
	Max    string `json:"max"`
	Band   string `json:"band"`
	Text   string `json:"text"`
	InLive bool   `json:"inLive"`
}

func (p *quizPage) result(quizID string) quizResult {
	p.t.Helper()
	var r quizResult
	p.js(&r, `(() => { const r = document.querySelector('[data-quiz=%q] .quiz-result');
		return {hidden: r.hidden, score: r.dataset.score || '', max: r.dataset.max || '', band: r.dataset.band || '',
			text: r.innerText, inLive: !!r.closest('[role=status]')}; })()`, quizID)
	return r
}

// arrange puts the items of an order question in the given order with the move buttons.
func (p *quizPage) arrange(quizID, qid string, want []int, keyboard bool) {
	p.t.Helper()
	for pos, item := range want {
		var order []int
		p.js(&order, `[...document.querySelectorAll('[data-quiz=%q] [data-question=%q] [data-item]')].map(li => +li.dataset.item)`, quizID, qid)
		at := slices.Index(order, item)
		up := quizQuestion(quizID, qid, fmt.Sprintf(`[data-item="%d"] [data-move="-1"]`, item))
		for ; at > pos; at-- {
			if keyboard {
				p.do("moving an item up with Enter", chromedp.Focus(chromedp.CSS(up)), chromedp.KeyEvent(kb.Enter))
				if !p.flag(`document.activeElement === document.querySelector(%q)`, up) {
					p.t.Fatalf("after moving an item of %s with the keyboard, focus left its move-up button; a keyboard user would lose their place", qid)
				}
			} else {
				p.click(up)
			}
		}
	}
}

func (p *quizPage) check(quizID string) {
	p.t.Helper()
	p.click(quizSel(quizID, ".quiz-check"))
}

// answerEveryType answers the knowledge quiz of the quizFixture, all right or all wrong.
func (p *quizPage) answerEveryType(right bool) {
	p.t.Helper()
	const q = "every-type"
	if right {
		p.click(quizQuestion(q, "base", `input[value="0"]`))
		p.click(quizQuestion(q, "signs", `input[value="0"]`))
		p.click(quizQuestion(q, "signs", `input[value="2"]`))
		p.click(quizQuestion(q, "fixed", `input[value="false"]`))
		p.typeInto(quizQuestion(q, "phrase", "input"), "  Distance! ")
		p.arrange(q, "steps", []int{0, 1, 2, 3}, false)
	} else {
		p.click(quizQuestion(q, "base", `input[value="1"]`))
		p.click(quizQuestion(q, "signs", `input[value="0"]`))
		p.click(quizQuestion(q, "signs", `input[value="1"]`))
		p.click(quizQuestion(q, "fixed", `input[value="true"]`))
		p.typeInto(quizQuestion(q, "phrase", "input"), "closeness")
		p.arrange(q, "steps", []int{1, 0, 2, 3}, false)
	}
	p.typeInto(quizQuestion(q, "surprise", "textarea"), "That bonds can change.")
}

type quizMarks struct {
	Verdict string   `json:"verdict"`
	Class   string   `json:"class"`
	Marks   []string `json:"marks"`
}

// marksOf reads what a question shows after checking: its verdict and the marks on its options.
func (p *quizPage) marksOf(quizID, qid string) quizMarks {
	p.t.Helper()
	var m quizMarks
	p.js(&m, `(() => { const f = document.querySelector('[data-quiz=%q] [data-question=%q]'), v = f.querySelector('.quiz-verdict');
		return {verdict: v.hidden ? '' : v.innerText, class: f.className,
			marks: [...f.querySelectorAll('.quiz-option .quiz-mark')].map(m => m.innerText)}; })()`, quizID, qid)
	return m
}

// serveQuizFixture builds the fixture and serves it under a sub-path, as a school would.
func serveQuizFixture(t *testing.T) string {
	return browsertest.Serve(t, buildQuizSite(t, quizFixture, false), "/toolkit/")
}

func TestQuizEveryQuestionType(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()

	// Checked before anything is answered, every scored question counts as not answered, the
	// order question too: its items are still in the order they were shown in.
	p.check("every-type")
	if msg := p.text(`document.querySelector('[data-quiz=every-type] [role=status]').innerText`); !strings.Contains(msg, "Not answered: 5.") {
		t.Errorf("checking an untouched quiz should say 5 questions are not answered; it says %q", msg)
	}

	p.answerEveryType(true)
	p.check("every-type")
	if r := p.result("every-type"); r.Hidden || r.Score != "5" || r.Max != "5" || !r.InLive {
		t.Fatalf("all right: want a visible result of 5 out of 5 inside the status region, got %+v", r)
	}
	if !p.flag(`(() => { const r = document.querySelector('[data-quiz=every-type] .quiz-result').getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight; })()`) {
		t.Errorf("after checking, the result is not scrolled into view")
	}
	if !p.flag(`document.activeElement.classList.contains('quiz-check')`) {
		t.Errorf("checking moved the focus away from the check button; the result must be announced, not focused")
	}
	for _, qid := range []string{"base", "signs", "fixed", "phrase", "steps"} {
		m := p.marksOf("every-type", qid)
		if !strings.Contains(m.Verdict, "✓") || !strings.Contains(m.Verdict, "Correct") || !strings.Contains(m.Class, "quiz-is-right") {
			t.Errorf("question %s answered right: want the verdict \"✓ Correct\", got %+v", qid, m)
		}
	}
	if m := p.marksOf("every-type", "base"); len(m.Marks) != 1 || !strings.Contains(m.Marks[0], "right") {
		t.Errorf("the chosen right option should be marked as the student's right answer, got %+v", m.Marks)
	}
	if !p.flag(`!document.querySelector('[data-quiz=every-type] [data-question=base] [data-option="0"] .quiz-feedback').hidden`) {
		t.Errorf("the feedback of the chosen option is not shown after checking")
	}
	if !p.flag(`!document.querySelector('[data-quiz=every-type] [data-question=fixed] .quiz-explanation').hidden`) {
		t.Errorf("the explanation of a question is not shown after checking")
	}
	if m := p.marksOf("every-type", "surprise"); m.Verdict != "" {
		t.Errorf("a reflection is never marked, but it shows %q", m.Verdict)
	}

	p.click(quizSel("every-type", ".quiz-retry"))
	if r := p.result("every-type"); !r.Hidden {
		t.Errorf("Try again left the result showing: %+v", r)
	}
	if got := p.text(`document.querySelector('[data-quiz=every-type] [data-question=surprise] textarea').value`); got != "That bonds can change." {
		t.Errorf("Try again should keep what the student wrote in a reflection, got %q", got)
	}
	p.do("clearing the reflection", chromedp.Focus(chromedp.CSS(quizQuestion("every-type", "surprise", "textarea"))),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Backspace))
	p.answerEveryType(false)
	p.check("every-type")
	if r := p.result("every-type"); r.Score != "0" || r.Max != "5" {
		t.Fatalf("all wrong: want 0 out of 5, got %+v", r)
	}
	for _, qid := range []string{"base", "signs", "fixed", "phrase", "steps"} {
		m := p.marksOf("every-type", qid)
		if !strings.Contains(m.Verdict, "✗") || !strings.Contains(m.Verdict, "Not quite") || !strings.Contains(m.Class, "quiz-is-wrong") {
			t.Errorf("question %s answered wrong: want the verdict \"✗ Not quite\", got %+v", qid, m)
		}
	}
	if m := p.marksOf("every-type", "signs"); strings.Join(m.Marks, "|") != "✓ Your answer: right|✗ Your answer: not right|→ A right answer" {
		t.Errorf("multiple choice with one right and one wrong pick and one right option missed: got marks %q", m.Marks)
	}
	if m := p.marksOf("every-type", "phrase"); !strings.Contains(m.Verdict, "distance") {
		t.Errorf("a wrong short answer should show an accepted answer, got %q", m.Verdict)
	}
	if m := p.marksOf("every-type", "steps"); !strings.Contains(m.Verdict, "Parent and child enter\nStranger enters\nParent leaves\nParent returns") {
		t.Errorf("a wrong order should show the right order, got %q", m.Verdict)
	}
	if !p.flag(`!document.querySelector('[data-quiz=every-type] [data-question=base] [data-option="1"] .quiz-feedback').hidden`) {
		t.Errorf("the feedback of a chosen wrong option is not shown")
	}

	// Changing an answer after checking takes the marks away: they would no longer be true.
	p.click(quizQuestion("every-type", "fixed", `input[value="false"]`))
	if m := p.marksOf("every-type", "fixed"); m.Verdict != "" || len(m.Marks) > 0 {
		t.Errorf("after changing an answer the old marks stay: %+v", m)
	}
}

func TestQuizSelfAssessmentBands(t *testing.T) {
	site := serveQuizFixture(t)
	qz := loadFixtureQuiz(t, "balance")
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	// Scale: Never 0, Sometimes 1, Often 2; "friends" and "talk" are reversed.
	for _, c := range []struct {
		name    string
		answers map[string]int
		band    string
		title   string
	}{
		{"reversed items count the other way", map[string]int{"plan": 0, "friends": 2, "late": 0, "talk": 2}, "light", "A light connection"},
		{"middle", map[string]int{"plan": 2, "friends": 0, "late": 1, "talk": 2}, "middle", "A regular part of your life"},
		{"highest", map[string]int{"plan": 2, "friends": 0, "late": 2, "talk": 0}, "heavy", "A big part of your life"},
	} {
		answers := quiz.Answers{}
		for qid, v := range c.answers {
			p.click(quizQuestion("balance", qid, fmt.Sprintf(`input[value="%d"]`, v)))
			answers[qid] = v
		}
		want := qz.Score(answers)
		p.check("balance")
		r := p.result("balance")
		if r.Band != c.band || want.Band != c.band || r.Score != fmt.Sprint(want.Score) || r.Max != "8" {
			t.Errorf("%s: want band %q with %d out of 8 (Go says band %q), got %+v", c.name, c.band, want.Score, want.Band, r)
		}
		if !strings.Contains(r.Text, c.title) {
			t.Errorf("%s: the result does not show the band's title %q: %q", c.name, c.title, r.Text)
		}
		for _, d := range want.Dimensions {
			if line := fmt.Sprintf("%s: %d out of %d", d.Name, d.Score, d.Max); !strings.Contains(r.Text, line) {
				t.Errorf("%s: the result does not show the sub-score %q: %q", c.name, line, r.Text)
			}
		}
		var shown []string
		p.js(&shown, `[...document.querySelectorAll('[data-quiz=balance] .quiz-band')].filter(b => !b.hidden).map(b => b.dataset.bandId)`)
		if !reflect.DeepEqual(shown, []string{c.band}) {
			t.Errorf("%s: want only the advice of band %q shown, got %v", c.name, c.band, shown)
		}
	}
}

func TestQuizAnswersRestoredAndCleared(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	shuffled := p.text(`[...document.querySelectorAll('[data-quiz=every-type] [data-question=base] [data-option]')].map(o => o.dataset.option).join()`)
	p.answerEveryType(true)
	p.check("every-type")
	p.click(quizQuestion("balance", "plan", `input[value="2"]`))

	p.do("reloading the page", chromedp.Reload())
	p.started()
	var restored struct {
		Base, Fixed, Plan  bool
		Signs              []string
		Phrase, Surprise   string
		Steps, BaseOptions string
		Score              string
	}
	p.js(&restored, `(() => { const q = (id, s) => document.querySelector('[data-question=' + id + '] ' + s);
		return {Base: q('base', 'input[value="0"]').checked, Fixed: q('fixed', 'input[value=false]').checked,
			Plan: q('plan', 'input[value="2"]').checked,
			Signs: [...document.querySelectorAll('[data-question=signs] input:checked')].map(i => i.value),
			Phrase: q('phrase', 'input').value, Surprise: q('surprise', 'textarea').value,
			Steps: [...document.querySelectorAll('[data-question=steps] [data-item]')].map(li => li.dataset.item).join(),
			BaseOptions: [...document.querySelectorAll('[data-question=base] [data-option]')].map(o => o.dataset.option).join(),
			Score: document.querySelector('[data-quiz=every-type] .quiz-result').dataset.score || ''}; })()`)
	if !restored.Base || !restored.Fixed || !restored.Plan || strings.Join(restored.Signs, ",") != "0,2" ||
		restored.Phrase != "  Distance! " || restored.Surprise != "That bonds can change." || restored.Steps != "0,1,2,3" {
		t.Errorf("after a reload the answers are not all back: %+v", restored)
	}
	if restored.BaseOptions != shuffled {
		t.Errorf("after a reload the shuffled options changed order from %s to %s; the student's attempt should look the same", shuffled, restored.BaseOptions)
	}
	if restored.Score != "5" {
		t.Errorf("after a reload the checked quiz should show its result again, got score %q", restored.Score)
	}

	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	list := p.text(`document.querySelector('.my-results-list').innerText`)
	for _, want := range []string{"Every question type", "You got 5 out of 5.", "How balanced is it?", "Not checked yet", "That bonds can change."} {
		if !strings.Contains(list, want) {
			t.Errorf("My results should list %q; it shows:\n%s", want, list)
		}
	}
	if href := p.text(`document.querySelector('.my-result a').getAttribute('href')`); !strings.HasPrefix(href, "../quizzes/") {
		t.Errorf("My results links a quiz with %q; links must be relative", href)
	}

	p.do("going back to the lesson", chromedp.Navigate(site+"lesson/"))
	p.click(quizSel("every-type", ".quiz-clear"))
	if p.flag(`document.querySelector('[data-question=base] input[value="0"]').checked`) ||
		p.text(`document.querySelector('[data-question=phrase] input').value`) != "" {
		t.Errorf("Clear my answers left answers in the form")
	}
	if msg := p.text(`document.querySelector('[data-quiz=every-type] [role=status]').innerText`); !strings.Contains(msg, "cleared") {
		t.Errorf("Clear my answers should say so in the status region, got %q", msg)
	}
	p.do("reloading the page", chromedp.Reload())
	if p.flag(`document.querySelector('[data-question=base] input[value="0"]').checked`) {
		t.Errorf("after Clear my answers and a reload, the answers came back")
	}
	if !p.flag(`document.querySelector('[data-question=plan] input[value="2"]').checked`) {
		t.Errorf("Clear my answers of one quiz also cleared another quiz's answers")
	}

	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	// Clear all asks first; saying no keeps everything.
	p.text(`(window.confirm = m => { window.asked = m; return false; }, "")`)
	p.click(".my-results-clear")
	if asked := p.text(`window.asked || ""`); !strings.Contains(asked, "cannot be undone") {
		t.Errorf("Clear all my answers should ask before deleting; it asked %q", asked)
	}
	if n := p.text(`String(Object.keys(localStorage).filter(k => k.startsWith('kith|')).length)`); n == "0" {
		t.Errorf("answering no to Clear all my answers still deleted them")
	}
	p.text(`(window.confirm = () => true, "")`)
	p.click(".my-results-clear")
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "no quiz answers") {
		t.Errorf("after Clear all my answers, My results should say it holds nothing; it shows %q", list)
	}
	if n := p.text(`String(Object.keys(localStorage).filter(k => k.startsWith('kith|')).length)`); n != "0" {
		t.Errorf("after Clear all my answers, localStorage still holds %s quiz entries", n)
	}
}

func TestQuizChangedSinceAnswered(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyQuizSite(t, quizFixture, src)
	dest := buildQuizSite(t, src, false)
	site := browsertest.Serve(t, dest, "/toolkit/")
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.click(quizQuestion("every-type", "fixed", `input[value="true"]`))

	file := filepath.Join(src, "quizzes", "every-type.toml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), "fixed for life", "set for life", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuildQuizSite(t, src, dest, false)
	p.do("reloading the page", chromedp.Reload())
	p.started()
	if p.flag(`document.querySelector('[data-question=fixed] input[value=true]').checked`) {
		t.Errorf("answers to the old version of a quiz were applied to the new one")
	}
	if p.flag(`document.querySelector('[data-quiz=every-type] .quiz-changed').hidden`) {
		t.Errorf("a quiz that changed since it was answered should say that the old answers were set aside")
	}
	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "earlier version") {
		t.Errorf("My results should still list the answers to the earlier version; it shows %q", list)
	}
}

// TestQuizWordsFromSiteStrings: a school translates the runtime's words in site.toml.
func TestQuizWordsFromSiteStrings(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyQuizSite(t, quizFixture, src)
	f, err := os.OpenFile(filepath.Join(src, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(f, "\n[strings]\nquiz_wrong = \"Leider falsch\"\nquiz_score = \"{score} von {max} Punkten.\"\nquiz_unanswered = \"Offen: {count}.\"\n")
	f.Close()
	site := browsertest.Serve(t, buildQuizSite(t, src, false), "/toolkit/")
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	p.click(quizQuestion("every-type", "fixed", `input[value="true"]`))
	p.check("every-type")
	if r := p.result("every-type"); !strings.Contains(r.Text, "0 von 5 Punkten. Offen: 4.") {
		t.Errorf("the result should use the site's strings and count the 4 unanswered questions, got %q", r.Text)
	}
	if m := p.marksOf("every-type", "fixed"); !strings.Contains(m.Verdict, "Leider falsch") {
		t.Errorf("the verdict should use the site's string, got %q", m.Verdict)
	}
}

func TestQuizFromFile(t *testing.T) {
	dir := buildQuizSite(t, quizFixture, false)
	p := openQuizPage(t)
	p.do("opening the lesson from file://", chromedp.Navigate("file://"+filepath.Join(dir, "lesson", "index.html")))
	p.started()
	p.answerEveryType(true)
	p.check("every-type")
	if r := p.result("every-type"); r.Score != "5" || r.Max != "5" {
		t.Fatalf("from file:// the quiz should score 5 out of 5, got %+v", r)
	}
	p.do("reloading the page", chromedp.Reload())
	if !p.flag(`document.querySelector('[data-question=fixed] input[value=false]').checked`) {
		t.Errorf("from file:// the answers are not restored after a reload")
	}
	p.click(`a[href$="my-results/index.html"]`)
	p.do("waiting for My results", chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "You got 5 out of 5.") {
		t.Errorf("from file:// My results should list the quiz; it shows %q", list)
	}
}

func TestQuizKeyboardOnly(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	key := func(sel, keys string) {
		t.Helper()
		p.do("pressing keys on "+sel, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(keys))
	}
	const q = "every-type"
	key(quizQuestion(q, "base", `input[value="0"]`), " ")
	key(quizQuestion(q, "signs", `input[value="0"]`), " ")
	key(quizQuestion(q, "signs", `input[value="2"]`), " ")
	// Arrow keys move through a radio group: from True, down is False.
	key(quizQuestion(q, "fixed", `input[value="true"]`), " "+kb.ArrowDown)
	key(quizQuestion(q, "phrase", "input"), "distance")
	p.arrange(q, "steps", []int{0, 1, 2, 3}, true)
	key(quizSel(q, ".quiz-check"), kb.Enter)
	if r := p.result(q); r.Score != "5" {
		t.Errorf("answered and checked with the keyboard alone: want 5 out of 5, got %+v", r)
	}
	key(quizSel("balance", `[data-question=plan] input[value="0"]`), kb.ArrowDown)
	if !p.flag(`document.querySelector('[data-question=plan] input[value="1"]').checked`) {
		t.Errorf("the arrow keys do not move through a likert scale")
	}
}

func TestQuizAccessibility(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	for _, path := range []string{"lesson/", "quizzes/every-type/", "quizzes/balance/", "my-results/", "twice/"} {
		p.do("opening "+path, chromedp.Navigate(site+path))
		p.started()
		if vs := browsertest.Axe(t, p.ctx); len(vs) > 0 {
			t.Errorf("axe-core finds problems on %s before answering:\n%s", path, browsertest.FormatViolations(vs))
		}
	}
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.answerEveryType(false)
	p.check("every-type")
	p.click(quizQuestion("balance", "plan", `input[value="1"]`))
	p.check("balance")
	if vs := browsertest.Axe(t, p.ctx); len(vs) > 0 {
		t.Errorf("axe-core finds problems on the lesson after answering:\n%s", browsertest.FormatViolations(vs))
	}
	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	if vs := browsertest.Axe(t, p.ctx); len(vs) > 0 {
		t.Errorf("axe-core finds problems on My results with answers saved:\n%s", browsertest.FormatViolations(vs))
	}
}

// TestQuizTwiceOnOnePage: a page that embeds the same quiz twice gets two independent quizzes.
func TestQuizTwiceOnOnePage(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the page", chromedp.Navigate(site+"twice/"))
	p.started()
	var dups []string
	p.js(&dups, `(() => { const seen = {}; return [...document.querySelectorAll('[id]')].map(e => e.id).filter(id => seen[id] || !(seen[id] = 1)); })()`)
	if len(dups) > 0 {
		t.Errorf("ids are repeated on a page that embeds a quiz twice: %v", dups)
	}
	p.click(`[data-quiz=balance]:nth-of-type(1) [data-question=plan] input[value="1"]`)
	p.click(`section[data-quiz=balance] ~ section[data-quiz=balance] [data-question=plan] input[value="2"]`)
	if !p.flag(`document.querySelector('[data-quiz=balance] [data-question=plan] input[value="1"]').checked`) {
		t.Errorf("answering the second copy of a quiz changed the first one's answer")
	}
}

// TestQuizScoringMatchesGo replays the vectors generator/quiz scored in Go through the runtime.
func TestQuizScoringMatchesGo(t *testing.T) {
	data, err := os.ReadFile("../../generator/quiz/testdata/vectors.json")
	if err != nil {
		t.Fatalf("reading Go's scoring vectors: %v", err)
	}
	var vectors struct {
		Normalize []struct{ Input, Want string }
		Quizzes   []struct {
			File  string
			Quiz  json.RawMessage
			Cases []struct {
				Name    string
				Answers json.RawMessage
				Want    quiz.Result
			}
		}
	}
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatalf("decoding the vectors: %v", err)
	}
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	for _, v := range vectors.Normalize {
		in, _ := json.Marshal(v.Input)
		if got := p.text(`kithQuiz.normalize(%s)`, in); got != v.Want {
			t.Errorf("normalizing %q: Go gives %q, the browser %q", v.Input, v.Want, got)
		}
	}
	for _, qv := range vectors.Quizzes {
		for _, c := range qv.Cases {
			var got quiz.Result
			p.js(&got, `kithQuiz.score(%s, %s)`, qv.Quiz, c.Answers)
			if !reflect.DeepEqual(got, c.Want) {
				t.Errorf("%s, %s: Go scores %+v, the browser %+v", qv.File, c.Name, c.Want, got)
			}
		}
	}
}

// TestQuizHTMLWithoutJavaScript reads the built page as a browser without JavaScript gets it.
func TestQuizHTMLWithoutJavaScript(t *testing.T) {
	dir := buildQuizSite(t, quizFixture, false)
	data, err := os.ReadFile(filepath.Join(dir, "lesson", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	for _, want := range []string{
		`data-quiz="every-type"`, `data-quiz="balance"`, `<legend>`, `type="radio"`, `type="checkbox"`,
		`type="text"`, `<textarea`, `class="quiz-order"`, `role="status"`, `<details class="quiz-by-hand">`,
		`These statements are reversed: 2, 4.`, `<button type="submit" class="quiz-check">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the lesson's HTML lacks %s", want)
		}
	}
	if n, m := strings.Count(html, "<fieldset"), strings.Count(html, "<legend>"); n != 10 || m != 10 {
		t.Errorf("want one fieldset with a legend per question (10), got %d fieldsets and %d legends", n, m)
	}
	twice, err := os.ReadFile(filepath.Join(dir, "twice", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for page, body := range map[string]string{"lesson": html, "twice (one quiz embedded twice)": string(twice)} {
		ids := map[string]bool{}
		for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(body, -1) {
			if ids[m[1]] {
				t.Errorf("%s: the id %q is used twice", page, m[1])
			}
			ids[m[1]] = true
		}
	}
	for _, m := range regexp.MustCompile(`<input [^>]*id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if !strings.Contains(html, `<label for="`+m[1]+`">`) {
			t.Errorf("the input %s has no label", m[1])
		}
	}
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<script>|<script [^>]*>[^<]`), regexp.MustCompile(`<style`),
		regexp.MustCompile(` style=`), regexp.MustCompile(` on[a-z]+=`), regexp.MustCompile(` (href|src)="/`),
	} {
		if loc := bad.FindStringIndex(html); loc != nil {
			t.Errorf("the page breaks a strict Content-Security-Policy or a sub-path: %q", html[max(0, loc[0]-40):min(len(html), loc[1]+40)])
		}
	}
}

// TestQuizRuntimeSize keeps the runtime small enough for a school's slow connection.
func TestQuizRuntimeSize(t *testing.T) {
	const budget = 8*1024 + 512 // 8 KB until sealed answers, the storage adapter and progress events
	src, err := os.ReadFile("../../themes/default/assets/quiz.js")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(src)
	zw.Close()
	if buf.Len() > budget {
		t.Errorf("quiz.js is %d bytes gzipped, over its budget of %d", buf.Len(), budget)
	}
}

func loadFixtureQuiz(t *testing.T, id string) *quiz.Quiz {
	t.Helper()
	quizzes, ds := quiz.LoadDir(quizFixture)
	if len(ds) > 0 || quizzes[id] == nil {
		t.Fatalf("loading the quizFixture's quiz %s: %v", id, ds)
	}
	return quizzes[id]
}

func copyQuizSite(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the quizFixture: %v", err)
	}
}
