package e2e

// A lesson's slides and the handouts, in Chromium: the slides work from disk and over HTTP
// under the strict Content-Security-Policy, keys and clicks move between them and the address
// follows, without JavaScript they are one long page, axe-core finds nothing on a projector or a
// phone, and on paper each slide, and each handout, takes exactly one page.

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kith/generator/content"
	"kith/generator/pipeline"
	"kith/generator/site"
	"kith/internal/browsertest"
)

// slidesLesson is the toolkit lesson whose slides the browser drives; every lesson's slides are
// printed.
const slidesLesson = "lessons/finding-balance/"

// buildToolkit builds the repository's toolkit into a new folder, for a web server or, portable,
// for opening from disk.
func buildToolkit(t *testing.T, portable bool) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(site.Options{Source: repoRoot(), Dest: dest, Portable: portable}); err != nil {
		t.Fatalf("building the toolkit: %v", err)
	}
	return dest
}

// setViewport makes the tab a screen of width×height CSS pixels.
func setViewport(t *testing.T, ctx context.Context, width, height int64) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		t.Fatal(err)
	}
}

// shownSlide returns the id of the one slide shown, and the address's hash; "" when not
// exactly one slide is shown.
func shownSlide(t *testing.T, ctx context.Context) (id, hash string) {
	t.Helper()
	id = evalJS[string](t, ctx, `(() => { const s = [...document.querySelectorAll(".slide")].filter(s => s.checkVisibility()); return s.length === 1 ? s[0].id : ""; })()`)
	return id, evalJS[string](t, ctx, `location.hash`)
}

func TestSlidesInTheBrowser(t *testing.T) {
	if _, err := os.Stat(browsertest.AxePath()); err != nil {
		browsertest.Need(t, "axe-core", npmInstall)
	}
	served := browsertest.Serve(t, buildToolkit(t, false), "/toolkit/")
	fromDisk := buildToolkit(t, true)
	ways := []struct{ name, url string }{
		{"over HTTP under " + browsertest.CSP, served + slidesLesson + "slides/"},
		{"from disk", (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(fromDisk, filepath.FromSlash(slidesLesson), "slides", "index.html"))}).String()},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			ctx := browsertest.Browser(t)
			setViewport(t, ctx, 1280, 720)
			if err := chromedp.Do(ctx, chromedp.Navigate(way.url)); err != nil {
				t.Fatal(err)
			}
			if !evalJS[bool](t, ctx, `document.documentElement.classList.contains("slides-on")`) {
				t.Fatalf("the slides runtime did not start (is slides.js loaded, and allowed by the Content-Security-Policy?)")
			}
			count := evalJS[int](t, ctx, `document.querySelectorAll(".slide").length`)
			if id, hash := shownSlide(t, ctx); id != "slide-1" || hash != "#slide-1" {
				t.Fatalf("on opening, slide %q is shown and the hash is %q; want the first, #slide-1", id, hash)
			}
			if got, want := evalJS[string](t, ctx, `document.querySelector(".slides-counter").textContent`), fmt.Sprintf("Slide 1 of %d", count); !strings.HasPrefix(got, want) {
				t.Errorf("the counter says %q, want it to start %q", got, want)
			}
			// Readable from the back of a room: the body text of a slide, on a 1280×720 projector.
			if px := evalJS[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector("#slide-3 p")).fontSize)`); px < 28 {
				t.Errorf("slide text is %.1f px on a 1280×720 screen, want at least 28 px (is slides.css loaded?)", px)
			}
			steps := []struct {
				what   string
				action chromedp.Action[chromedp.Void]
				want   int
			}{
				{"→", chromedp.KeyEvent(kb.ArrowRight), 2},
				{"Page Down", chromedp.KeyEvent(kb.PageDown), 3},
				{"Space", chromedp.KeyEvent(" "), 4},
				{"Page Up", chromedp.KeyEvent(kb.PageUp), 3},
				{"←", chromedp.KeyEvent(kb.ArrowLeft), 2},
				{"End", chromedp.KeyEvent(kb.End), count},
				{"→ on the last slide", chromedp.KeyEvent(kb.ArrowRight), count},
				{"Home", chromedp.KeyEvent(kb.Home), 1},
				{"a click on the right half", chromedp.MouseClickXY(1100, 300), 2},
				{"a click on the left half", chromedp.MouseClickXY(150, 300), 1},
				{"the Next slide button", chromedp.Click(chromedp.CSS(".slides-next")), 2},
				{"the Previous slide button", chromedp.Click(chromedp.CSS(".slides-prev")), 1},
			}
			for _, s := range steps {
				if err := chromedp.Do(ctx, s.action); err != nil {
					t.Fatalf("%s: %v", s.what, err)
				}
				want := fmt.Sprintf("slide-%d", s.want)
				if id, hash := shownSlide(t, ctx); id != want || hash != "#"+want {
					t.Errorf("after %s, slide %q is shown and the hash is %q; want %s", s.what, id, hash, want)
				}
			}
			// The hash opens its slide: a reload, or a link shared with a class.
			if err := chromedp.Do(ctx, chromedp.Navigate(strings.TrimSuffix(way.url, "#slide-1")+"#slide-5"), chromedp.Reload()); err != nil {
				t.Fatal(err)
			}
			if id, _ := shownSlide(t, ctx); id != "slide-5" {
				t.Errorf("opening #slide-5 shows slide %q", id)
			}
			// Escape leaves for the lesson page.
			wait, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if err := chromedp.Do(wait, chromedp.KeyEvent(kb.Escape), chromedp.WaitReady(chromedp.CSS("body.kind-lesson"))); err != nil {
				t.Errorf("Escape did not lead back to the lesson page (%v); the tab shows %s", err, evalJS[string](t, ctx, `location.href`))
			}
		})
	}

	t.Run("without JavaScript", func(t *testing.T) {
		ctx := browsertest.Browser(t)
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(served+slidesLesson+"slides/")); err != nil {
			t.Fatal(err)
		}
		shown := evalJS[int](t, ctx, `[...document.querySelectorAll(".slide")].filter(s => s.checkVisibility()).length`)
		count := evalJS[int](t, ctx, `document.querySelectorAll(".slide").length`)
		if shown != count || count < 2 {
			t.Errorf("without JavaScript %d of the %d slides show, want every one, one after another", shown, count)
		}
		if evalJS[bool](t, ctx, `document.querySelector(".slides-next").checkVisibility()`) {
			t.Errorf("without JavaScript the Next slide button shows, though it cannot work")
		}
	})

	t.Run("axe", func(t *testing.T) {
		ctx := browsertest.Browser(t)
		for _, size := range []struct{ w, h int64 }{{1280, 720}, {390, 844}} {
			setViewport(t, ctx, size.w, size.h)
			if err := chromedp.Do(ctx, chromedp.Navigate(served+slidesLesson+"slides/")); err != nil {
				t.Fatal(err)
			}
			count := evalJS[int](t, ctx, `document.querySelectorAll(".slide").length`)
			for n := 1; n <= count; n++ {
				if n > 1 {
					if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
						t.Fatal(err)
					}
				}
				if vs := browsertest.Axe(t, ctx); len(vs) > 0 {
					t.Errorf("slide %d at %d×%d: axe-core reports:\n%s", n, size.w, size.h, browsertest.FormatViolations(vs))
				}
			}
			overflow := evalJS[int](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`)
			if overflow > 0 {
				t.Errorf("the slides at %d px scroll sideways by %d px", size.w, overflow)
			}
		}
	})

	t.Run("printed", func(t *testing.T) {
		ctx := browsertest.Browser(t)
		s, ds := site.Load(repoRoot(), site.Options{})
		if s == nil {
			t.Fatalf("the toolkit does not load: %v", ds)
		}
		for _, p := range s.Content.Lessons() {
			if !s.IsLesson(p) {
				continue
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(served+site.SlidesPath(p))); err != nil {
				t.Fatal(err)
			}
			count := evalJS[int](t, ctx, `document.querySelectorAll(".slide").length`)
			if !printedLandscape(t, ctx, papers[1]) {
				t.Errorf("%s: the slides do not print in landscape", site.SlidesPath(p))
			}
			for _, paper := range papers {
				if pages := printedPages(t, ctx, paper); pages != count {
					t.Errorf("%s: the %d slides print on %d pages of %s paper, want one page each", site.SlidesPath(p), count, pages, paper.name)
				}
			}
		}
	})
}

