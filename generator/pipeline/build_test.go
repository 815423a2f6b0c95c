package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/generator/site"
)

func mustBuild(t *testing.T, opts site.Options) Result {
	t.Helper()
	res, err := Build(opts)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("the build did not write %s: %v", name, err)
	}
	return string(b)
}

var (
	hrefRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks follows every internal link and anchor in every HTML page of out, the way a
// browser opening the files would, and reports the ones that lead nowhere.
func checkLinks(t *testing.T, out string, pretty bool) {
	t.Helper()
	ids := map[string]map[string]bool{}
	pages := map[string]string{}
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(out, p)
			rel = filepath.ToSlash(rel)
			pages[rel] = string(b)
			ids[rel] = map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(string(b), -1) {
				ids[rel][m[1]] = true
			}
		}
		return nil
	})
	if len(pages) == 0 {
		t.Fatal("no HTML pages were written")
	}
	for page, html := range pages {
		if page == "404.html" {
			continue // served at any depth, so it links from the site's root path instead
		}
		for _, m := range hrefRE.FindAllStringSubmatch(html, -1) {
			raw := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(raw)
			if err != nil || u.Scheme != "" || strings.HasPrefix(raw, "//") {
				continue
			}
			if strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: link %q is root-absolute; it breaks under a sub-path and from file://", page, raw)
				continue
			}
			target := page
			if u.Path != "" {
				target = path.Join(path.Dir(page), u.Path)
				if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
					if !pretty {
						t.Errorf("%s: link %q names a folder, which opened from disk shows a folder listing; links must name index.html unless pretty_urls is set", page, raw)
					}
					target = path.Join(target, "index.html")
				}
			}
			if strings.HasPrefix(target, "..") {
				t.Errorf("%s: link %q leaves the site", page, raw)
				continue
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
				t.Errorf("%s: link %q leads to %s, which does not exist", page, raw, target)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
				t.Errorf("%s: link %q: %s has no element with id %q", page, raw, target, u.Fragment)
			}
		}
	}
}

// TestPrettyURLsBuildUnderSubPath: with pretty_urls, links name folders, every link still resolves
// under a sub-path, and the sitemap names the same clean URLs as a default build's.
func TestPrettyURLsBuildUnderSubPath(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, sampleSite())
	out := filepath.Join(dir, "public")
	res := mustBuild(t, site.Options{Source: dir, PrettyURLs: true})
	if res.Pages < 8 || res.Quizzes != 1 || res.Files != 2 {
		t.Errorf("counted %d pages, %d quizzes, %d files; want at least 8 pages, 1 quiz, 2 files", res.Pages, res.Quizzes, res.Files)
	}
	checkLinks(t, out, true)
	lesson := read(t, out, "basics/first-steps/index.html")
	for _, want := range []string{
		`href="../../media/screen-time/#deep-dive"`, // .md link with anchor, slug applied
		`href="../../media/screen-time/"`,           // root link means the site's root
		`src="../../basics/chart.png"`,              // image beside the page's file
		`data-quiz="check"`,
		`aria-current="page"`,
	} {
		if !strings.Contains(lesson, want) {
			t.Errorf("lesson page lacks %s", want)
		}
	}
	if sm := read(t, out, "sitemap.xml"); !strings.Contains(sm, "<loc>https://school.example/toolkit/basics/first-steps/</loc>") {
		t.Errorf("sitemap lacks the lesson's absolute URL:\n%s", sm)
	}
	if nf := read(t, out, "404.html"); !strings.Contains(nf, `href="/toolkit/assets/style.`) {
		t.Error("404.html must reach its stylesheet from the base path, since hosts serve it at any depth")
	}
}

