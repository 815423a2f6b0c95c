package serve

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kith/internal/browsertest"
)

// waitFor polls a JavaScript condition in the tab until it is true. Errors while the tab
// reloads are expected and ignored.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + " " + document.body.innerText.slice(0, 400)`))
	t.Fatalf("waiting for %s: the tab shows %q", what, loc)
}

func pageHas(text string) string {
	return `document.body !== null && document.body.innerText.includes(` + strconv.Quote(text) + `)`
}

func overlayHas(text string) string {
	return `(() => { const o = document.getElementById("kith-overlay"); return o !== null && o.innerText.includes(` + strconv.Quote(text) + `); })()`
}

const noOverlay = `document.getElementById("kith-overlay") === null`

func at(path string) string { return `location.pathname === ` + strconv.Quote(path) }

// watchCSP collects what the tab's console says the Content-Security-Policy blocked, from now
// on, across reloads and page changes.
func watchCSP(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var blocked []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "Content Security Policy") {
			mu.Lock()
			blocked = append(blocked, e.Entry.URL+": "+e.Entry.Text)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), blocked...)
	}
}

// TestBrowserLivePreview follows an author through a session in a real browser, under the
// Content-Security-Policy the preview sends, which nothing of the live reload may break: saves
// in place and by rename-over, a broken quiz and its fix, a lesson in a new folder, a deleted
// lesson and a renamed section folder.
func TestBrowserLivePreview(t *testing.T) {
	ctx := browsertest.Browser(t)
	blocked := watchCSP(t, ctx)
	srv, dir := startServer(t, previewSite, Options{})
	if res, _ := get(t, srv.URL()+"lessons/first/"); res.Header.Get("Content-Security-Policy") != browsertest.CSP {
		t.Fatalf("the preview sends Content-Security-Policy %q, want %q", res.Header.Get("Content-Security-Policy"), browsertest.CSP)
	}
	lesson := "+++\ntitle = \"First lesson\"\nweight = 1\n+++\n"

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the live-reload client to connect", `document.documentElement.dataset.kithLive === "connected"`)
	waitFor(t, ctx, "the first text", pageHas("The first text."))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.marker = "old tab"`)); err != nil {
		t.Fatal(err)
	}

	// Saved in place.
	put(t, dir, "content/lessons/first.md", lesson+"Written in place.\n")
	waitFor(t, ctx, "the text written in place", pageHas("Written in place."))

	// Saved through a temporary file renamed over the lesson.
	tmp := filepath.Join(dir, "content/lessons/.first.md.kith-test~")
	if err := os.WriteFile(tmp, []byte(lesson+"Renamed over.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "content/lessons/first.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the text renamed over", pageHas("Renamed over."))

	// A broken quiz: the overlay names it, over the last good page.
	put(t, dir, "quizzes/x.toml", "title = \"X\"\nkind = \"nope\"\n")
	waitFor(t, ctx, "the overlay naming the quiz", overlayHas(`quizzes/x.toml:2:1: error: unknown kind "nope"`))
	waitFor(t, ctx, "the last good page under the overlay", pageHas("Renamed over."))
	// It survives a reload of the tab.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the overlay after a reload", overlayHas("quizzes/x.toml"))
	// Fixed: the overlay goes by itself.
	put(t, dir, "quizzes/x.toml", "title = \"X\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"Fixed?\"\nanswer = true\n")
	waitFor(t, ctx, "the overlay to go", noOverlay)
	put(t, dir, "content/lessons/first.md", lesson+"Uses the quiz.\n\n```quiz\nx\n```\n")
	waitFor(t, ctx, "the lesson with the fixed quiz", pageHas("Fixed?"))

	// A lesson in a new folder appears in the navigation of the open page.
	put(t, dir, "content/extra/new-one.md", "+++\ntitle = \"New one\"\n+++\nIn a new folder.\n")
	put(t, dir, "content/extra/new-two.md", "+++\ntitle = \"New two\"\n+++\nAlso in the new folder.\n")
	waitFor(t, ctx, "the new section in the navigation", pageHas("Extra"))
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"extra/new-one/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the new lesson", pageHas("In a new folder."))

	// Deleted: the tab goes to the lesson's section.
	remove(t, dir, "content/extra/new-one.md")
	waitFor(t, ctx, "the tab to go to the section", at("/toolkit/extra/"))

	// A renamed section folder takes the open lesson along.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"extra/new-two/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the second new lesson", pageHas("Also in the new folder."))
	rename(t, dir, "content/extra", "content/more")
	waitFor(t, ctx, "the lesson at its new address", at("/toolkit/more/new-two/"))
	waitFor(t, ctx, "the moved lesson's text", pageHas("Also in the new folder."))

	if b := blocked(); len(b) > 0 {
		t.Fatalf("the Content-Security-Policy blocked:\n%s", strings.Join(b, "\n"))
	}
	// What a page may not do is seen: an inline script is blocked and reported.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`const s = document.createElement("script"); s.textContent = "document.body.dataset.inline = 1"; document.body.append(s)`)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(blocked()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(blocked()) == 0 {
		t.Fatal("an inline script ran or was blocked without a report: this test cannot see what the policy blocks")
	}
}

// TestBrowserKeepsScrollAndStylesheetSwap checks that a reload keeps the scroll position and
// that a stylesheet change is applied without reloading.
func TestBrowserKeepsScrollAndStylesheetSwap(t *testing.T) {
	ctx := browsertest.Browser(t)
	files := map[string]string{"themes/default/assets/extra.css": "body { outline: 1px solid red; }\n"}
	for k, v := range previewSite {
		files[k] = v
	}
	long := "+++\ntitle = \"First lesson\"\nweight = 1\n+++\n"
	for i := range 200 {
		long += "Paragraph " + strconv.Itoa(i) + " of a long lesson.\n\n"
	}
	files["content/lessons/first.md"] = long
	srv, dir := startServer(t, files, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the live-reload client to connect", `document.documentElement.dataset.kithLive === "connected"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo({top: 3000, behavior: "instant"}); window.kithMarker = 1`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the tab to scroll", `Math.abs(window.scrollY - 3000) < 5`)
	put(t, dir, "content/lessons/first.md", long+"The end, edited.\n")
	waitFor(t, ctx, "the edit", pageHas("The end, edited."))
	waitFor(t, ctx, "the scroll position kept", `Math.abs(window.scrollY - 3000) < 5`)

	// The default theme's stylesheet, replaced by the site's own.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.kithMarker = 2`)); err != nil {
		t.Fatal(err)
	}
	style, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "assets", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	put(t, dir, "themes/default/assets/style.css", string(style)+"\nbody { background-color: rgb(1, 2, 3); }\n")
	waitFor(t, ctx, "the new stylesheet", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	waitFor(t, ctx, "no reload", `window.kithMarker === 2`)
}

