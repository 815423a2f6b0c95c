package e2e

// What the quiz runtime keeps in the browser: answers edited by hand or by another program never
// stop a page, and two kith sites on one origin never see or clear each other's answers.

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kith/internal/browsertest"
)

// storageKey returns the one localStorage key of the quiz id saved by the page, failing the
// test when there is not exactly one.
func (p *quizPage) storageKey(id string) string {
	p.t.Helper()
	var ks []string
	p.js(&ks, `Object.keys(localStorage).filter(k => k.startsWith('kith|') && k.includes('|%s|'))`, id)
	if len(ks) != 1 {
		p.t.Fatalf("want one saved entry for the quiz %s, found the keys %q", id, ks)
	}
	return ks[0]
}

func (p *quizPage) setItem(key, value string) {
	p.t.Helper()
	k, _ := json.Marshal(key)
	v, _ := json.Marshal(value)
	p.text(`(localStorage.setItem(%s, %s), "")`, k, v)
}

func (p *quizPage) visible(sel string) bool {
	p.t.Helper()
	return p.flag(`(() => { const e = document.querySelector(%q); return !!e && e.checkVisibility(); })()`, sel)
}

// TestQuizTamperedStorage: a saved entry that is not what the runtime wrote (a number, a string,
// notes that are not a list, broken JSON) is set aside with a notice, and the other quizzes on
// the page and My results keep working.
func TestQuizTamperedStorage(t *testing.T) {
	site := serveQuizFixture(t)
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	p.click(quizQuestion("every-type", "fixed", `input[value="false"]`))
	p.typeInto(quizQuestion("every-type", "surprise", "textarea"), "A note of mine.")
	p.click(quizQuestion("balance", "plan", `input[value="2"]`))
	p.storageKey("every-type")
	key := p.storageKey("balance")
	earlier := key[:strings.LastIndex(key, "|")+1] + "000000000000"

	for _, c := range []struct{ name, value string }{
		{"a number", `5`},
		{"a string", `"my answers"`},
		{"notes that are not a list", `{"quiz": "balance", "answers": {"plan": 1}, "notes": "not a list"}`},
		{"notes that are not text", `{"quiz": "balance", "answers": {"plan": 1}, "notes": [{"prompt": 1, "text": {}}]}`},
		{"answers that are not an object", `{"quiz": "balance", "answers": 7}`},
		{"another quiz's answers", `{"quiz": "every-type", "answers": {"plan": 1}}`},
		{"broken JSON", `{"quiz": "balance", "answ`},
		{"null", `null`},
	} {
		p.setItem(key, c.value)
		p.setItem(earlier, c.value)
		p.do("reloading the lesson", chromedp.Reload())
		p.started() // every quiz of the page started, and no script error
		if !p.visible(quizSel("balance", ".quiz-unreadable")) {
			t.Errorf("%s saved for a quiz: the quiz should say its saved answers could not be read", c.name)
		}
		if p.visible(quizSel("every-type", ".quiz-unreadable")) {
			t.Errorf("%s saved for one quiz: the other quiz says its answers could not be read", c.name)
		}
		if !p.flag(`document.querySelector('[data-question=fixed] input[value=false]').checked`) {
			t.Errorf("%s saved for one quiz: the other quiz on the page lost its answers", c.name)
		}
		if p.flag(`!!document.querySelector('[data-quiz=balance] input:checked')`) {
			t.Errorf("%s saved for a quiz: something of it was applied to the form", c.name)
		}
		p.click(quizQuestion("balance", "plan", `input[value="1"]`))
		p.check("balance")
		if r := p.result("balance"); r.Hidden || r.Score != "1" {
			t.Errorf("%s saved for a quiz: the quiz should still work, got %+v", c.name, r)
		}

		p.setItem(key, c.value)
		p.do("opening My results", chromedp.Navigate(site+"my-results/"))
		p.do("waiting for My results", chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
		list := p.text(`document.querySelector('.my-results-list').innerText`)
		if !strings.Contains(list, "Every question type") || !strings.Contains(list, "A note of mine.") {
			t.Errorf("%s saved for one quiz: My results should still list the others; it shows:\n%s", c.name, list)
		}
		if strings.Contains(list, "How balanced") {
			t.Errorf("%s saved for a quiz: My results lists it as if it could be read:\n%s", c.name, list)
		}
		if !p.visible(".my-results-unreadable") {
			t.Errorf("%s saved: My results should say that some saved answers could not be read", c.name)
		}
		if errs := p.errors(); len(errs) > 0 {
			t.Fatalf("%s saved: My results reported errors: %s", c.name, strings.Join(errs, "\n"))
		}
		p.do("going back to the lesson", chromedp.Navigate(site+"lesson/"))
	}

	// Clear all removes what could not be read too.
	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	p.text(`(window.confirm = () => true, "")`)
	p.click(".my-results-clear")
	if n := p.text(`String(Object.keys(localStorage).filter(k => k.startsWith('kith|')).length)`); n != "0" {
		t.Errorf("after Clear all my answers, localStorage still holds %s entries", n)
	}
	if p.visible(".my-results-unreadable") {
		t.Errorf("after Clear all my answers, My results still says some answers could not be read")
	}
}

// serveSites serves each folder under its own sub-path of one server, as one host serving two
// toolkits, with the strict Content-Security-Policy; it returns the server's address.
func serveSites(t *testing.T, dirs map[string]string) string {
	t.Helper()
	mux := http.NewServeMux()
	for prefix, dir := range dirs {
		mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir))))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", browsertest.CSP)
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestQuizTwoSitesOneOrigin: two copies of one site (same title, same base_url, same quizzes),
// served under two sub-paths of one host (one built with pretty_urls) and opened from two folders
// on disk, keep their answers apart, and clearing one leaves the other.
func TestQuizTwoSitesOneOrigin(t *testing.T) {
	t.Run("two sub-paths", func(t *testing.T) {
		origin := serveSites(t, map[string]string{
			"/one/": buildQuizSite(t, quizFixture, true),
			"/two/": buildQuizSite(t, quizFixture, false),
		})
		twoSites(t, origin+"/one/lesson/", origin+"/two/lesson/", origin+"/one/my-results/", origin+"/two/my-results/")
	})
	t.Run("two folders from file://", func(t *testing.T) {
		one, two := buildQuizSite(t, quizFixture, false), buildQuizSite(t, quizFixture, false)
		page := func(dir, path string) string {
			return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, path, "index.html"))}).String()
		}
		twoSites(t, page(one, "lesson"), page(two, "lesson"), page(one, "my-results"), page(two, "my-results"))
	})
}

