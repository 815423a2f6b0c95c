package e2e

// Progress, results a student hands in, and the page where a teacher reads them: what a student
// and a teacher see in Chromium, from file:// and over HTTP under the strict CSP.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kith/internal/browsertest"
)

// downloads sends the tab's downloads to a new folder and returns it.
func (p *quizPage) downloads() string {
	p.t.Helper()
	dir := p.t.TempDir()
	if _, err := chromedp.Call(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		p.t.Fatalf("asking Chromium to save downloads in %s: %v", dir, err)
	}
	return dir
}

// downloaded waits for one new file in dir whose name matches pattern and returns its path.
func (p *quizPage) downloaded(dir, pattern string) string {
	p.t.Helper()
	re := regexp.MustCompile(pattern)
	for start := time.Now(); time.Since(start) < 15*time.Second; time.Sleep(100 * time.Millisecond) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if re.MatchString(e.Name()) {
				return filepath.Join(dir, e.Name())
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	p.t.Fatalf("no download named like %s appeared in %s (found %v); status: %q", pattern, dir, entries,
		p.text(`(document.querySelector('[role=status]') || {}).textContent || ''`))
	return ""
}

func (p *quizPage) setViewport(width, height int64) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		p.t.Fatal(err)
	}
}

func (p *quizPage) axe(what string) {
	p.t.Helper()
	if _, err := os.Stat(browsertest.AxePath()); err != nil {
		browsertest.Need(p.t, "axe-core", npmInstall)
	}
	if vs := browsertest.Axe(p.t, p.ctx); len(vs) > 0 {
		p.t.Errorf("%s: axe-core reports:\n%s", what, browsertest.FormatViolations(vs))
	}
}

// TestProgress: checking a lesson's knowledge check marks the lesson done in the navigation, with
// words and not colour alone, counts it on the home and section pages, takes it off My results'
// list of lessons still to do; clearing the answers undoes all of it.
func TestProgress(t *testing.T) {
	b := buildThemeSite(t, themeSites[1])
	base := browsertest.Serve(t, b.dir, themeBasePath)
	p := openQuizPage(t)
	lesson := themeSites[1].lesson
	p.do("opening a lesson", chromedp.Navigate(base+lesson))
	p.started()
	total := p.text(`String(document.querySelectorAll('.site-nav a[data-checks]').length)`)
	if total == "0" {
		t.Fatalf("the navigation names no lesson's knowledge check (data-checks)")
	}
	if p.flag(`!!document.querySelector('.site-nav .progress-done')`) {
		t.Fatalf("a lesson is marked done before any knowledge check was checked")
	}
	id := p.text(`document.querySelector('.quiz-knowledge').dataset.quiz`)
	p.check(id)
	// The mark appears at once, without a reload.
	if got := p.text(`document.querySelector('.site-nav a[aria-current=page]').textContent`); !strings.Contains(got, "(done)") {
		t.Errorf("after checking its knowledge check the lesson's link reads %q; want it to say it is done", got)
	}
	if !p.flag(`getComputedStyle(document.querySelector('.site-nav a[aria-current=page] .progress-done [aria-hidden=true]')).display !== 'none'`) {
		t.Errorf("the done mark is not shown")
	}
	if n := p.text(`String(document.querySelectorAll('.site-nav .progress-done').length)`); n != "1" {
		t.Errorf("%s lessons marked done, want 1", n)
	}
	want := "1 of " + total + " lessons done"
	for _, path := range []string{"", "lessons/"} {
		p.do("opening "+path, chromedp.Navigate(base+path))
		if got := p.text(`document.querySelector('.progress-count').innerText`); got != want {
			t.Errorf("%s shows %q, want %q", base+path, got, want)
		}
	}
	p.do("opening My results", chromedp.Navigate(base+"my-results/"))
	todo := func() []string {
		var out []string
		p.js(&out, `[...document.querySelectorAll('.progress-todo-list li')].filter(li => li.checkVisibility()).map(li => li.querySelector('a').getAttribute('href'))`)
		return out
	}
	left := todo()
	if len(left) == 0 || strings.Join(left, " ") == "" || len(left) != mustAtoi(t, total)-1 {
		t.Errorf("My results lists %d lessons still to do (%v), want %s", len(left), left, total+" - 1")
	}
	for _, href := range left {
		if strings.Contains(href, strings.TrimSuffix(strings.TrimPrefix(lesson, "lessons/"), "/")) {
			t.Errorf("My results lists the lesson just done as still to do: %s", href)
		}
	}
	p.text(`(window.confirm = () => true, '')`)
	p.click(".my-results-clear")
	if got := len(todo()); got != mustAtoi(t, total) {
		t.Errorf("after Clear all my answers My results lists %d lessons to do, want %s", got, total)
	}
	if got := p.text(`document.querySelector('.progress-count').innerText`); got != "0 of "+total+" lessons done" {
		t.Errorf("after Clear all my answers the count reads %q", got)
	}
	p.do("opening the lesson again", chromedp.Navigate(base+lesson))
	if p.flag(`!!document.querySelector('.site-nav .progress-done')`) {
		t.Errorf("after Clear all my answers the lesson is still marked done")
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the pages reported errors: %s", strings.Join(errs, "\n"))
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("%q is not a number", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// resultsFile is what the JSON block of a downloaded results file holds.
type resultsFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Site    struct {
		Title string `json:"title"`
		ID    string `json:"id"`
	} `json:"site"`
	Student string `json:"student"`
	Results []struct {
		Quiz    string `json:"quiz"`
		Hash    string `json:"hash"`
		Kind    string `json:"kind"`
		Checked bool   `json:"checked"`
		Score   *int   `json:"score"`
		Max     *int   `json:"max"`
	} `json:"results"`
}

var jsonBlock = regexp.MustCompile(`(?s)<script type="application/json" id="kith-results">(.*?)</script>`)

func readResultsFile(t *testing.T, path string) (string, resultsFile) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html := string(raw)
	m := jsonBlock.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("%s has no results JSON block:\n%s", path, html)
	}
	var f resultsFile
	if err := json.Unmarshal([]byte(m[1]), &f); err != nil {
		t.Fatalf("%s: the JSON block does not parse: %v\n%s", path, err, m[1])
	}
	if n := strings.Count(html, "<script"); n != 1 {
		t.Errorf("%s holds %d script elements; want only the JSON block", path, n)
	}
	if !strings.Contains(html, `content="default-src 'none'"`) {
		t.Errorf("%s does not forbid scripts and fetches with its own CSP", path)
	}
	return html, f
}