// TestBrowserQuizSurvivesUpdate checks that an answer chosen in a quiz is still chosen after the
// lesson is edited, and that the quiz still works.
func TestBrowserQuizSurvivesUpdate(t *testing.T) {
	ctx := browsertest.Browser(t)
	files := map[string]string{
		"quizzes/x.toml":           "title = \"X\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"Is it?\"\nanswer = true\n",
		"content/lessons/first.md": "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nBefore.\n\n```quiz\nx\n```\n",
	}
	for k, v := range previewSite {
		if _, ok := files[k]; !ok {
			files[k] = v
		}
	}
	srv, dir := startServer(t, files, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the live-reload client to connect", `document.documentElement.dataset.kithLive === "connected"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('.quiz input[value="true"]').click()`)); err != nil {
		t.Fatal(err)
	}
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nAfter.\n\n```quiz\nx\n```\n")
	waitFor(t, ctx, "the edit", pageHas("After."))
	waitFor(t, ctx, "the answer still chosen", `document.querySelector('.quiz input[value="true"]').checked`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('.quiz-check').click()`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the quiz to score the answer", `!document.querySelector('.quiz-result').hidden`)
}

// TestBrowserBackgroundTabLetsGo checks that a hidden tab closes its event stream, since a
// browser opens only six connections to one server, and that it catches up when shown again.
func TestBrowserBackgroundTabLetsGo(t *testing.T) {
	ctx := browsertest.Browser(t)
	srv, dir := startServer(t, previewSite, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the live-reload client to connect", `document.documentElement.dataset.kithLive === "connected"`)
	clients := func() int {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return len(srv.clients)
	}
	setVisibility := func(state string) {
		js := `Object.defineProperty(document, "visibilityState", {value: "` + state + `", configurable: true});
			document.dispatchEvent(new Event("visibilitychange"))`
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
			t.Fatal(err)
		}
	}
	setVisibility("hidden")
	deadline := time.Now().Add(5 * time.Second)
	for clients() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := clients(); n != 0 {
		t.Fatalf("%d tabs listening after the tab was hidden, want 0", n)
	}
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nChanged in the background.\n")
	<-srv.built
	setVisibility("visible")
	waitFor(t, ctx, "the change made while hidden", pageHas("Changed in the background."))
}

// TestBrowserBasePathToEscape checks live reload under a base path that a URL writes escaped:
// the tab names its page as the server knows it, so it neither loses its page nor loops.
func TestBrowserBasePathToEscape(t *testing.T) {
	ctx := browsertest.Browser(t)
	files := map[string]string{}
	for k, v := range previewSite {
		files[k] = v
	}
	files["site.toml"] = "title = \"Preview\"\nbase_url = \"/le%C3%A7ons/\"\n"
	srv, dir := startServer(t, files, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the live-reload client to connect", `document.documentElement.dataset.kithLive === "connected"`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.kithMarker = 1`)); err != nil {
		t.Fatal(err)
	}
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nEdited under an escaped base path.\n")
	waitFor(t, ctx, "the edit", pageHas("Edited under an escaped base path."))
	waitFor(t, ctx, "the same tab, on the same page", `window.kithMarker === 1 && `+at("/le%C3%A7ons/lessons/first/"))
}

