package scorm

import (
	"html/template"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// words reads the default theme's strings in lang over its English ones, as the theme does.
func words(t *testing.T, lang string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range []string{"en", lang} {
		if _, err := toml.DecodeFile(filepath.Join("..", "..", "themes", "default", "i18n", l+".toml"), &out); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestPagesSpeakTheSiteLanguage checks that the launch and privacy pages a student reads inside the
// LMS are in the site's language, with the site's title and the pass mark filled in, and that a
// theme without the strings is an error rather than a page of gaps.
func TestPagesSpeakTheSiteLanguage(t *testing.T) {
	english := words(t, "en")
	for _, lang := range []string{"en", "es", "fr", "de"} {
		w := words(t, lang)
		files, err := Package{Title: "Vínculos <1>", Language: lang, MasteryScore: 80, Strings: w}.Files([]string{"index.html"})
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		launch, privacy := string(files[Launch]), string(files[Folder+"privacy.html"])
		fill := strings.NewReplacer("{site}", "Vínculos <1>", "{percent}", "80")
		for _, c := range []struct{ page, key string }{
			{launch, "scorm_privacy_title"}, {launch, "scorm_answers_dropped"}, {launch, "scorm_open"},
			{privacy, "scorm_privacy_title"}, {privacy, "scorm_privacy_intro"}, {privacy, "scorm_sent_text"},
			{privacy, "scorm_pass"}, {privacy, "scorm_kept_heading"}, {privacy, "scorm_kept_text"},
			{privacy, "scorm_device_text"}, {privacy, "scorm_back"},
		} {
			want := template.HTMLEscapeString(fill.Replace(w[c.key]))
			if !strings.Contains(c.page, want) {
				t.Errorf("%s: the page lacks %s, %q", lang, c.key, want)
			}
			if lang != "en" && strings.Contains(c.page, template.HTMLEscapeString(english[c.key])) {
				t.Errorf("%s: the page still says %s in English", lang, c.key)
			}
		}
		if !strings.Contains(privacy, `<html lang="`+lang+`">`) {
			t.Errorf("%s: the privacy page does not say its language", lang)
		}
	}
	if _, err := (Package{Title: "T", Language: "en"}).Files(nil); err == nil || !strings.Contains(err.Error(), "scorm_") {
		t.Errorf("a theme without the package's strings: err = %v", err)
	}
}

// TestHref checks that every file name an author may use becomes a reference an LMS resolves
// back to that file: a space, "#" or "?" unescaped would name another file or none.
func TestHref(t *testing.T) {
	for in, want := range map[string]string{
		"index.html":            "index.html",
		"files/a note.txt":      "files/a%20note.txt",
		"files/50%#1?.pdf":      "files/50%25%231%3F.pdf",
		"leçons/été/index.html": "le%C3%A7ons/%C3%A9t%C3%A9/index.html",
		"scorm/launch.html":     "scorm/launch.html",
	} {
		if got := Href(in); got != want {
			t.Errorf("Href(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTaken checks that an author's output where the package keeps its own files is found, in
// any case, since the zip may be unpacked on a file system that ignores case.
func TestTaken(t *testing.T) {
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{[]string{"index.html", "lessons/scorm-basics/index.html"}, ""},
		{[]string{"index.html", "SCORM/launch.html"}, "SCORM/launch.html"},
		{[]string{"IMSManifest.xml"}, "IMSManifest.xml"},
		{[]string{"scorm"}, "scorm"},
	} {
		if got := Taken(c.paths); got != c.want {
			t.Errorf("Taken(%q) = %q, want %q", c.paths, got, c.want)
		}
	}
}

// TestManifestEscapes checks that a title is text in the manifest and the pages, never markup.
func TestManifestEscapes(t *testing.T) {
	files, err := Package{Title: `Trust <b>"me"</b> & you`, Language: "en", Strings: words(t, "en")}.Files([]string{"index.html"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ManifestPath, Launch, Folder + "privacy.html"} {
		if strings.Contains(string(files[name]), "<b>") {
			t.Errorf("%s holds the title's <b> as markup", name)
		}
	}
	if !strings.Contains(string(files[ManifestPath]), `identifier="kith-trust-b-me-b-you"`) {
		t.Errorf("the manifest's identifier is not made of the title's letters:\n%s", files[ManifestPath])
	}
}

// TestLaunchPageNamesReflections: the launch page learns which answers of a knowledge check are
// reflections, so that it can keep them out of cmi.suspend_data.
func TestLaunchPageNamesReflections(t *testing.T) {
	files, err := Package{Title: "T", Language: "en", Strings: words(t, "en"), Checks: map[string]int{"basics": 2},
		Reflections: map[string][]string{"basics": {"my-rule"}}}.Files([]string{"index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `data-reflections="{&#34;basics&#34;:[&#34;my-rule&#34;]}"`; !strings.Contains(string(files[Launch]), want) {
		t.Errorf("the launch page lacks %s:\n%s", want, files[Launch])
	}
}