// TestDefaultBuildNamesIndexHTML: a default build's links name index.html, so it works from disk
// too; the deprecated --portable and a --portable that overrides pretty_urls build the same; the
// sitemap keeps clean folder URLs, the addresses a server serves.
func TestDefaultBuildNamesIndexHTML(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, sampleSite())
	out := filepath.Join(dir, "public")
	for _, opts := range []site.Options{{Source: dir}, {Source: dir, Portable: true}} {
		mustBuild(t, opts)
		checkLinks(t, out, false)
		if home := read(t, out, "index.html"); !strings.Contains(home, `href="basics/first-steps/index.html#why-it-matters"`) {
			t.Errorf("%+v: the home page should link to basics/first-steps/index.html#why-it-matters", opts)
		}
		if sm := read(t, out, "sitemap.xml"); !strings.Contains(sm, "<loc>https://school.example/toolkit/basics/first-steps/</loc>") || strings.Contains(sm, "index.html") {
			t.Errorf("%+v: the sitemap should name clean folder URLs:\n%s", opts, sm)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(read(t, dir, "site.toml")+"pretty_urls = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, site.Options{Source: dir, Portable: true})
	checkLinks(t, out, false)
}

func TestDraftsArePublishedOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, sampleSite())
	out := filepath.Join(dir, "public")
	mustBuild(t, site.Options{Source: dir})
	if _, err := os.Stat(filepath.Join(out, "basics/draft/index.html")); err == nil {
		t.Error("a draft was published without --drafts")
	}
	mustBuild(t, site.Options{Source: dir, Drafts: true})
	read(t, out, "basics/draft/index.html")
}

// treeHash fingerprints every file in a folder, to see whether a failed build touched it.
func treeHash(t *testing.T, dir string) string {
	h := sha256.New()
	var names []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	for _, n := range names {
		b, _ := os.ReadFile(n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestFailedBuildLeavesPreviousOutputUntouched(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, sampleSite())
	out := filepath.Join(dir, "public")
	mustBuild(t, site.Options{Source: dir})
	before := treeHash(t, out)
	broken := filepath.Join(dir, "content/basics/second.md")
	os.WriteFile(broken, []byte("+++\ntitle = \"Second\"\nwieght = 2\n+++\nSee [gone](nowhere.md).\n"), 0o644)
	if _, err := Build(site.Options{Source: dir}); err == nil {
		t.Fatal("a site with an unknown front matter key built without error")
	}
	if treeHash(t, out) != before {
		t.Fatal("a failed build changed the previous output")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "kith-new") {
			t.Errorf("the failed build left its staging folder %s behind", e.Name())
		}
	}
}

func TestDeletedLessonDisappearsFromOutput(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, sampleSite())
	out := filepath.Join(dir, "public")
	mustBuild(t, site.Options{Source: dir})
	read(t, out, "basics/second/index.html")
	os.Remove(filepath.Join(dir, "content/basics/second.md"))
	os.WriteFile(filepath.Join(dir, "content/basics/first-steps.md"), []byte("+++\ntitle = \"First steps\"\n+++\nNo links.\n```quiz\ncheck\n```\n"), 0o644)
	mustBuild(t, site.Options{Source: dir})
	if _, err := os.Stat(filepath.Join(out, "basics/second/index.html")); err == nil {
		t.Error("the deleted lesson's page is still in the output")
	}
}

func TestNoInlineScriptStyleOrHandlers(t *testing.T) {
	t.Parallel()
	files := sampleSite()
	files["content/basics/second.md"] = "+++\ntitle = \"Second\"\n+++\n<script>alert(1)</script>\n\n<p style=\"color:red\" onclick=\"x()\">hi</p>\n\n## Styled {style=\"color:red\" onclick=\"x()\"}\n"
	dir := writeSite(t, files)
	mustBuild(t, site.Options{Source: dir})
	bad := regexp.MustCompile(`<script>|<script [^>]*>[^<]|<style|<[^>]*\sstyle=|<[^>]*\son[a-z]+=`)
	_ = filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			b, _ := os.ReadFile(p)
			if m := bad.Find(b); m != nil {
				t.Errorf("%s has %q, which a strict Content-Security-Policy blocks", p, m)
			}
		}
		return nil
	})
	page := read(t, filepath.Join(dir, "public"), "basics/second/index.html")
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("raw HTML was not shown escaped")
	}
}