// TestHandoutsPrintOnOnePage prints every handout of the toolkit to PDF, as a teacher would
// from the browser, and wants exactly one page each.
func TestHandoutsPrintOnOnePage(t *testing.T) {
	served := browsertest.Serve(t, buildToolkit(t, false), "/toolkit/")
	s, ds := site.Load(repoRoot(), site.Options{})
	if s == nil {
		t.Fatalf("the toolkit does not load: %v", ds)
	}
	ctx := browsertest.Browser(t)
	handouts := 0
	for _, p := range s.Content.Pages {
		if !strings.HasPrefix(p.File, content.Dir+"/teachers/handouts/") || p.IsIndex {
			continue
		}
		handouts++
		if err := chromedp.Do(ctx, chromedp.Navigate(served+p.Path)); err != nil {
			t.Fatal(err)
		}
		for _, paper := range papers {
			if pages := printedPages(t, ctx, paper); pages != 1 {
				t.Errorf("%s prints on %d pages of %s paper, want 1", p.File, pages, paper.name)
			}
		}
	}
	if handouts == 0 {
		t.Fatal("the toolkit has no handouts under content/teachers/handouts/")
	}
}

// pdfPage matches a page object of a PDF, and not the /Pages tree that holds them.
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// paper is a size of paper, in inches.
type paper struct {
	name          string
	width, height float64
}

// papers are the sizes schools print on: US Letter, the shorter, and A4, the narrower.
var papers = []paper{{"Letter", 8.5, 11}, {"A4", 8.27, 11.69}}

// printedPages prints the tab with Chromium's own PDF output on paper, turned as the page's CSS
// asks, and counts the pages.
func printedPages(t *testing.T, ctx context.Context, on paper) int {
	t.Helper()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: on.width, PaperHeight: on.height})
	if err != nil {
		t.Fatalf("printing %s to PDF: %v", evalJS[string](t, ctx, `location.href`), err)
	}
	if !bytes.HasPrefix(res.Data, []byte("%PDF-")) {
		t.Fatalf("printing %s gave no PDF", evalJS[string](t, ctx, `location.href`))
	}
	return len(pdfPage.FindAll(res.Data, -1))
}

// mediaBox matches a PDF page's size, in points.
var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)

// printedLandscape prints the tab on paper, turned as its CSS asks, and reports whether every
// page is wider than tall.
func printedLandscape(t *testing.T, ctx context.Context, on paper) bool {
	t.Helper()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: on.width, PaperHeight: on.height})
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	boxes := mediaBox.FindAllSubmatch(res.Data, -1)
	for _, b := range boxes {
		var w, h float64
		fmt.Sscan(string(b[1]), &w)
		fmt.Sscan(string(b[2]), &h)
		if w <= h {
			return false
		}
	}
	return len(boxes) > 0
}
