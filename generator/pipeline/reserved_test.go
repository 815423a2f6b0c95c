package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/generator/site"
)

// TestOwnNamesCoverEveryOutput checks that every path kith writes for itself, whatever the site
// holds, is under one of ownNames, so that no page or file of the author's can take it.
func TestOwnNamesCoverEveryOutput(t *testing.T) {
	s, ds := site.Load(writeSite(t, sampleSite()), site.Options{})
	if s == nil {
		t.Fatalf("the sample site does not load: %v", ds)
	}
	outs, _ := s.Outputs()
	for _, o := range outs {
		if !o.FromAuthor() && o.Kind != site.Home && o.Kind != site.Section && site.OwnName(o.Path) == "" {
			t.Errorf("kith writes %s (%s), which ownNames does not reserve", o.Path, o.Kind)
		}
	}
}

// TestOutputsThatTakeKithsNamesAreErrors builds sites whose pages or files write where kith
// writes, or where another page writes on a case-insensitive file system, and checks that the
// build fails naming the file (and the slug's line) that made the clash.
func TestOutputsThatTakeKithsNamesAreErrors(t *testing.T) {
	cases := []struct {
		name string
		edit map[string]string
		want string
	}{
		{"slug sitemap.xml", map[string]string{"content/about.md": "+++\ntitle = \"About\"\nslug = \"sitemap.xml\"\n+++\n"},
			"content/about.md:3:1: error: writes sitemap.xml/index.html, where kith writes its own sitemap.xml"},
		{"a 404 page of one's own", map[string]string{"content/404.html": "<p>gone</p>"},
			"content/404.html: error: writes 404.html, where kith writes its own 404.html"},
		{"a folder named assets", map[string]string{"content/assets/logo.png": "png"},
			"content/assets/logo.png: error: writes assets/logo.png, where kith writes its own assets/"},
		{"a section named quizzes", map[string]string{"content/quizzes/_index.md": "+++\ntitle = \"Q\"\n+++\n"},
			"content/quizzes/_index.md: error: writes quizzes/index.html, where kith writes its own quizzes/"},
		{"My results, in capitals", map[string]string{"content/My-Results.md": "+++\ntitle = \"M\"\nslug = \"My-Results\"\n+++\n"},
			"content/My-Results.md:3:1: error: writes My-Results/index.html, where kith writes its own my-results/"},
		{"slugs that differ in case", map[string]string{"content/basics/other.md": "+++\ntitle = \"O\"\nslug = \"Second\"\n+++\n"},
			"content/basics/other.md:3:1: error: writes basics/Second/index.html, and content/basics/second.md writes basics/second/index.html"},
		{"a file where a page's folder is", map[string]string{"content/basics/second": "no extension"},
			"content/basics/second.md: error: writes basics/second/index.html inside a folder named basics/second, which is also a file that content/basics/second writes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := sampleSite()
			for k, v := range c.edit {
				files[k] = v
			}
			dir := writeSite(t, files)
			_, err := Build(site.Options{Source: dir})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if got := err.Error(); !strings.Contains(got, c.want) {
				t.Errorf("errors lack %q; got:\n%s", c.want, got)
			}
			if n := len(diag.As(err)); n != 1 {
				t.Errorf("one clash is reported %d times:\n%v", n, err)
			}
		})
	}
}

// TestSitemapNeedsAHost checks that without a host in base_url the sitemap and robots.txt,
// which must hold absolute URLs, are left out, with a warning that says what to set in a
// pretty_urls build (made for a web server only), and that with one they hold absolute URLs.
func TestSitemapNeedsAHost(t *testing.T) {
	files := sampleSite()
	files["site.toml"] = "title = \"No host\"\n"
	dir := writeSite(t, files)
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, site.Options{Source: dir, Dest: out, PrettyURLs: true})
	for _, name := range []string{"sitemap.xml", "robots.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s was written with relative URLs", name)
		}
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "site.toml: warning: sitemap.xml and robots.txt are left out") {
		t.Errorf("warnings %v; want one about the sitemap", res.Warnings)
	}
	res = mustBuild(t, site.Options{Source: dir, Dest: out})
	if len(res.Warnings) != 0 {
		t.Errorf("a default build, which may be opened from disk where no crawler sees it, warns: %v", res.Warnings)
	}
	res = mustBuild(t, site.Options{Source: dir, Dest: out, BaseURL: "https://school.example/kit"})
	robots := read(t, out, "robots.txt")
	if !strings.Contains(robots, "Sitemap: https://school.example/kit/sitemap.xml") || len(res.Warnings) != 0 {
		t.Errorf("robots.txt with a host:\n%s\nwarnings %v", robots, res.Warnings)
	}
	for _, loc := range regexp.MustCompile(`<loc>([^<]*)</loc>`).FindAllStringSubmatch(read(t, out, "sitemap.xml"), -1) {
		if !strings.HasPrefix(loc[1], "https://school.example/kit/") {
			t.Errorf("the sitemap holds %s, not an absolute URL", loc[1])
		}
	}
}