func TestUnsafeHTMLOptIn(t *testing.T) {
	t.Parallel()
	files := sampleSite()
	files["site.toml"] += "unsafe_html = true\n"
	files["content/basics/second.md"] = "+++\ntitle = \"Second\"\n+++\n<aside class=\"note\">kept</aside>\n"
	dir := writeSite(t, files)
	mustBuild(t, site.Options{Source: dir})
	if page := read(t, filepath.Join(dir, "public"), "basics/second/index.html"); !strings.Contains(page, `<aside class="note">kept</aside>`) {
		t.Error("unsafe_html = true did not pass raw HTML through")
	}
}

func TestThemeOverrideAndTranslatedStrings(t *testing.T) {
	t.Parallel()
	files := sampleSite()
	files["site.toml"] = "title = \"Exemple\"\nlanguage = \"fr\"\n[strings]\nhome = \"Accueil du site\"\n"
	files["themes/default/i18n/fr.toml"] = "next_lesson = \"Leçon suivante\"\n"
	files["themes/default/layouts/section.html"] = "{{define \"main\"}}<p class=\"custom-section\">{{.Page.Title}}</p>{{end}}\n"
	dir := writeSite(t, files)
	mustBuild(t, site.Options{Source: dir})
	out := filepath.Join(dir, "public")
	if s := read(t, out, "basics/index.html"); !strings.Contains(s, `<p class="custom-section">Basics</p>`) {
		t.Error("the site's own layouts/section.html did not replace the embedded one")
	}
	lesson := read(t, out, "basics/first-steps/index.html")
	if !strings.Contains(lesson, "Leçon suivante") {
		t.Error("the site's i18n/fr.toml did not translate next_lesson")
	}
	if !strings.Contains(lesson, `lang="fr"`) {
		t.Error("the page does not declare the site's language")
	}
}

func TestBuildErrorsNameFileLineAndFix(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  map[string]string
		wants []string
	}{
		{"unknown front matter key", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\nwieght = 2\n+++\n"},
			[]string{`content/basics/second.md:3:1: error: unknown key "wieght"; did you mean "weight"?`}},
		{"missing title", map[string]string{"content/basics/second.md": "+++\nweight = 2\n+++\n"},
			[]string{`content/basics/second.md:1:1: error: the page has no title`}},
		{"no front matter", map[string]string{"content/basics/second.md": "Just text\n"},
			[]string{`content/basics/second.md:1:1: error: the page has no front matter`}},
		{"YAML front matter", map[string]string{"content/basics/second.md": "---\ntitle: S\n---\nText.\n"},
			[]string{`content/basics/second.md:1:1: error: the front matter is YAML (between --- lines); kith reads TOML between +++ lines`}},
		{"unclosed front matter", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\n"},
			[]string{`content/basics/second.md:1:1: error: the front matter opened here is never closed`}},
		{"malformed TOML", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\n+++\n"},
			[]string{`content/basics/second.md:2:`, "TOML syntax"}},
		{"wrong type", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\nweight = \"two\"\n+++\n"},
			[]string{`content/basics/second.md:3:1: error: weight: expected a whole number, found text in quotes`}},
		{"broken link", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\n+++\n\nSee [x](missing.md).\n"},
			[]string{`content/basics/second.md:5:5: error: broken link "missing.md"`}},
		{"link to a draft", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\n+++\nSee [soon](draft.md).\n"},
			[]string{`content/basics/second.md:4:5: error: broken link "draft.md": that page is a draft, published only with --drafts`}},
		{"link with a near-miss name", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\n+++\nSee [up](index.md) and [first](First-Steps.md).\n"},
			[]string{`broken link "index.md": there is no such file; did you mean "_index.md"?`,
				`broken link "First-Steps.md": there is no such file; did you mean "first-steps.md"?`}},
		{"slug that leaves the output", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\nslug = \"../../x\"\n+++\n"},
			[]string{`content/basics/second.md:3:1: error: slug "../../x" must be one URL segment`}},
		{"missing quiz", map[string]string{"content/basics/second.md": "+++\ntitle = \"S\"\n+++\n\n```quiz\nnope\n```\n"},
			[]string{`content/basics/second.md:5: error: no quiz "nope": create quizzes/nope.toml`}},
		{"two pages one URL", map[string]string{"content/basics/dup.md": "+++\ntitle = \"D\"\nslug = \"second\"\n+++\n"},
			[]string{`writes basics/second/index.html, which content/basics/`}},
		{"unknown site key", map[string]string{"site.toml": "title = \"T\"\nbaseurl = \"https://x.example/\"\n"},
			[]string{`site.toml:2:1: error: unknown key "baseurl"; did you mean "base_url"?`}},
		{"bad base_url", map[string]string{"site.toml": "title = \"T\"\nbase_url = \"school.example\"\n"},
			[]string{`site.toml:2:1: error: base_url "school.example" must be an absolute http(s) URL`}},
		{"template error", map[string]string{"themes/default/layouts/lesson.html": "{{define \"main\"}}{{.Nope}}{{end}}"},
			[]string{`rendering with the theme's lesson layout`, "Nope"}},
		{"several errors in one run", map[string]string{
			"content/basics/second.md":       "+++\ntitle = \"S\"\ncolour = 1\n+++\n",
			"content/media/deeper/nested.md": "+++\n+++\n"},
			[]string{`content/basics/second.md:3:1: error: unknown key "colour"`, `content/media/deeper/nested.md:1:1: error: the page has no title`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files := sampleSite()
			for k, v := range c.edit {
				files[k] = v
			}
			dir := writeSite(t, files)
			_, err := Build(site.Options{Source: dir})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			got := err.Error()
			for _, d := range diag.As(err) {
				if d.File == "" {
					t.Errorf("a diagnostic names no file: %v", d)
				}
			}
			for _, want := range c.wants {
				if !strings.Contains(got, want) {
					t.Errorf("errors lack %q; got:\n%s", want, got)
				}
			}
		})
	}
}