func twoSites(t *testing.T, lessonOne, lessonTwo, resultsOne, resultsTwo string) {
	p := openQuizPage(t)
	open := func(u string) {
		t.Helper()
		p.do("opening "+u, chromedp.Navigate(u))
		p.started()
	}
	checked := func(qid, value string) bool {
		t.Helper()
		return p.flag(`document.querySelector('[data-question=%s] input[value=%q]').checked`, qid, value)
	}
	results := func(u string) string {
		t.Helper()
		p.do("opening "+u, chromedp.Navigate(u), chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
		return p.text(`document.querySelector('.my-results-list').innerText`)
	}

	open(lessonOne)
	p.click(quizQuestion("every-type", "fixed", `input[value="false"]`))
	p.click(quizQuestion("balance", "plan", `input[value="2"]`))
	open(lessonTwo)
	if checked("fixed", "false") || checked("plan", "2") {
		t.Fatalf("the second site shows the answers given on the first")
	}
	p.click(quizQuestion("every-type", "fixed", `input[value="true"]`))
	if list := results(resultsTwo); strings.Contains(list, "How balanced") || !strings.Contains(list, "Every question type") {
		t.Errorf("My results of the second site should list only its own answers; it shows:\n%s", list)
	}

	open(lessonTwo)
	p.click(quizSel("every-type", ".quiz-clear"))
	open(lessonOne)
	if !checked("fixed", "false") || !checked("plan", "2") {
		t.Errorf("Clear my answers on the second site cleared the first site's answers")
	}

	open(lessonTwo)
	p.click(quizQuestion("balance", "plan", `input[value="0"]`))
	results(resultsTwo)
	p.text(`(window.confirm = () => true, "")`)
	p.click(".my-results-clear")
	if list := results(resultsOne); !strings.Contains(list, "How balanced") || !strings.Contains(list, "Every question type") {
		t.Errorf("Clear all my answers on the second site took the first site's answers; its My results shows:\n%s", list)
	}
	open(lessonOne)
	if !checked("fixed", "false") || !checked("plan", "2") {
		t.Errorf("after Clear all my answers on the second site, the first site's answers are gone")
	}
}

// TestQuizAnswersFromBeforeSiteKeys: answers saved before keys named the site's folder, under the
// site's base_url, are found and moved to the site's own key.
func TestQuizAnswersFromBeforeSiteKeys(t *testing.T) {
	site := serveQuizFixture(t)
	q := loadFixtureQuiz(t, "balance")
	p := openQuizPage(t)
	p.do("opening My results", chromedp.Navigate(site+"my-results/"))
	old := "kith|https://school.example/toolkit/|balance|" + q.Hash
	p.setItem(old, `{"quiz": "balance", "hash": "`+q.Hash+`", "title": "How balanced is it?", "kind": "self-assessment", "answers": {"plan": 2}, "order": {}}`)
	p.do("reloading My results", chromedp.Reload(), chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "How balanced is it?") {
		t.Errorf("My results should list answers saved under the site's old key; it shows:\n%s", list)
	}
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	if !p.flag(`document.querySelector('[data-question=plan] input[value="2"]').checked`) {
		t.Errorf("answers saved under the site's old key were not restored")
	}
	if p.flag(`localStorage.getItem(%q) !== null`, old) {
		t.Errorf("the old key is still there; it should have moved to the site's own key")
	}
	if k := p.storageKey("balance"); k != "kith|/toolkit/|balance|"+q.Hash {
		t.Errorf("the answers moved to %q; want the key of the site's folder, kith|/toolkit/|balance|%s", k, q.Hash)
	}
}

// TestQuizSiteOverrideFromBefore: a site that overrides partials/quiz.html with a copy made before
// storage keys held the site's folder still builds, its quizzes save, restore and check with no
// script error, and My results lists their answers.
func TestQuizSiteOverrideFromBefore(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	copyQuizSite(t, quizFixture, src)
	old, err := os.ReadFile("testdata/quiz-partial-before-site-keys.html")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(src, "themes", "default", "layouts", "partials")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "quiz.html"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	site := browsertest.Serve(t, buildQuizSite(t, src, false), "/toolkit/")
	p := openQuizPage(t)
	p.do("opening the lesson", chromedp.Navigate(site+"lesson/"))
	p.started()
	p.click(quizQuestion("balance", "plan", `input[value="2"]`))
	p.check("balance")
	p.do("reloading the lesson", chromedp.Reload())
	p.started()
	if !p.flag(`document.querySelector('[data-question=plan] input[value="2"]').checked`) {
		t.Errorf("with the old partials/quiz.html, answers are not restored after a reload")
	}
	if r := p.result("balance"); r.Band == "" {
		t.Errorf("with the old partials/quiz.html, the checked quiz shows no band after a reload: %+v", r)
	}
	p.do("opening My results", chromedp.Navigate(site+"my-results/"), chromedp.WaitNotVisible(chromedp.CSS(".my-results-nojs")))
	if list := p.text(`document.querySelector('.my-results-list').innerText`); !strings.Contains(list, "How balanced is it?") {
		t.Errorf("with the old partials/quiz.html, My results does not list the quiz's answers; it shows:\n%s", list)
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "\n"))
	}
}
