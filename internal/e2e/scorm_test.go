package e2e

// kith build --scorm and --zip in Chromium: the SCORM package inside a page that provides the
// SCORM 1.2 API from scorm-again, as an LMS does, and the zip unpacked and opened from disk.

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith/generator/pipeline"
	"kith/generator/site"
	"kith/internal/browsertest"
	"kith/internal/sitetest"
)

// scormSite has two knowledge checks (four points in all), a self-assessment, and a short answer
// long enough to overflow cmi.suspend_data.
var scormSite = map[string]string{
	"site.toml":              "title = \"SCORM fixture\"\nmastery_score = 60\n",
	"content/_index.md":      "+++\ntitle = \"Home\"\n+++\nStart with [the lesson](lessons/one.md).\n",
	"content/lessons/one.md": "+++\ntitle = \"One\"\n+++\n```quiz\nbasics\n```\n\n```quiz\nmore\n```\n\n```quiz\nfeel\n```\n",
	"quizzes/basics.toml": `title = "Basics"
kind = "knowledge"
[[questions]]
id = "a"
type = "truefalse"
prompt = "A is true."
answer = true
[[questions]]
id = "b"
type = "truefalse"
prompt = "B is true."
answer = true
[[questions]]
id = "c"
type = "truefalse"
prompt = "C is true."
answer = true
`,
	"quizzes/more.toml": `title = "More"
kind = "knowledge"
[[questions]]
id = "word"
type = "short"
prompt = "Say yes."
accept = ["yes"]
`,
	"quizzes/feel.toml": `title = "How do you feel?"
kind = "self-assessment"
scale = ["Never", "Sometimes", "Often"]
[[questions]]
id = "often"
type = "likert"
prompt = "I watch a lot."
[[bands]]
id = "low"
min = 0
max = 1
title = "Low"
[[bands]]
id = "high"
min = 2
max = 2
title = "High"
`,
}

// scorm12JS is scorm-again's SCORM 1.2 API, which .ci/run installs.
func scorm12JS() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", ".ci", "node_modules", "scorm-again", "dist", "scorm12.js")
}

// unzip writes the zip's files under a new folder and returns it.
func unzip(t *testing.T, file string) string {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dir := t.TempDir()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		sitetest.Write(t, dir, f.Name, string(b))
	}
	return dir
}

func buildArchive(t *testing.T, kind pipeline.Archive) string {
	t.Helper()
	return buildArchiveOf(t, sitetest.New(t, scormSite), kind)
}

// buildArchiveOf builds the site at src as a package of the kind and returns it unpacked.
func buildArchiveOf(t *testing.T, src string, kind pipeline.Archive) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "package.zip")
	if _, err := pipeline.BuildArchive(site.Options{Source: src}, out, kind); err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return unzip(t, out)
}

// lms serves an unpacked package under /pkg/ and, at /lms/, a page that provides the SCORM 1.2
// API from scorm-again, records every call in window.calls, and opens the package's launch page
// in a frame. Every response carries the strict CSP.
type lms struct {
	url   string
	saved string // the CMI JSON the next launch starts from, "" for a first launch
	mu    chan struct{}
}

// resume makes the next launch start from suspend and status, as an LMS resumes an attempt.
func (l *lms) resume(suspend, status string) {
	saved, _ := json.Marshal(map[string]any{
		"suspend_data": suspend,
		"core":         map[string]any{"lesson_status": status, "entry": "resume"},
	})
	l.mu <- struct{}{}
	l.saved = string(saved)
	<-l.mu
}