// TestQuizTextFromOtherSitesIsAnError checks that an image in a quiz's text that a student's
// browser would fetch from another site fails the build, at the quiz file's line.
func TestQuizTextFromOtherSitesIsAnError(t *testing.T) {
	files := sampleSite()
	files["quizzes/check.toml"] = "title = \"Check\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\n" +
		"prompt = \"Is it one-sided?\"\nanswer = true\nexplanation = \"See ![a chart](https://cdn.example/c.png).\"\n"
	_, err := Build(site.Options{Source: writeSite(t, files)})
	if err == nil || !strings.Contains(err.Error(), "quizzes/check.toml:8:20: error: the image comes from another site") {
		t.Errorf("got %v; want an error at quizzes/check.toml:8:20", err)
	}
}

// TestCRLFSiteBuildsLikeLF builds the sample site with every file saved with CRLF line ends and
// a byte order mark, and checks that no page holds a \r and that the pages are the same.
func TestCRLFSiteBuildsLikeLF(t *testing.T) {
	lf := sampleSite()
	crlf := map[string]string{}
	for name, text := range lf {
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".toml") {
			text = "\ufeff" + strings.ReplaceAll(text, "\n", "\r\n")
		}
		crlf[name] = text
	}
	crlf["quizzes/check.toml"] += "explanation = \"\"\"\r\nOne line,\r\nand ```two```.\r\n\"\"\"\r\n"
	lf["quizzes/check.toml"] += "explanation = \"\"\"\nOne line,\nand ```two```.\n\"\"\"\n"
	outLF, outCRLF := filepath.Join(t.TempDir(), "lf"), filepath.Join(t.TempDir(), "crlf")
	mustBuild(t, site.Options{Source: writeSite(t, lf), Dest: outLF})
	mustBuild(t, site.Options{Source: writeSite(t, crlf), Dest: outCRLF})
	for _, page := range []string{"index.html", "basics/first-steps/index.html", "media/screen-time/index.html", "quizzes/check/index.html"} {
		a, b := read(t, outLF, page), read(t, outCRLF, page)
		if strings.Contains(b, "\r") {
			t.Errorf("%s holds a \\r", page)
		}
		if a != b {
			t.Errorf("%s differs between the LF and the CRLF site:\n%s", page, firstDifference(a, b))
		}
	}
}

// firstDifference shows the two texts around the first place they differ.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "LF:   " + strconv.Quote(a[from:min(len(a), i+80)]) + "\nCRLF: " + strconv.Quote(b[from:min(len(b), i+80)])
}

// TestPageIDsAreUnique builds a lesson whose headings would take the theme's ids, with
// footnotes of its own and in its quiz's explanations, and a quiz option that starts with a tag,
// and checks that every id on the page is unique and no label holds a block.
func TestPageIDsAreUnique(t *testing.T) {
	files := sampleSite()
	files["content/basics/second.md"] = "+++\ntitle = \"Second\"\nweight = 2\n+++\n## Main\n\n## Toc title\n\n" +
		"## Quiz: check\n\nA claim.[^1]\n\n[^1]: The page's note.\n\n```quiz\ncheck\n```\n"
	files["quizzes/check.toml"] = "title = \"Check\"\nkind = \"knowledge\"\n\n" +
		"[[questions]]\ntype = \"single\"\nprompt = \"Which?\"\nexplanation = \"Because.[^1]\\n\\n[^1]: First note.\"\n" +
		"  [[questions.options]]\n  text = \"<div> is a block\"\n  correct = true\n  [[questions.options]]\n  text = \"B\"\n" +
		"[[questions]]\ntype = \"truefalse\"\nprompt = \"True?\"\nanswer = true\nexplanation = \"So.[^1]\\n\\n[^1]: Second note.\"\n"
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site.Options{Source: writeSite(t, files), Dest: out})
	page := read(t, out, "basics/second/index.html")
	seen := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(page, -1) {
		if seen[m[1]] {
			t.Errorf("id %q appears twice on the page", m[1])
		}
		seen[m[1]] = true
	}
	for _, id := range []string{"main", "main-1", "toc-title-1", "fn:1"} {
		if !seen[id] {
			t.Errorf("the page lacks id %q; ids: %v", id, seen)
		}
	}
	if regexp.MustCompile(`<label[^>]*>[^<]*<pre`).MatchString(page) || !strings.Contains(page, "&lt;div&gt; is a block</label>") {
		t.Errorf("the option that starts with a tag is not plain text in its label")
	}
}

// TestThirdPartyInLessonsFailsTheBuild checks that kith build refuses, at file:line:col, an image
// from another site or a data: address, and a javascript: link, where it used to publish them or
// quietly empty the link.
func TestThirdPartyInLessonsFailsTheBuild(t *testing.T) {
	files := sampleSite()
	files["content/basics/second.md"] = "+++\ntitle = \"Second\"\n+++\n![Logo](https://cdn.example/l.png)\n\n[Go](javascript:go()) ![x](data:image/png;base64,AA==)\n"
	_, err := Build(site.Options{Source: writeSite(t, files)})
	for _, want := range []string{
		"content/basics/second.md:4:1: error: the image comes from another site",
		"content/basics/second.md:6:1: error: the link runs a script (javascript:)",
		"content/basics/second.md:6:23: error: the image is a data: address",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q; got %v", want, err)
		}
	}
}
