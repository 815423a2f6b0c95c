package e2e

// The search box as a student meets it, on the repository's toolkit, from file:// (built
// --portable) and over HTTP under a sub-path with the strict Content-Security-Policy: nothing
// loads until the box is used; typing finds a glossary term and a lesson's heading whatever the
// case and accents; a word found only deep in a lesson's text shows in the result's excerpt,
// marked, from the fragments of the results shown and no other, without the list moving or the
// live region speaking twice; arrow keys and Enter open the heading's anchor; Escape closes;
// axe-core finds nothing wrong with the results and their excerpts open, on a phone and a
// desktop.

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kith/generator/pipeline"
	"kith/generator/search"
	"kith/generator/site"
	"kith/internal/browsertest"
)

func TestSearchBox(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	if _, err := os.Stat(browsertest.AxePath()); err != nil {
		browsertest.Need(t, "axe-core", npmInstall)
	}
	for _, portable := range []bool{true, false} {
		name := "http"
		if portable {
			name = "file"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			if _, err := pipeline.Build(site.Options{Source: repoRoot(), Dest: dir, BaseURL: themeBaseURL, Portable: portable}); err != nil {
				t.Fatalf("building the toolkit: %v", err)
			}
			start := "file://" + filepath.Join(dir, "lessons", "finding-balance", "index.html")
			if !portable {
				start = browsertest.Serve(t, dir, themeBasePath) + "lessons/finding-balance/"
			}
			searchToolkit(t, start, portable)
		})
	}
}

