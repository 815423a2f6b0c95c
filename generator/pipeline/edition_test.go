package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/site"
)

// editionSite has a lesson, a teachers' section with a guide, a nested section and a file, a
// quiz both share, and a quiz only the guide embeds.
func editionSite() map[string]string {
	return map[string]string{
		"site.toml":                   "title = \"Editions\"\nbase_url = \"https://school.example/kit/\"\n",
		"content/_index.md":           "+++\ntitle = \"Home\"\n+++\nStudents start with [the lesson](lesson.md); teachers read [the guide](staff/guide.md#timings) and [the key](staff/key.pdf).\n",
		"content/lesson.md":           "+++\ntitle = \"The lesson\"\n+++\nAsk for [Answer sheet](/staff/more/sheet/) and see [the staff room](staff/).\n\n```quiz\nshared\n```\n",
		"content/staff/_index.md":     "+++\ntitle = \"Staff room\"\naudience = \"teachers\"\n+++\nFor staff.\n",
		"content/staff/guide.md":      "+++\ntitle = \"Secret guide\"\n+++\n## Timings\n\nBack to [the lesson](../lesson.md).\n\n```quiz\nshared\n```\n\n```quiz\nstaff-only\n```\n",
		"content/staff/key.pdf":       "%PDF answers",
		"content/staff/more/sheet.md": "+++\ntitle = \"Answer sheet\"\n+++\nAnswers.\n",
		"quizzes/shared.toml":         "title = \"Shared\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"One-sided?\"\nanswer = true\n",
		"quizzes/staff-only.toml":     "title = \"Staff only\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"Staff?\"\nanswer = true\n",
	}
}

// TestStudentsEditionLeavesOutTeachersPages: --edition students publishes nothing of a teachers'
// section (pages, nested pages, files, its quiz, its titles in navigation and lists, sitemap
// entries, "used by" lists), turns links to it into their words, and counts what it left out;
// the default edition publishes everything and says how to leave it out.
func TestStudentsEditionLeavesOutTeachersPages(t *testing.T) {
	dir := writeSite(t, editionSite())
	out := filepath.Join(dir, "public")
	res := mustBuild(t, site.Options{Source: dir, Edition: content.Students})
	if res.Withheld != 3 || res.Teachers != 0 || !strings.Contains(res.EditionNote(), "3 teachers' pages left out") {
		t.Errorf("counts %+v, note %q; want 3 teachers' pages left out", res.Counts, res.EditionNote())
	}
	for _, gone := range []string{"staff", "quizzes/staff-only"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("the students' edition publishes %s", gone)
		}
	}
	for _, page := range []string{"index.html", "lesson/index.html", "quizzes/shared/index.html", "sitemap.xml", "404.html"} {
		body := read(t, out, page)
		for _, leak := range []string{"Staff room", "Secret guide", "staff/", "staff-only", "key.pdf"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s of the students' edition shows %q", page, leak)
			}
		}
	}
	if home := read(t, out, "index.html"); !strings.Contains(home, "teachers read the guide and the key.") {
		t.Errorf("links to teachers' pages and files should become their words:\n%s", home)
	}
	if lesson := read(t, out, "lesson/index.html"); !strings.Contains(lesson, "Ask for Answer sheet and see the staff room.") {
		t.Errorf("links by URL path to teachers' pages should become their words:\n%s", lesson)
	}
	checkLinks(t, out, false)

	res = mustBuild(t, site.Options{Source: dir})
	if res.Withheld != 0 || res.Teachers != 3 || !strings.Contains(res.EditionNote(), "3 teachers' pages included: --edition students leaves them out") {
		t.Errorf("the default edition: counts %+v, note %q", res.Counts, res.EditionNote())
	}
	for _, page := range []string{"staff/guide/index.html", "staff/more/sheet/index.html", "staff/key.pdf", "quizzes/staff-only/index.html"} {
		read(t, out, page)
	}
	if used := read(t, out, "quizzes/shared/index.html"); !strings.Contains(used, "Secret guide") {
		t.Error("in the default edition the shared quiz's page should list the guide among its users")
	}
	checkLinks(t, out, false)
	mustBuild(t, site.Options{Source: dir, Edition: content.Teachers})
	read(t, out, "staff/guide/index.html")
}

// TestEditionFromSiteToml: site.toml's edition is the default, and --edition overrides it.
func TestEditionFromSiteToml(t *testing.T) {
	files := editionSite()
	files["site.toml"] += "edition = \"students\"\n"
	dir := writeSite(t, files)
	if res := mustBuild(t, site.Options{Source: dir}); res.Withheld != 3 {
		t.Errorf("edition = \"students\" in site.toml left out %d pages; want 3", res.Withheld)
	}
	if res := mustBuild(t, site.Options{Source: dir, Edition: content.All}); res.Withheld != 0 {
		t.Errorf("--edition all over site.toml's students left out %d pages", res.Withheld)
	}
}

// TestAudienceErrors: a wrong audience or edition is an error at its line that lists the values;
// a page cannot be for students inside a teachers' section; an image from a withheld folder in a
// published page is an error in the students' edition.
func TestAudienceErrors(t *testing.T) {
	for _, c := range []struct {
		name, file, text, want string
		edition                content.Audience
	}{
		{"unknown audience", "content/lesson.md", "+++\ntitle = \"L\"\naudience = \"staff\"\n+++\nText.\n",
			`content/lesson.md:3:1: error: audience "staff" is not an audience: use "all", "students" or "teachers"`, ""},
		{"students in a teachers' section", "content/staff/guide.md", "+++\ntitle = \"G\"\n\naudience = \"students\"\n+++\nText.\n",
			`content/staff/guide.md:4:1: error: audience "students": the page is in a teachers' section`, ""},
		{"teachers' home page", "content/_index.md", "+++\ntitle = \"H\"\naudience = \"teachers\"\n+++\nText.\n",
			"content/_index.md:3:1: error: the home page cannot be for teachers only", ""},
		{"unknown edition", "site.toml", "title = \"E\"\nedition = \"pupils\"\n",
			`site.toml:2:1: error: edition "pupils" is not an edition: use "all", "students" or "teachers"`, ""},
		{"image from a teachers' folder", "content/lesson.md", "+++\ntitle = \"L\"\n+++\n![a key](staff/key.pdf)\n",
			"content/lesson.md:4:1: error: the image is in a folder this edition leaves out", content.Students},
		{"pretty_urls and portable", "site.toml", "title = \"E\"\nportable = true\npretty_urls = true\n",
			"site.toml:2:1: error: portable = true and pretty_urls = true contradict each other", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := editionSite()
			files[c.file] = c.text
			dir := writeSite(t, files)
			_, err := Build(site.Options{Source: dir, Edition: c.edition})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			var msgs []string
			for _, d := range diag.As(err) {
				msgs = append(msgs, d.Error())
			}
			if got := strings.Join(msgs, "\n"); !strings.Contains(got, c.want) {
				t.Errorf("errors lack %q; got:\n%s", c.want, got)
			}
		})
	}
}

// TestPortableIsDeprecated: portable = true still builds, with a warning that it is the default.
func TestPortableIsDeprecated(t *testing.T) {
	files := editionSite()
	files["site.toml"] += "portable = true\n"
	dir := writeSite(t, files)
	res := mustBuild(t, site.Options{Source: dir})
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "site.toml:3:1: warning: portable = true is now the default") {
		t.Errorf("warnings %v; want one saying portable is now the default", res.Warnings)
	}
	checkLinks(t, filepath.Join(dir, "public"), false)
}
