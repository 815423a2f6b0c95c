package e2e

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"kith/generator/pipeline"
	"kith/generator/site"
	"kith/internal/browsertest"
	"kith/internal/sitetest"
)

// TestVideoAndCardUnderStrictCSP opens a lesson with a captioned video and a YouTube card in
// Chromium, under the strict Content-Security-Policy: nothing may be blocked, no request may go
// to another host until the student follows the card, the captions must load, and axe-core must
// find nothing. Following the card then does reach YouTube, without telling it the lesson's
// address, which shows the watch on requests sees them. The site is in French, so the words kith
// writes into the page, and the captions' language, are the site's.
func TestVideoAndCardUnderStrictCSP(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	if _, err := os.Stat(browsertest.AxePath()); err != nil {
		browsertest.Need(t, "axe-core", npmInstall)
	}
	src := sitetest.New(t, map[string]string{
		"site.toml":                 "title = \"Vidéos\"\ndescription = \"Un site avec une vidéo.\"\nlanguage = \"fr\"\n",
		"content/_index.md":         "+++\ntitle = \"Accueil\"\ndescription = \"Accueil.\"\n+++\nVoir [la leçon](lessons/watch.md).\n",
		"content/lessons/_index.md": "+++\ntitle = \"Leçons\"\ndescription = \"Leçons.\"\n+++\n",
		"content/lessons/watch.md": "+++\ntitle = \"Regarder\"\ndescription = \"Une leçon avec une vidéo.\"\n+++\n" +
			"## Un extrait\n\n![Une streameuse remercie un spectateur par son prénom](media/clip.webm)\n\n" +
			"## Une conférence\n\n[Comment les streamers créent la proximité](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n",
		// Not a playable video: the test is about what the page asks for, not the player's codecs.
		"content/lessons/media/clip.webm": "not a video",
		"content/lessons/media/clip.vtt":  "WEBVTT\n\n00:00.000 --> 00:02.000\nMerci, Sam !\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(site.Options{Source: src, Dest: dest, BaseURL: themeBaseURL}); err != nil {
		t.Fatalf("building: %v", err)
	}
	ctx := browsertest.Browser(t)
	base := browsertest.Serve(t, dest, themeBasePath)
	own, _ := url.Parse(base)

	var mu sync.Mutex
	var blocked, elsewhere []string
	youtube := make(chan *network.Request, 1)
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			if strings.Contains(e.Entry.Text, "Content Security Policy") {
				blocked = append(blocked, e.Entry.URL+": "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			u, err := url.Parse(e.Request.URL)
			if err != nil || u.Host == own.Host || u.Scheme == "data" {
				return
			}
			elsewhere = append(elsewhere, e.Request.URL)
			if u.Host == "www.youtube.com" {
				select {
				case youtube <- e.Request:
				default:
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	lesson := base + "lessons/watch/"
	if err := chromedp.Do(ctx, chromedp.Navigate(lesson)); err != nil {
		t.Fatal(err)
	}
	// The captions load as the page does, since their track is the default one.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("video track")?.readyState === 2`)); err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`String(document.querySelector("video track")?.readyState)`))
		t.Fatalf("the captions did not load (track readyState %s): %v", state, err)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("video").getAttribute("aria-label") + " | " + document.querySelector("video track").srclang + " | " + document.querySelector(".video-card a").innerText.replace(/\s+/g, " ")`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Une streameuse remercie un spectateur par son prénom | fr | Regarder sur YouTube : Comment les streamers créent la proximité ↗ (ouvre un autre site)"; label != want {
		t.Errorf("the video and card read %q; want %q", label, want)
	}
	if vs := browsertest.Axe(t, ctx); len(vs) > 0 {
		t.Errorf("axe-core reports:\n%s", browsertest.FormatViolations(vs))
	}
	mu.Lock()
	if len(blocked) > 0 {
		t.Errorf("the Content-Security-Policy blocked:\n%s", strings.Join(blocked, "\n"))
	}
	if len(elsewhere) > 0 {
		t.Errorf("before any click, the page asked other hosts for:\n%s", strings.Join(elsewhere, "\n"))
	}
	mu.Unlock()

	// Following the card is the first time YouTube hears of the student, and not from which lesson.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".video-card a"))); err != nil {
		t.Fatal(err)
	}
	select {
	case req := <-youtube:
		if ref, ok := req.Headers["Referer"]; ok {
			t.Errorf("following the card told YouTube the lesson's address: Referer %v", ref)
		}
	case <-ctx.Done():
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("following the card asked YouTube for nothing; other hosts asked: %q", elsewhere)
	}
}