func searchToolkit(t *testing.T, start string, portable bool) {
	p := openQuizPage(t)
	p.do("opening a lesson", chromedp.Navigate(start))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(() => { const f = document.querySelector('.site-search'); return !f.inert && getComputedStyle(f).visibility === 'visible'; })()`)); err != nil {
		t.Fatalf("the search box stays invisible: search-box.js did not run (%v; console: %v)", err, p.errors())
	}
	if n := p.text(`String(document.querySelectorAll('script[src*="search/"], script[src*="assets/search."], link[href*="assets/search."]').length)`); n != "0" {
		t.Errorf("the page loaded %s files of the search runtime or index before the box was used; it should load none", n)
	}

	// A glossary term, typed in capitals with an accent it does not have.
	results := p.search("DÉEPFAK")
	suffix := "glossary/index.html#deepfake" // every build's links name index.html unless pretty_urls is set
	if len(results) == 0 || !strings.HasSuffix(results[0].Href, suffix) {
		t.Fatalf("searching DÉEPFAK should first find the glossary's Deepfake (…%s); it found %+v", suffix, results)
	}
	if !strings.Contains(results[0].Marked, "Deepfake") {
		t.Errorf("the result should mark the word found, Deepfake; it marks %q", results[0].Marked)
	}
	if status := p.text(`document.querySelector('.site-search-status').textContent`); !strings.HasSuffix(status, "result") && !strings.HasSuffix(status, "results") {
		t.Errorf("screen readers should hear how many results there are; the live region says %q", status)
	}

	// A lesson's heading, from two word prefixes, ranked above pages that only mention them.
	results = p.search("warning sig")
	anchor := "when-the-bond-gets-heavy/index.html#warning-signs"
	if len(results) < 2 || !strings.HasSuffix(results[0].Href, anchor) {
		t.Fatalf("searching \"warning sig\" should first find the heading Warning signs (…%s) among several results; it found %+v", anchor, results)
	}
	if !strings.Contains(results[0].Excerpt, "Warning") && results[0].Excerpt == "" {
		t.Errorf("the result should show an excerpt of the section; it shows %q", results[0].Excerpt)
	}

	searchDeepWord(t, p)

	// axe-core with the results and their excerpts open, on a phone and on a desktop. Over HTTP only: from file://
	// axe-core's own requests for the style sheets fail, which the page would report as errors.
	// The word found shows within the excerpt's two lines, on a phone and a desktop.
	for _, width := range []int64{390, 1280} {
		if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: 844, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
			t.Fatal(err)
		}
		if !p.flag(`(() => { const ex = document.querySelector('.site-search-excerpt'), m = ex.querySelector('mark');
			if (!m) return false; const e = ex.getBoundingClientRect(), r = m.getBoundingClientRect();
			return r.height > 0 && r.top >= e.top && r.bottom <= e.bottom + 1 && r.right <= e.right + 1; })()`) {
			t.Errorf("at %d px the word found is not within the first result's excerpt as shown: %q", width, p.text(`document.querySelector('.site-search-excerpt').textContent`))
		}
		if portable {
			continue
		}
		if vs := browsertest.Axe(t, p.ctx); len(vs) > 0 {
			t.Errorf("at %d px with the results open, axe-core reports:\n%s", width, browsertest.FormatViolations(vs))
		}
		if n := p.text(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); n != "0" {
			t.Errorf("at %d px with the results open, the page scrolls sideways by %s px", width, n)
		}
	}

	// Escape closes the results and leaves the student in the box.
	p.do("pressing Escape", chromedp.KeyEvent(kb.Escape))
	if !p.flag(`document.querySelector('.site-search-results').hidden && document.activeElement === document.querySelector('.site-search-input')`) {
		t.Errorf("Escape should close the results and keep focus in the search box")
	}

	// Arrow keys move through the results, and Enter opens the one chosen.
	p.search("warning sig")
	p.do("moving down, down and up", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp))
	if got := p.text(`document.activeElement.getAttribute('href') || ''`); !strings.HasSuffix(got, anchor) {
		t.Fatalf("after ArrowDown, ArrowDown, ArrowUp the first result should have focus; %q has", got)
	}
	p.do("pressing Enter", chromedp.KeyEvent(kb.Enter))
	// A poll does not survive the navigation it waits for: poll again in the new page.
	var err error
	for range 5 {
		if _, err = chromedp.Run(p.ctx, chromedp.Poll[bool](`location.href.endsWith('#warning-signs') && document.readyState === 'complete'`)); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("Enter on the result should open the heading's anchor; the page is %s: %v", p.text(`location.href`), err)
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("the pages reported errors: %s", strings.Join(errs, "\n"))
	}
}

// searchResult is one result as the page shows it.
type searchResult struct {
	Href, Title, Excerpt, Marked string
}

// search types q into an empty search box and returns the results once they show.
func (p *quizPage) search(q string) []searchResult {
	p.t.Helper()
	p.do("clearing the search box", chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('.site-search-input'); i.value = ''; i.focus(); })()`))
	p.typeInto(".site-search-input", q)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(() => { const l = document.querySelector('.site-search-results'); return !l.hidden && !l.hasAttribute('aria-busy') && document.querySelector('.site-search-status').textContent !== ''; })()`)); err != nil {
		p.t.Fatalf("no results appeared for %q: %v (console: %v)", q, err, p.errors())
	}
	var out []searchResult
	p.js(&out, `[...document.querySelectorAll('.site-search-results a')].map(a => ({Href: a.getAttribute('href'),
		Title: a.querySelector('.site-search-title').textContent, Excerpt: a.querySelector('.site-search-excerpt').textContent,
		Marked: [...a.querySelectorAll('mark')].map(m => m.textContent).join(' ')}))`)
	return out
}

// deepWord returns a word of the toolkit that only one lesson uses, in its text only, hundreds
// of characters into a section, and the anchor of that section: what a search shows only if
// the excerpt comes from the section's whole text.
func deepWord(t *testing.T) (word, page, anchor string) {
	s, ds := site.Load(repoRoot(), site.Options{})
	if s == nil {
		t.Fatalf("loading the toolkit: %v", ds)
	}
	idx := search.Build(s.SearchInput(nil), s.Config.Language)
	var found []string
	for w, ps := range idx.Words {
		if len(ps) != 1 || ps[0].Where != search.InText || len(w) < 6 {
			continue
		}
		e := idx.Pages[ps[0].Page]
		d := e.Docs[ps[0].Section]
		if at := strings.Index(search.Normalize(d.Text), w); strings.HasPrefix(e.Path, "lessons/") && d.Anchor != "" && at > 600 {
			found = append(found, w+" "+e.Path+" "+d.Anchor)
		}
	}
	if len(found) == 0 {
		t.Fatal("the toolkit has no word used once, deep in a lesson's section")
	}
	slices.Sort(found)
	f := strings.Fields(found[0])
	return f[0], f[1], f[2]
}

// searchDeepWord searches a word found only deep in a lesson's text, typed at once, and checks
// its excerpt, the fragments loaded, that the excerpts took no more room than kept for them
// and that the live region spoke once.
func searchDeepWord(t *testing.T, p *quizPage) {
	word, page, anchor := deepWord(t)
	p.do("typing "+word+" at once", chromedp.Evaluate[chromedp.Void](`(() => {
		const i = document.querySelector('.site-search-input'), s = document.querySelector('.site-search-status');
		window.said = [];
		window.loadedBefore = [...document.querySelectorAll('script[src*="search/text-"]')].map(s => s.getAttribute('src'));
		new MutationObserver(() => window.said.push(s.textContent)).observe(s, {childList: true, characterData: true, subtree: true});
		i.focus(); i.value = `+strconv.Quote(word)+`; i.dispatchEvent(new Event('input'));
	})()`))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(() => { const l = document.querySelector('.site-search-results');
		return !l.hidden && !l.hasAttribute('aria-busy') && l.querySelector('mark') && !l.querySelector('.site-search-excerpt:empty'); })()`)); err != nil {
		t.Fatalf("searching %q: no results with every excerpt filled in (%v; console: %v)", word, err, p.errors())
	}
	var got struct {
		Href, Excerpt, Marked string
		Loaded, Shown         []string
		Heights               []float64
		Empty                 float64
		Said                  []string
	}
	p.js(&got, `(() => {
		const l = document.querySelector('.site-search-results'), a = l.querySelector('a'), ex = a.querySelector('.site-search-excerpt');
		const empty = document.createElement('span');
		empty.className = 'site-search-excerpt';
		a.appendChild(empty);
		const e = empty.getBoundingClientRect().height;
		empty.remove();
		return {Href: a.getAttribute('href'), Excerpt: ex.textContent, Marked: [...ex.querySelectorAll('mark')].map(m => m.textContent).join(' '),
			Loaded: [...document.querySelectorAll('script[src*="search/text-"]')].map(s => s.getAttribute('src'))
				.filter(s => !window.loadedBefore.includes(s)).map(s => s.replace(/.*text-|\.js$/g, '')),
			Shown: [...l.querySelectorAll('.site-search-excerpt')].map(x => x.getAttribute('data-page')),
			Heights: [...l.querySelectorAll('.site-search-excerpt')].map(x => x.getBoundingClientRect().height), Empty: e, Said: window.said};
	})()`)
	if !strings.Contains(got.Href, page) || !strings.HasSuffix(got.Href, "#"+anchor) {
		t.Errorf("searching %q should first find %s#%s; it found %s", word, page, anchor, got.Href)
	}
	if !strings.Contains(search.Normalize(got.Excerpt), word) || search.Normalize(got.Marked) != word {
		t.Errorf("the result of %q should show the word in its excerpt, marked; the excerpt is %q, marked %q", word, got.Excerpt, got.Marked)
	}
	for _, n := range got.Loaded {
		if !slices.Contains(got.Shown, n) {
			t.Errorf("the fragment text-%s.js was loaded by a search none of whose results shown is on its page (shown: %v)", n, got.Shown)
		}
	}
	for i, h := range got.Heights {
		if h != got.Empty || h == 0 {
			t.Errorf("result %d's excerpt is %v px high, an empty one %v px: the list moves as excerpts fill in", i+1, h, got.Empty)
		}
	}
	if len(got.Said) != 1 {
		t.Errorf("the live region should say the count once for a search; it said %q", got.Said)
	}
}