// TestBrowserPatch follows edits to a lesson in the open tab. An edit to part of the page
// changes only that part: the quiz keeps its state and the page's scripts keep working without
// running again (nodes set apart before the edit are the same nodes after it). An edit that
// cannot be applied exactly that way replaces the body, or reloads when the head changed, and
// everything works after those too: the quiz, progress marks, the search box, the table of
// contents and the slides.
func TestBrowserPatch(t *testing.T) {
	ctx := browsertest.Browser(t)
	blocked := watchCSP(t, ctx)
	console := browsertest.WatchConsole(ctx)
	lesson := func(title, body string) string {
		return "+++\ntitle = \"" + title + "\"\nweight = 1\n+++\n## Part one\n\n" + body + "\n\n```quiz\nx\n```\n"
	}
	files := map[string]string{
		"quizzes/x.toml":           "title = \"X\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"Is it?\"\nanswer = true\n",
		"content/lessons/first.md": lesson("First lesson", "Before."),
	}
	for k, v := range previewSite {
		if _, ok := files[k]; !ok {
			files[k] = v
		}
	}
	srv, dir := startServer(t, files, Options{})
	run := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what, js string) {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil || !ok {
			t.Fatalf("%s: %s is not true (%v)", what, js, err)
		}
	}
	searchWorks := func() {
		t.Helper()
		run(`document.querySelector('.site-search-input').value = ''`)
		if err := chromedp.Do(ctx, chromedp.SendKeys(".site-search-input", "lesson")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "search results", `document.querySelector('.site-search-results:not([hidden]) a') !== null`)
		run(`document.activeElement.blur()`)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the live-reload client to know the page", `document.documentElement.dataset.kithLive === "connected" && document.documentElement.dataset.kithKnown !== undefined`)
	run(`window.kithMarker = 1;
		document.querySelector('.quiz').kithMark = 1;
		document.querySelector('.site-search').kithMark = 1;
		document.querySelector('.quiz input[value="true"]').click()`)

	// A paragraph changed and a heading added: the table of contents appears.
	put(t, dir, "content/lessons/first.md", lesson("First lesson", "After.\n\n## Part two\n\nMore."))
	waitFor(t, ctx, "the edit", pageHas("More."))
	check("only the changed part changed", `window.kithMarker === 1 && document.querySelector('.quiz').kithMark === 1 && document.querySelector('.site-search').kithMark === 1`)
	check("the answer kept", `document.querySelector('.quiz input[value="true"]').checked`)
	check("the old text gone", `!document.body.innerText.includes("Before.")`)
	check("the new heading in the table of contents", `document.querySelector('.toc a[href="#part-two"]') !== null`)
	// The quiz scores the answer, and progress marks the lesson done in the navigation.
	run(`document.querySelector('.quiz-check').click()`)
	waitFor(t, ctx, "the quiz to score the answer", `!document.querySelector('.quiz-result').hidden`)
	waitFor(t, ctx, "the lesson marked done", `document.querySelector('.site-nav a[aria-current="page"] .progress-done') !== null`)
	searchWorks()

	// Another lesson's title: its link in the menu and the pager change, the menu's mark and
	// the quiz stay.
	put(t, dir, "content/lessons/second.md", "+++\ntitle = \"Second, renamed\"\nweight = 2\n+++\nThe second text.\n")
	waitFor(t, ctx, "the other title in the menu", `document.querySelector('.site-nav').textContent.includes("Second, renamed")`)
	check("only the links changed", `window.kithMarker === 1 && document.querySelector('.quiz').kithMark === 1 && document.querySelector('.site-search').kithMark === 1`)
	check("the mark kept", `document.querySelector('.site-nav a[aria-current="page"] .progress-done') !== null`)

	// The title: the navigation, which progress.js marked, changes too; the body is replaced and
	// the page's scripts run again.
	put(t, dir, "content/lessons/first.md", lesson("Renamed lesson", "After.\n\n## Part two\n\nMore."))
	waitFor(t, ctx, "the new title", `document.title.startsWith("Renamed lesson") && document.querySelector('.site-nav a[aria-current="page"]').textContent.includes("Renamed lesson")`)
	check("no reload", `window.kithMarker === 1`)
	waitFor(t, ctx, "the lesson still marked done", `document.querySelector('.site-nav a[aria-current="page"] .progress-done') !== null`)
	check("one mark", `document.querySelectorAll('.site-nav a[aria-current="page"] .progress-done').length === 1`)
	run(`document.querySelector('.quiz-check').click()`)
	waitFor(t, ctx, "the quiz to score again", `!document.querySelector('.quiz-result').hidden`)
	searchWorks()

	// The slides of the lesson, on the second slide: an edit keeps the slide shown, and the
	// arrow keys still move one slide at a time.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/slides/#slide-2")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the slides to know the page", `document.documentElement.dataset.kithKnown !== undefined && location.hash === "#slide-2"`)
	run(`window.kithMarker = 2`)
	put(t, dir, "content/lessons/first.md", lesson("Renamed lesson", "Edited on a slide.\n\n## Part two\n\nMore."))
	waitFor(t, ctx, "the edit on the slide", pageHas("Edited on a slide."))
	check("the same slide, no reload", `window.kithMarker === 2 && location.hash === "#slide-2" && document.querySelectorAll('.slide:not([hidden])').length === 1`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the next slide", `location.hash === "#slide-3" && document.querySelectorAll('.slide:not([hidden])').length === 1`)

	// The head changed (a site's own partial): only a reload shows it exactly.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+"lessons/first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the lesson to know the page", `document.documentElement.dataset.kithKnown !== undefined`)
	run(`window.kithMarker = 3`)
	put(t, dir, "themes/default/layouts/partials/head.html", `<meta name="kith-test" content="1">`+"\n")
	waitFor(t, ctx, "the reload with the new head", `document.querySelector('meta[name="kith-test"]') !== null`)
	check("a reload", `window.kithMarker === undefined`)
	searchWorks()

	if b := blocked(); len(b) > 0 {
		t.Fatalf("the Content-Security-Policy blocked:\n%s", strings.Join(b, "\n"))
	}
	if errs := console.Errors(); len(errs) > 0 {
		t.Fatalf("the tab reported errors:\n%s", strings.Join(errs, "\n"))
	}
}