// handIn checks the knowledge check of the fixture's lesson (all right or not) and its
// self-assessment, then downloads the results from My results under the name who.
func handIn(t *testing.T, p *quizPage, base, index, dir, who string, right bool) (string, resultsFile) {
	t.Helper()
	p.do("opening the lesson", chromedp.Navigate(base+"lesson/"+index))
	p.started()
	p.answerEveryType(right)
	p.check("every-type")
	p.click(quizQuestion("balance", "plan", `input[value="2"]`))
	p.check("balance")
	p.do("opening My results", chromedp.Navigate(base+"my-results/"+index))
	p.do("waiting for the download form", chromedp.WaitVisible(chromedp.CSS(".results-download-button")))
	var ticked map[string]bool
	p.js(&ticked, `Object.fromEntries([...document.querySelectorAll('.results-list li')].map(li => [li.querySelector('label').textContent, li.querySelector('input').checked]))`)
	for label, on := range ticked {
		if knowledge := strings.HasPrefix(label, "Every question type"); knowledge != on {
			t.Errorf("the download form ticks %q: %v; want knowledge checks on and self-assessments off", label, on)
		}
	}
	if p.flag(`document.querySelector('#results-notes').checked`) {
		t.Errorf("reflections go into the file by default")
	}
	p.typeInto("#results-name", who)
	p.click(".results-download-button")
	path := p.downloaded(dir, `^results-.*\.html$`)
	html, f := readResultsFile(t, path)
	if f.Format != "kith-results" || f.Version != 1 || f.Site.Title != "Quiz fixture" || f.Site.ID == "" || f.Student != who {
		t.Errorf("the file says format %q version %d site %+v student %q", f.Format, f.Version, f.Site, f.Student)
	}
	if len(f.Results) != 1 || f.Results[0].Quiz != "every-type" || !f.Results[0].Checked || f.Results[0].Score == nil || f.Results[0].Hash == "" {
		t.Errorf("the file holds %+v; want only the checked knowledge check every-type, with its score", f.Results)
	}
	if strings.Contains(html, "That bonds can change") {
		t.Errorf("the file holds a reflection nobody ticked")
	}
	if !strings.Contains(html, who) {
		t.Errorf("the readable part of the file does not name the student")
	}
	if p.flag(`Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes(%q))`, who) {
		t.Errorf("the name typed for the file was kept in localStorage")
	}
	// The next student on this computer starts from nothing.
	p.text(`(window.confirm = () => true, '')`)
	p.click(".my-results-clear")
	dest := filepath.Join(filepath.Dir(dir), who+".html")
	if err := os.Rename(path, dest); err != nil {
		t.Fatal(err)
	}
	return dest, f
}

