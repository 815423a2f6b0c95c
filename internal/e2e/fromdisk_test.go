package e2e

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kith/generator/quiz"
	"kith/generator/site"
)

// TestToolkitFromDiskByLinks opens a default build of the toolkit from disk (file://), with no
// web server, as on a USB stick: following links from the home page reaches every page the build
// wrote, each link leads to a page of the site (never a folder listing or a missing file), and
// a knowledge check reached by clicking scores in the browser.
func TestToolkitFromDiskByLinks(t *testing.T) {
	b := buildThemeSite(t, themeSites[1])
	if b.pretty {
		t.Fatal("the toolkit's theme site must be a default build")
	}
	p := openQuizPage(t)
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(b.dir) + "/"}).String()
	rel := func(u string) string { return strings.TrimPrefix(u, root) }
	start := root + "index.html"
	seen := map[string]bool{start: true}
	for queue := []string{start}; len(queue) > 0; queue = queue[1:] {
		page := queue[0]
		p.do("opening "+rel(page), chromedp.Navigate(page))
		var got struct {
			Main  bool
			Links []string
		}
		p.js(&got, `({main: !!document.querySelector('main#main, main#slides'), links: [...document.querySelectorAll('a[href]')].map(a => a.href)})`)
		if !got.Main { // a page's <main id="main">, or a lesson's slides' <main id="slides">
			t.Errorf("%s: is not a page of the site (a folder listing or an error page)", rel(page))
			continue
		}
		for _, link := range got.Links {
			link, _, _ = strings.Cut(link, "#")
			if !strings.HasPrefix(link, root) {
				continue // another site, or mailto:
			}
			if strings.HasSuffix(link, "/") {
				t.Errorf("%s: links to the folder %s, which from disk shows a folder listing", rel(page), rel(link))
				continue
			}
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: link %s: %v", rel(page), link, err)
				continue
			}
			if _, err := os.Stat(filepath.FromSlash(u.Path)); err != nil {
				t.Errorf("%s: links to %s, which does not exist", rel(page), rel(link))
				continue
			}
			if strings.HasSuffix(link, ".html") && !seen[link] {
				seen[link] = true
				queue = append(queue, link)
			}
		}
	}
	var unreached []string
	_ = filepath.WalkDir(b.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".html") || d.Name() == "404.html" {
			return err
		}
		// A quiz's own page is linked from My results once the quiz has answers; its links
		// are followed by TestThemeLinksResolve.
		if strings.HasPrefix(filepath.ToSlash(path), filepath.ToSlash(b.dir)+"/quizzes/") {
			return nil
		}
		if u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String(); !seen[u] {
			unreached = append(unreached, rel(u))
		}
		return nil
	})
	sort.Strings(unreached)
	if len(unreached) > 0 {
		t.Errorf("%d pages cannot be reached from the home page by following links: %s", len(unreached), strings.Join(unreached, ", "))
	}
	if len(seen) < 20 {
		t.Errorf("following links reached only %d pages", len(seen))
	}

	s, ds := site.Load(repoRoot(), site.Options{})
	if s == nil {
		t.Fatalf("loading the toolkit: %v", ds)
	}
	p.do("opening the home page", chromedp.Navigate(start))
	p.click(`main a[href="lessons/what-is-a-parasocial-relationship/index.html"]`)
	p.do("waiting for lesson 1", chromedp.WaitReady(chromedp.CSS(`[data-quiz]`)))
	p.started()
	var ids []string
	p.js(&ids, `[...document.querySelectorAll('[data-quiz]')].map(q => q.dataset.quiz)`)
	var q *quiz.Quiz
	for _, id := range ids {
		if s.Quizzes[id] != nil && s.Quizzes[id].Kind == quiz.Knowledge {
			q = s.Quizzes[id]
		}
	}
	if q == nil {
		t.Fatalf("lesson 1 has no knowledge check among its quizzes %v", ids)
	}
	id := q.ID
	for _, question := range q.Questions {
		answerRight(p, id, question)
	}
	p.check(id)
	if r := p.result(id); r.Hidden || r.Score != fmt.Sprint(q.MaxScore()) || r.Max != fmt.Sprint(q.MaxScore()) {
		t.Errorf("from file:// lesson 1's quiz answered all right shows %+v; want %d out of %d", r, q.MaxScore(), q.MaxScore())
	}
	if errs := p.errors(); len(errs) > 0 {
		t.Errorf("script errors from file://:\n%s", strings.Join(errs, "\n"))
	}
}
