package e2e

// A self-assessment as a student meets it: a reflection that leads with what the answers mean,
// statements that may not apply, honest words about where the answers are kept, and a layout
// that works on a phone.

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kith/generator/quiz"
	"kith/internal/browsertest"
)

// TestQuizNotApplicable answers the fixture's "spending" self-assessment (four statements on a
// 0–2 scale, so totals run 0–8; the two money statements may not apply) with one statement left
// out: 5 out of the 6 that apply counts as 6.67, so 7 of 8, which is the top band, where 5 of 8
// would not be.
func TestQuizNotApplicable(t *testing.T) {
	site := serveQuizFixture(t)
	qz := loadFixtureQuiz(t, "spending")
	p := openQuizPage(t)
	p.do("opening the page", chromedp.Navigate(site+"reflect/"))
	p.started()
	const id = "spending"
	if got := p.text(`document.querySelector('[data-quiz=spending] [data-question=gifts] .quiz-not-applicable label').innerText`); got != "I never pay for content" {
		t.Errorf("the statement's not_applicable answer should read %q, got %q", "I never pay for content", got)
	}
	if p.flag(`!!document.querySelector('[data-quiz=spending] [data-question=late] input[value=na]')`) {
		t.Errorf("a statement without not_applicable offers a does-not-apply answer")
	}
	answers := quiz.Answers{"gifts": "na", "subs": 2, "late": 2, "skip": 1}
	p.click(quizQuestion(id, "gifts", `input[value="na"]`))
	for _, qid := range []string{"subs", "late", "skip"} {
		p.click(quizQuestion(id, qid, fmt.Sprintf(`input[value="%d"]`, answers[qid])))
	}
	p.check(id)
	want := qz.Score(answers)
	if want.Band != "much" || want.Scaled != 7 || want.Applicable != 6 || want.NotApplicable != 1 {
		t.Fatalf("Go scores the fixture's answers as %+v; the test expects band much, 7 of 8 scaled, 6 applicable, 1 left out", want)
	}
	r := p.result(id)
	if r.Hidden || r.Band != want.Band || r.Score != fmt.Sprint(want.Score) || r.Max != fmt.Sprint(want.Max) {
		t.Fatalf("the page shows %+v; Go says %+v", r, want)
	}
	if got := p.text(`document.querySelector('[data-quiz=spending] .quiz-result').dataset.scaled`); got != "7" {
		t.Errorf("the page placed the band by %s; want the total scaled to the full maximum, 7", got)
	}
	for _, line := range []string{
		"It takes a lot of your life", "Your total is 5 out of 6.",
		"Statements left out because they do not apply to you: 1.", "as if your total were 7 out of 8",
	} {
		if !strings.Contains(r.Text, line) {
			t.Errorf("the result should say %q; it says:\n%s", line, r.Text)
		}
	}
	// A reflection leads with what the answers mean; the numbers come after.
	if i, j := strings.Index(r.Text, "It takes a lot of your life"), strings.Index(r.Text, "Your total"); i < 0 || j < i {
		t.Errorf("the band's title should come before the numbers; the result reads:\n%s", r.Text)
	}
	// Money shows most (2 of the 2 points that apply), then Time (3 of 4); the statement left out
	// counts in neither.
	where := strings.Index(r.Text, "Where it shows most:")
	money, time := strings.Index(r.Text, "Money: 2 out of 2"), strings.Index(r.Text, "Time: 3 out of 4")
	if where < 0 || money < where || time < money {
		t.Errorf("the sub-scores should follow \"Where it shows most:\", the one that shows most first (Money: 2 out of 2, then Time: 3 out of 4); the result reads:\n%s", r.Text)
	}

	p.do("reloading the page", chromedp.Reload())
	p.started()
	if !p.flag(`document.querySelector('[data-quiz=spending] [data-question=gifts] input[value=na]').checked`) {
		t.Errorf("after a reload, the does-not-apply answer is not restored")
	}
	if r := p.result(id); r.Band != "much" {
		t.Errorf("after a reload, the checked reflection should show its band again, got %+v", r)
	}
	p.do("opening My results", chromedp.Navigate(site+"my-results/"), chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "It takes a lot of your life · Your total is 5 out of 6.") {
		t.Errorf("My results should lead with the band's title, then the total of what applies; it shows:\n%s", list)
	}

	// On paper: the does-not-apply answer is printed with the statement, and the sheet says
	// how to leave it out.
	p.do("opening the page", chromedp.Navigate(site+"reflect/"))
	byHand := p.text(`document.querySelector('[data-quiz=spending] .quiz-by-hand').textContent`)
	for _, want := range []string{"These statements offer that answer: 1, 2.", "The highest total of the whole quiz: 8", "The most one statement can add: 2"} {
		if !strings.Contains(byHand, want) {
			t.Errorf("the how-to-work-it-out-by-hand section lacks %q; it says:\n%s", want, byHand)
		}
	}
}