// TestResultsDownload: from file:// and over HTTP under the strict CSP, My results makes a file
// with the ticked results only and the name typed, and keeps no copy of the name.
func TestResultsDownload(t *testing.T) {
	for _, mode := range []string{"file", "http"} {
		t.Run(mode, func(t *testing.T) {
			p := openQuizPage(t)
			var base, index string
			if mode == "file" {
				base, index = "file://"+buildQuizSite(t, quizFixture, true)+"/", "index.html"
			} else {
				base = serveQuizFixture(t)
			}
			handIn(t, p, base, index, p.downloads(), "Ada L.", true)
			if errs := p.errors(); len(errs) > 0 {
				t.Errorf("the pages reported errors: %s", strings.Join(errs, "\n"))
			}
		})
	}
}

// TestClassResults: a teacher gives Class results two students' files, one from another site and
// one from an earlier version of the quiz; the two go into the table, the others are listed as
// left out, and the CSV holds the table.
func TestClassResults(t *testing.T) {
	base := serveQuizFixture(t)
	p := openQuizPage(t)
	dl := p.downloads()
	ada, _ := handIn(t, p, base, "", dl, "Ada", true)
	ben, _ := handIn(t, p, base, "", dl, "Ben", false)
	dir := t.TempDir()
	raw, _ := os.ReadFile(ada)
	foreign := filepath.Join(dir, "foreign.html")
	other := strings.Replace(string(raw), `"id": "https://school.example/toolkit/"`, `"id": "https://other.example/"`, 1)
	if other == string(raw) {
		t.Fatalf("the site id in the file is not the fixture's base_url:\n%s", raw)
	}
	os.WriteFile(foreign, []byte(other), 0o644)
	older := filepath.Join(dir, "older.html")
	os.WriteFile(older, []byte(regexp.MustCompile(`"hash": "[0-9a-f]+"`).ReplaceAllString(string(raw), `"hash": "000000000000"`)), 0o644)
	junk := filepath.Join(dir, "notes.txt")
	os.WriteFile(junk, []byte("not a results file"), 0o644)

	p.do("opening Class results", chromedp.Navigate(base+"class-results/"))
	if !strings.Contains(p.text(`document.body.innerText`), "self-reported") {
		t.Errorf("Class results does not say the results are self-reported")
	}
	p.do("picking the files", chromedp.SetUploadFiles(chromedp.CSS("#class-results-files"), []string{ada, ben, foreign, older, junk}))
	p.do("waiting for the table", chromedp.WaitVisible(chromedp.CSS(".class-results-output table")))
	var rows [][]string
	p.js(&rows, `[...document.querySelectorAll('.class-results-output tbody tr')].map(tr => [...tr.cells].map(c => c.textContent))`)
	if len(rows) != 2 || rows[0][0] != "Ada" || rows[1][0] != "Ben" || rows[0][2] != "You got 5 out of 5." || rows[1][2] == rows[0][2] {
		t.Errorf("the table rows are %q; want Ada with 5 out of 5 and Ben with less", rows)
	}
	var problems []string
	p.js(&problems, `[...document.querySelectorAll('.class-results-problems li')].map(li => li.textContent)`)
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"foreign.html: made on another site", "older.html: ", "different version", "notes.txt: not a results file"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the files left out read %q; want %q among them", problems, want)
		}
	}
	p.click(".class-results-csv")
	csv, err := os.ReadFile(p.downloaded(dl, `^class-results.*\.csv$`))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(csv), "\ufeff")), "\r\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], `"Ada","Every question type","every-type","5","5",`) || !strings.HasPrefix(lines[2], `"Ben",`) {
		t.Errorf("the CSV reads:\n%s", csv)
	}
	for _, width := range []int64{390, 1280} {
		p.setViewport(width, 844)
		p.axe(fmt.Sprintf("Class results at %d px", width))
	}
}

