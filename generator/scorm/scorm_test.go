package scorm

import (
	"strings"
	"testing"
)

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
	files, err := Package{Title: `Trust <b>"me"</b> & you`, Language: "en"}.Files([]string{"index.html"})
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
	files, err := Package{Title: "T", Language: "en", Checks: map[string]int{"basics": 2},
		Reflections: map[string][]string{"basics": {"my-rule"}}}.Files([]string{"index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `data-reflections="{&#34;basics&#34;:[&#34;my-rule&#34;]}"`; !strings.Contains(string(files[Launch]), want) {
		t.Errorf("the launch page lacks %s:\n%s", want, files[Launch])
	}
}