// TestQuizReflectionWords: a self-assessment's buttons are a reflection's, a knowledge check's
// are a quiz's, and the words about privacy say what "on this device" means.
func TestQuizReflectionWords(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	button := func(quizID, sel string) string {
		return strings.TrimSpace(p.text(`document.querySelector('[data-quiz=%s] %s').textContent`, quizID, sel))
	}
	if got := button("balance", ".quiz-check"); got != "See my reflection" {
		t.Errorf("a self-assessment's check button says %q; want %q", got, "See my reflection")
	}
	if got := button("every-type", ".quiz-check"); got != "Check my answers" {
		t.Errorf("a knowledge check's check button says %q; want %q", got, "Check my answers")
	}
	p.click(quizQuestion("balance", "plan", `input[value="1"]`))
	p.check("balance")
	if !p.visible(quizSel("balance", ".quiz-retry")) || button("balance", ".quiz-retry") != "Start again" {
		t.Errorf("after seeing the reflection, its retry button should say \"Start again\"; it says %q", button("balance", ".quiz-retry"))
	}
	privacy := p.text(`document.querySelector('[data-quiz=balance] .quiz-privacy').innerText`)
	for _, want := range []string{"on this device, in this browser", "Anyone who uses this browser can see them", "shared computer", "monitoring software"} {
		if !strings.Contains(privacy, want) {
			t.Errorf("the quiz's privacy note should say %q; it says %q", want, privacy)
		}
	}
	page := p.text(`document.body.innerText`)
	for _, promise := range []string{"only you can see", "nobody else can see", "Nobody else can see"} {
		if strings.Contains(page, promise) {
			t.Errorf("the page promises more privacy than the device gives: %q", promise)
		}
	}
	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	if intro := p.text(`document.querySelector('.my-results').innerText`); !strings.Contains(intro, "Anyone who uses this browser can see them") || strings.Contains(intro, "nobody else") {
		t.Errorf("My results should say who can see the answers; it says:\n%s", intro)
	}
}