// TestResultsPagesAccessible runs axe-core on My results, with results to hand in and lessons
// still to do, and on Class results, on a phone and a desktop.
func TestResultsPagesAccessible(t *testing.T) {
	b := buildThemeSite(t, themeSites[1])
	base := browsertest.Serve(t, b.dir, themeBasePath)
	p := openQuizPage(t)
	p.do("opening a lesson", chromedp.Navigate(base+themeSites[1].lesson))
	p.started()
	p.check(p.text(`document.querySelector('.quiz-knowledge').dataset.quiz`))
	for _, width := range []int64{390, 1280} {
		p.setViewport(width, 900)
		for _, path := range []string{"my-results/", "class-results/"} {
			p.do("opening "+path, chromedp.Navigate(base+path))
			p.axe(fmt.Sprintf("%s at %d px", path, width))
		}
	}
}

// TestTOCFoldedOnPhone: on a 390×844 phone every lesson of the toolkit folds "On this page"
// and starts its story (the first paragraph of the lesson's text) on the first screen, with a
// whole line of it showing; the menu's button shares the breadcrumbs' line without covering
// them, and opens over the page; every control there keeps a 24 px target; axe-core finds
// nothing wrong. On a desktop the list stands open beside the lesson.
func TestTOCFoldedOnPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	dir := buildToolkit(t, false)
	base := browsertest.Serve(t, dir, "/")
	lessons, err := filepath.Glob(filepath.Join(repoRoot(), "content", "lessons", "*.md"))
	if err != nil || len(lessons) < 2 {
		t.Fatalf("the toolkit's lessons: %v %v", lessons, err)
	}
	p := openQuizPage(t)
	p.setViewport(390, 844)
	for _, file := range lessons {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		if name == "_index" {
			continue
		}
		p.do("opening "+name, chromedp.Navigate(base+"lessons/"+name+"/"))
		if p.visible(".toc ol") || !p.visible(".toc summary") {
			t.Errorf("%s: on a phone the list of the lesson's parts is not folded behind its summary", name)
		}
		// Folded, the list takes one line.
		if h := p.text(`String(Math.round(document.querySelector('.toc').getBoundingClientRect().height))`); mustAtoi(t, h) > 64 {
			t.Errorf("%s: on a phone the folded list is %s px tall; want one line", name, h)
		}
		story := p.text(`(() => { const p = document.querySelector('.prose > p'), r = p.getBoundingClientRect();
			return Math.round(r.top) + ' ' + Math.round(r.top + parseFloat(getComputedStyle(p).lineHeight)); })()`)
		top, line, _ := strings.Cut(story, " ")
		if mustAtoi(t, line) > 844 {
			t.Errorf("%s: on a 390×844 phone the lesson's story starts at %s px; its first line should show on the first screen", name, top)
		}
		t.Logf("%s: the story starts at %s px", name, top)
		for _, sel := range []string{".site-title", ".site-search-input", ".site-nav summary", ".breadcrumbs a", ".toc summary"} {
			if h := p.text(`String(Math.floor(Math.min(...[...document.querySelectorAll(%q)].map(e => e.getBoundingClientRect().height))))`, sel); mustAtoi(t, h) < 24 {
				t.Errorf("%s: %s is %s px tall; a target needs 24", name, sel, h)
			}
		}
		if p.flag(`(() => { const m = document.querySelector('.site-nav summary').getBoundingClientRect();
			return [...document.querySelectorAll('.breadcrumbs a')].some(a => { const r = a.getBoundingClientRect();
				return r.right > m.left && r.left < m.right && r.bottom > m.top && r.top < m.bottom; }); })()`) {
			t.Errorf("%s: the menu's button covers the breadcrumbs", name)
		}
	}
	p.axe("a lesson on a phone")
	p.click(".site-nav summary")
	if !p.flag(`(() => { const a = document.querySelector('.site-nav details > ul a'), r = a.getBoundingClientRect();
		return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('a') === a; })()`) {
		t.Errorf("on a phone the open menu's links are covered by the page")
	}
	p.axe("a lesson on a phone with the menu open")
	p.click(".site-nav summary")
	p.click(".toc summary")
	if !p.visible(".toc ol") {
		t.Errorf("on a phone the summary does not open the list")
	}
	p.setViewport(1280, 900)
	p.do("reopening the lesson", chromedp.Navigate(base+"lessons/finding-balance/"))
	if !p.visible(".toc ol") {
		t.Errorf("on a desktop the list of the lesson's parts is folded")
	}
}