func serveLMS(t *testing.T, pkg string) *lms {
	t.Helper()
	api, err := os.ReadFile(scorm12JS())
	if err != nil {
		browsertest.Need(t, "scorm-again", "npm ci --prefix .ci --no-audit --no-fund")
	}
	l := &lms{mu: make(chan struct{}, 1)}
	files := http.StripPrefix("/pkg", http.FileServer(http.Dir(pkg)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", browsertest.CSP)
		w.Header().Set("Cache-Control", "no-store")
		switch r.URL.Path {
		case "/favicon.ico": // asked for by the LMS page, which names no icon
			w.WriteHeader(http.StatusNoContent)
		case "/lms/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/lms/scorm12.js"></script><script src="/lms/lms.js" defer></script></head>
<body><iframe id="sco" title="Course"></iframe></body></html>`)
		case "/lms/scorm12.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(api)
		case "/lms/lms.js":
			w.Header().Set("Content-Type", "text/javascript")
			l.mu <- struct{}{}
			saved := l.saved
			<-l.mu
			if saved == "" {
				saved = "null"
			}
			fmt.Fprintf(w, `window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
var saved = %s;
if (saved) window.API.loadFromJSON(saved);
window.calls = [];
['LMSInitialize', 'LMSCommit', 'LMSFinish', 'LMSSetValue.cmi.*'].forEach(function (ev) {
  window.API.on(ev, function (el, v) { window.calls.push([ev, el === undefined ? '' : String(el), v === undefined ? '' : String(v)]); });
});
document.getElementById('sco').src = '/pkg/scorm/launch.html';
`, saved)
		default:
			if !strings.HasPrefix(r.URL.Path, "/pkg/") {
				http.NotFound(w, r)
				return
			}
			files.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	l.url = srv.URL
	return l
}

// frameJS is the JavaScript that reaches the site's document: the LMS page frames the launch
// page, which frames the site.
const frameJS = `document.getElementById('sco').contentDocument.querySelector('iframe').contentDocument`

type scormPage struct {
	t       *testing.T
	l       *lms
	ctx     context.Context
	console *browsertest.Console
}

func openSCORMPage(t *testing.T, l *lms) *scormPage {
	p := &scormPage{t: t, l: l, ctx: browsertest.Browser(t)}
	p.console = browsertest.WatchConsole(p.ctx)
	return p
}

// noErrors fails the test if any page or frame reported an error.
func (p *scormPage) noErrors() {
	p.t.Helper()
	if errs := p.console.Errors(); len(errs) > 0 {
		p.t.Errorf("the pages reported errors:\n%s", strings.Join(errs, "\n"))
	}
}

// eval evaluates an expression in the LMS page and decodes its JSON value into out, if not nil.
func (p *scormPage) eval(out any, expr string, args ...any) {
	p.t.Helper()
	expr = fmt.Sprintf(expr, args...)
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[string]("JSON.stringify("+expr+") ?? 'null'"))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(raw), out); err != nil {
			p.t.Fatalf("reading the value of %s (%s): %v", expr, raw, err)
		}
	}
}

// wait waits until expr is true in the LMS page.
func (p *scormPage) wait(what, expr string) {
	p.t.Helper()
	waitFor(p.t, p.ctx, what, expr)
}

// waitFor waits until expr is true in the page, through the navigations that lead there: a
// page that is being replaced has no context to evaluate in, so an error means "not yet".
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	// Generous: the machines that run these tests are often busy.
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+expr+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: not true after 60s (last error: %v)", what, last)
}

// open opens the LMS page, which launches the package, and waits for the site's home page in it.
// (Go's file server answers /pkg/index.html with a redirect to /pkg/.)
func (p *scormPage) open() {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.l.url+"/lms/")); err != nil {
		p.t.Fatal(err)
	}
	p.wait("the site's home page in the package", frameJS+`.defaultView.location.pathname === '/pkg/' && `+frameJS+`.readyState === 'complete' && `+frameJS+`.querySelector('main')`)
}

// goTo opens the page at path (relative to the package's root) in the package's frame, as a
// link in the site would, and waits for the quizzes on it to start.
func (p *scormPage) goTo(path string) {
	p.t.Helper()
	p.eval(nil, frameJS+`.defaultView.location.href = %q`, "/pkg/"+path)
	dir := "/pkg/" + strings.TrimSuffix(path, "index.html")
	p.wait(path+" in the package's frame", fmt.Sprintf(`%s.defaultView.location.pathname === %q && %s.readyState === 'complete' && [...%s.querySelectorAll('[data-quiz]')].every(q => q.classList.contains('quiz-on'))`, frameJS, dir, frameJS, frameJS))
}

// launch opens the package and follows the link to the fixture's lesson.
func (p *scormPage) launch() {
	p.t.Helper()
	p.open()
	p.eval(nil, frameJS+`.querySelector('a[href*="lessons/one/index.html"]').click()`)
	p.wait("the lesson with its three quizzes started", frameJS+`.querySelectorAll('.quiz-on').length === 3`)
}

// click clicks the element sel of the site's page, as a student does.
func (p *scormPage) click(sel string) {
	p.t.Helper()
	var found bool
	p.eval(&found, `(el => el ? (el.click(), true) : false)(`+frameJS+`.querySelector(%q))`, sel)
	if !found {
		p.t.Fatalf("no %s on the package's page", sel)
	}
}

// typeInto types text into the field sel of the site's page.
func (p *scormPage) typeInto(sel, text string) {
	p.t.Helper()
	p.eval(nil, `(el => { el.value = %q; el.dispatchEvent(new Event('input', { bubbles: true })); })(`+frameJS+`.querySelector(%q))`, text, sel)
}

// arrange puts the items of an order question in the given order with its move buttons.
func (p *scormPage) arrange(quizID, qid string, want []int, _ bool) {
	p.t.Helper()
	for pos, item := range want {
		var order []int
		p.eval(&order, `[...`+frameJS+`.querySelectorAll(%q)].map(li => +li.dataset.item)`, quizQuestion(quizID, qid, "[data-item]"))
		for at := slices.Index(order, item); at > pos; at-- {
			p.click(quizQuestion(quizID, qid, fmt.Sprintf(`[data-item="%d"] [data-move="-1"]`, item)))
		}
	}
}

// answer clicks the input sel of the quiz id, as a student does.
func (p *scormPage) answer(id, sel string) {
	p.t.Helper()
	p.eval(nil, frameJS+`.querySelector('[data-quiz=%s] %s').click()`, id, sel)
}

func (p *scormPage) check(id string) {
	p.t.Helper()
	p.eval(nil, frameJS+`.querySelector('[data-quiz=%s] .quiz-check').click()`, id)
	p.wait("the result of "+id, frameJS+`.querySelector('[data-quiz=`+id+`] .quiz-result').hidden === false`)
}

// cmi reads a value of the LMS's record of the attempt.
func (p *scormPage) cmi(path string) string {
	p.t.Helper()
	var v string
	p.eval(&v, `String(window.API.cmi.%s)`, path)
	return v
}

func (p *scormPage) calls() [][3]string {
	p.t.Helper()
	var cs [][3]string
	p.eval(&cs, `window.calls`)
	return cs
}

var twoDecimals = regexp.MustCompile(`^\d+(\.\d{1,2})?$`)

// checkLimits asserts what scorm-again does not enforce: suspend_data within 4,096 characters,
// and scores with at most two decimals.
func checkLimits(t *testing.T, calls [][3]string) {
	t.Helper()
	for _, c := range calls {
		switch c[1] {
		case "cmi.suspend_data":
			if len(c[2]) > 4096 {
				t.Errorf("cmi.suspend_data set to %d characters; SCORM 1.2 allows 4,096", len(c[2]))
			}
		case "cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max":
			if !twoDecimals.MatchString(c[2]) {
				t.Errorf("%s set to %q: want a number with at most two decimals", c[1], c[2])
			}
		}
	}
}

// count counts the calls of the API function name, or the sets of the CMI element name.
func count(calls [][3]string, name string) int {
	n := 0
	for _, c := range calls {
		if c[0] == name || c[0] == "LMSSetValue.cmi.*" && c[1] == name {
			n++
		}
	}
	return n
}

// lastSet returns the value last set for the CMI element name (cmi.core.exit is write-only).
func lastSet(calls [][3]string, name string) string {
	v := "(never set)"
	for _, c := range calls {
		if c[0] == "LMSSetValue.cmi.*" && c[1] == name {
			v = c[2]
		}
	}
	return v
}

// end closes the package as an LMS does when the student leaves: the frame goes away.
func (p *scormPage) end() {
	p.t.Helper()
	p.eval(nil, `document.getElementById('sco').remove()`)
	p.wait("LMSFinish", `window.calls.some(c => c[0] === 'LMSFinish')`)
}

// TestSCORMPackageInLMS takes the package through two launches in an LMS page that provides
// scorm-again's SCORM 1.2 API: scores, status and answers reach the LMS, come back on the next
// launch, and a self-assessment sends nothing.
func TestSCORMPackageInLMS(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	l := serveLMS(t, buildArchive(t, pipeline.SCORM))
	p := openSCORMPage(t, l)
	defer p.noErrors()
	p.launch()
	if n := count(p.calls(), "LMSInitialize"); n != 1 {
		t.Fatalf("LMSInitialize called %d times, want once", n)
	}
	if s := p.cmi("core.lesson_status"); s != "incomplete" {
		t.Errorf("lesson_status %q on launch, want incomplete", s)
	}

	// The self-assessment first: nothing of it may reach the LMS.
	before := len(p.calls())
	p.answer("feel", `input[value="2"]`)
	p.check("feel")
	if after := p.calls(); len(after) != before {
		t.Errorf("taking the self-assessment called the LMS: %q", after[before:])
	}
	var stored int
	p.eval(&stored, `localStorage.length`)
	if stored != 0 {
		t.Errorf("the package left %d items in localStorage, for the next student on the computer to find", stored)
	}

	// Two of three right in the first knowledge check: 2 of 4 points over both checks.
	p.answer("basics", `[data-question=a] input[value="true"]`)
	p.answer("basics", `[data-question=b] input[value="true"]`)
	p.answer("basics", `[data-question=c] input[value="false"]`)
	p.check("basics")
	if raw, lo, hi := p.cmi("core.score.raw"), p.cmi("core.score.min"), p.cmi("core.score.max"); raw != "50" || lo != "0" || hi != "100" {
		t.Errorf("score raw %q min %q max %q, want 50 of 0..100", raw, lo, hi)
	}
	if s := p.cmi("core.lesson_status"); s != "incomplete" {
		t.Errorf("lesson_status %q with one knowledge check left, want incomplete", s)
	}
	suspend := p.cmi("suspend_data")
	if !strings.Contains(suspend, `"basics"`) || strings.Contains(suspend, "feel") {
		t.Errorf("suspend_data %q: want the knowledge check's answers and nothing of the self-assessment", suspend)
	}
	p.end()
	calls := p.calls()
	checkLimits(t, calls)
	if exit := lastSet(calls, "cmi.core.exit"); exit != "suspend" {
		t.Errorf("cmi.core.exit %q when leaving before the end, want suspend", exit)
	}
	if count(calls, "LMSCommit") == 0 {
		t.Error("LMSCommit was never called")
	}

	// The second launch starts from what the LMS saved, as an LMS resumes an attempt.
	l.resume(suspend, p.cmi("core.lesson_status"))
	p.launch()
	var restored []bool
	p.eval(&restored, `['a', 'b', 'c'].map(q => `+frameJS+`.querySelector('[data-quiz=basics] [data-question=' + q + '] input[value="true"]').checked)`)
	if fmt.Sprint(restored) != "[true true false]" {
		t.Errorf("on the second launch, the answers of basics are %v, want [true true false] restored", restored)
	}
	var shown bool
	p.eval(&shown, frameJS+`.querySelector('[data-quiz=basics] .quiz-result').hidden === false`)
	if !shown {
		t.Error("on the second launch, the checked knowledge check does not show its result")
	}
	var feel bool
	p.eval(&feel, frameJS+`.querySelector('[data-quiz=feel] input[value="2"]').checked`)
	if feel {
		t.Error("the self-assessment's answer came back on the next launch; it must go when the window closes")
	}
	if s := p.cmi("core.lesson_status"); s != "incomplete" {
		t.Errorf("lesson_status %q on resuming, want incomplete kept", s)
	}

	// The last knowledge check, answered at great length: 3 of 4 points, over mastery_score 60.
	p.eval(nil, frameJS+`.querySelector('[data-quiz=more] input[type=text]').value = 'yes'`)
	p.eval(nil, frameJS+`.querySelector('[data-quiz=more] input[type=text]').dispatchEvent(new Event('input', { bubbles: true }))`)
	p.check("more")
	if raw := p.cmi("core.score.raw"); raw != "75" {
		t.Errorf("score raw %q, want 75", raw)
	}
	if s := p.cmi("core.lesson_status"); s != "passed" {
		t.Errorf("lesson_status %q with every knowledge check checked at 75%% and mastery_score 60, want passed", s)
	}
	long := strings.Repeat("no ", 2000)
	p.eval(nil, frameJS+`.querySelector('[data-quiz=more] input[type=text]').value = %q`, long)
	p.eval(nil, frameJS+`.querySelector('[data-quiz=more] input[type=text]').dispatchEvent(new Event('input', { bubbles: true }))`)
	p.check("more")
	if raw, s := p.cmi("core.score.raw"), p.cmi("core.lesson_status"); raw != "50" || s != "failed" {
		t.Errorf("after a wrong answer: score %q, status %q; want 50 and failed", raw, s)
	}
	var status string
	p.eval(&status, `document.getElementById('sco').contentDocument.querySelector('.kith-scorm-status').textContent`)
	if !strings.Contains(status, "scores are saved") {
		t.Errorf("answers too long for suspend_data: the launch page says %q, want it to say the scores are kept", status)
	}
	if sd := p.cmi("suspend_data"); !strings.Contains(sd, `"more":[0,1]`) {
		t.Errorf("suspend_data %q: the scores must be kept when the answers do not fit", sd)
	}
	p.end()
	calls = p.calls()
	checkLimits(t, calls)
	if exit := lastSet(calls, "cmi.core.exit"); exit != "" {
		t.Errorf("cmi.core.exit %q after the lesson is over, want empty", exit)
	}
}

// TestSCORMPackageWithoutLMS: opened from a web server without an LMS, the package is the site.
// (Go's file server answers /pkg/index.html with a redirect to /pkg/.)
func TestSCORMPackageWithoutLMS(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	site := browsertest.Serve(t, buildArchive(t, pipeline.SCORM), "/pkg/")
	ctx := browsertest.Browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"scorm/launch.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the launch page opening the site's home page without an LMS", `/^\/pkg\/(index\.html)?$/.test(location.pathname) && document.querySelector('a[href*="lessons/one/index.html"]')`)
	if _, err := os.Stat(browsertest.AxePath()); err != nil {
		browsertest.Need(t, "axe-core", "npm ci --prefix .ci --no-audit --no-fund")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"scorm/privacy.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the privacy page", `document.querySelector('h1') && document.readyState === 'complete'`)
	says, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(says, "Self-assessments and reflections: never sent") {
		t.Errorf("the privacy page does not say self-assessments are never sent:\n%s", says)
	}
	if vs := browsertest.Axe(t, ctx); len(vs) > 0 {
		t.Errorf("the privacy page fails axe-core:\n%s", browsertest.FormatViolations(vs))
	}
}

// TestZipFromDisk unpacks --zip into a folder and opens it from file://: links lead to pages
// whose styles and scripts load, and a quiz works.
func TestZipFromDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	dir := buildArchive(t, pipeline.Zip)
	ctx := browsertest.Browser(t)
	home := "file://" + filepath.ToSlash(filepath.Join(dir, "index.html"))
	if err := chromedp.Do(ctx, chromedp.Navigate(home), chromedp.Click(chromedp.CSS(`a[href*="lessons/one/index.html"]`))); err != nil {
		t.Fatalf("following the link to the lesson: %v", err)
	}
	poll := func(what, expr string) { t.Helper(); waitFor(t, ctx, what, expr) }
	poll("the lesson opened from disk, its quizzes started", `location.href.endsWith('lessons/one/index.html') && document.querySelectorAll('.quiz-on').length === 3`)
	poll("the style sheet applied", `getComputedStyle(document.querySelector('.skip-link')).position !== 'static'`)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-quiz=basics] [data-question=a] input[value="true"]`)),
		chromedp.Click(chromedp.CSS(`[data-quiz=basics] .quiz-check`))); err != nil {
		t.Fatal(err)
	}
	poll("the knowledge check's result", `document.querySelector('[data-quiz=basics] .quiz-result').hidden === false && document.querySelector('[data-quiz=basics] .quiz-result').dataset.score === '1'`)
}