// TestQuizSelfAssessmentOnPhoneAndDesktop runs axe-core on the self-assessment page on a 390 px
// phone and on a desktop, before and after seeing the reflection, and checks the layout a phone
// needs: nothing scrolls sideways, each option's text wraps beside its control, a scale's labels
// are one answer a line, the order question keeps most of the width, and "Choose all that apply"
// is said once.
func TestQuizSelfAssessmentOnPhoneAndDesktop(t *testing.T) {
	if _, err := os.Stat(browsertest.AxePath()); err != nil {
		browsertest.Need(t, "axe-core", npmInstall)
	}
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	for _, width := range []int64{390, 1280} {
		phone := width < 600
		if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: 844, DeviceScaleFactor: 1, Mobile: phone}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"reflect/", "lesson/"} {
			p.do("opening "+path, chromedp.Navigate(site+path))
			p.started()
			if vs := browsertest.Axe(t, p.ctx); len(vs) > 0 {
				t.Errorf("%s at %d px, before answering: axe-core reports:\n%s", path, width, browsertest.FormatViolations(vs))
			}
			if n := p.text(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); n != "0" {
				t.Errorf("%s at %d px scrolls sideways by %s px", path, width, n)
			}
		}
		p.do("opening the reflection", chromedp.Navigate(site+"reflect/"))
		// Every option's label starts to the right of its control, and its lines all
		// start there too (a hanging indent), whatever the width.
		var bad []string
		p.js(&bad, `[...document.querySelectorAll('.quiz-option')].filter(o => {
			const i = o.querySelector('input').getBoundingClientRect(), l = o.querySelector('label');
			const lines = [...l.getClientRects()];
			return !%t && o.closest('.quiz-scale') ? false : lines.some(r => r.left < i.right);
		}).map(o => o.innerText)`, phone)
		if len(bad) > 0 {
			t.Errorf("at %d px, option text wraps under its control instead of beside it: %q", width, bad)
		}
		for _, qid := range []string{"says-it", "plain"} {
			if n := p.text(`String((document.querySelector('[data-question=%s]').innerText.match(/Choose all that apply/g) || []).length)`, qid); n != "1" {
				t.Errorf("at %d px, \"Choose all that apply\" appears %s times on the multiple choice question %s", width, n, qid)
			}
		}
		if phone {
			// One answer of the scale a line, each label on one line.
			var rows []int
			p.js(&rows, `[...document.querySelectorAll('[data-quiz=spending] [data-question=gifts] .quiz-option')].map(o => Math.round(o.getBoundingClientRect().top))`)
			for i := 1; i < len(rows); i++ {
				if rows[i] <= rows[i-1] {
					t.Errorf("at %d px, a likert scale's answers should be one a line; their tops are %v", width, rows)
					break
				}
			}
			if p.flag(`[...document.querySelectorAll('.quiz-scale label')].some(l => l.getClientRects().length > 1)`) {
				t.Errorf("at %d px, a likert label wraps onto a second line", width)
			}
			p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
			share := p.text(`String(Math.round(100 * document.querySelector('[data-question=steps] .quiz-order-text').getBoundingClientRect().width / document.querySelector('main').getBoundingClientRect().width))`)
			var pct int
			fmt.Sscan(share, &pct)
			if pct < 45 {
				t.Errorf("at %d px, the order question's items get %d%% of the page's width; nested frames squeeze them", width, pct)
			}
		}
		p.do("opening the reflection", chromedp.Navigate(site+"reflect/"))
		p.started()
		p.click(quizQuestion("spending", "gifts", `input[value="na"]`))
		p.click(quizQuestion("spending", "late", `input[value="2"]`))
		p.check("spending")
		if vs := browsertest.Axe(t, p.ctx); len(vs) > 0 {
			t.Errorf("reflect/ at %d px, with the reflection shown: axe-core reports:\n%s", width, browsertest.FormatViolations(vs))
		}
	}
}

// TestQuizNothingToReflectOn: when every statement is marked as not applying, the result says
// there is nothing to reflect on and shows no band, and My results says the same.
func TestQuizNothingToReflectOn(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the page", chromedp.Navigate(site+"optional/"))
	p.started()
	p.click(quizQuestion("optional", "gifts", `input[value="na"]`))
	p.click(quizQuestion("optional", "merch", `input[value="na"]`))
	p.check("optional")
	r := p.result("optional")
	if r.Hidden || r.Band != "" || !strings.Contains(r.Text, "nothing to reflect on") {
		t.Errorf("with every statement left out, the result should say there is nothing to reflect on, with no band; got %+v", r)
	}
	if strings.Contains(r.Text, "It costs you") || strings.Contains(r.Text, "Where it shows most") || strings.Contains(r.Text, "out of") {
		t.Errorf("with every statement left out, the result shows a band, sub-scores or numbers:\n%s", r.Text)
	}
	p.do("opening My results", chromedp.Navigate(site+"my-results/"), chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "nothing to reflect on") {
		t.Errorf("My results should say there was nothing to reflect on; it shows:\n%s", list)
	}
}