func TestDestinationThatHoldsTheSiteIsRefused(t *testing.T) {
	t.Parallel()
	dir := writeSite(t, sampleSite())
	for _, dest := range []string{dir, filepath.Dir(dir), filepath.Join(dir, "content", "out")} {
		if _, err := Build(site.Options{Source: dir, Dest: dest}); err == nil {
			t.Errorf("building into %s, which holds the site, was allowed", dest)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		t.Fatal("the site was damaged")
	}
	documents := t.TempDir()
	os.WriteFile(filepath.Join(documents, "essay.txt"), []byte("mine"), 0o644)
	if _, err := Build(site.Options{Source: dir, Dest: documents}); err == nil || !strings.Contains(err.Error(), "pass --force") {
		t.Errorf("building into a folder of someone's files was allowed (err = %v)", err)
	}
	if _, err := os.Stat(filepath.Join(documents, "essay.txt")); err != nil {
		t.Fatal("a build deleted a file it did not write")
	}
}

func TestSiteWithoutQuizzesLinksNoResultsPage(t *testing.T) {
	t.Parallel()
	files := sampleSite()
	delete(files, "quizzes/check.toml")
	files["content/basics/first-steps.md"] = "+++\ntitle = \"First steps\"\n+++\n## Why it matters\n\nNo quiz here.\n"
	dir := writeSite(t, files)
	mustBuild(t, site.Options{Source: dir})
	checkLinks(t, filepath.Join(dir, "public"), false)
}

func TestQuizPageListsLessonsWithEitherFence(t *testing.T) {
	t.Parallel()
	files := sampleSite()
	files["content/basics/second.md"] = "+++\ntitle = \"Second\"\n+++\n~~~quiz\ncheck\n~~~\n"
	dir := writeSite(t, files)
	mustBuild(t, site.Options{Source: dir})
	page := read(t, filepath.Join(dir, "public"), "quizzes/check/index.html")
	for _, lesson := range []string{"First steps", "Second"} {
		if !strings.Contains(page, lesson) {
			t.Errorf("the quiz's page does not list %q, which embeds it", lesson)
		}
	}
}

func TestFoldersOtherGeneratorsReadAreNamed(t *testing.T) {
	t.Parallel()
	files := sampleSite()
	files["static/logo.png"] = "png"
	dir := writeSite(t, files)
	res := mustBuild(t, site.Options{Source: dir})
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0].Error(), "static/: warning: kith does not read this folder: put files to publish under content/") {
		t.Errorf("a static/ folder, which kith does not publish, passed without a warning: %v", res.Warnings)
	}
}
