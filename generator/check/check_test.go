package check

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/scaffold"
	"kith/generator/site"
	"kith/internal/golden"
)

// TestCases runs kith check on each site in testdata and compares its exact output with the
// case's .want file: one site a kind of problem, and one with none.
func TestCases(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob("testdata/*")
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			Run(site.Options{Source: dir}).WriteText(&out)
			golden.Check(t, dir+".want", out.Bytes())
		})
	}
}

// TestJSONHoldsTheSameFindings checks that --format json reports what the text does.
func TestJSONHoldsTheSameFindings(t *testing.T) {
	t.Parallel()
	rep := Run(site.Options{Source: "testdata/links"})
	var text, js bytes.Buffer
	rep.WriteText(&text)
	rep.WriteJSON(&js)
	var got []finding
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatalf("the JSON does not parse: %v\n%s", err, js.String())
	}
	lines := strings.Split(strings.TrimSpace(text.String()), "\n")
	lines = lines[:len(lines)-1] // the count
	if len(got) != len(lines) || len(got) == 0 {
		t.Fatalf("JSON has %d findings, text %d", len(got), len(lines))
	}
	for i, f := range got {
		if want := lines[i]; !strings.HasPrefix(want, f.File+":") || !strings.HasSuffix(want, ": "+f.Severity+": "+f.Message) {
			t.Errorf("finding %d: JSON %+v, text %q", i, f, want)
		}
	}
	var empty bytes.Buffer
	Run(site.Options{Source: "testdata/clean"}).WriteJSON(&empty)
	if strings.TrimSpace(empty.String()) != "[]" {
		t.Errorf("no problems print %q; want an empty array", empty.String())
	}
}

// TestWindowsPaths checks what kith check prints on Windows, on any system: each file's path with
// backslashes, in the text and in the JSON, where an editor on Windows opens it.
func TestWindowsPaths(t *testing.T) {
	t.Parallel()
	rep := Run(site.Options{Source: "testdata/links"})
	var text, js bytes.Buffer
	rep.writeText(&text, '\\')
	rep.writeJSON(&js, '\\')
	lines := strings.Split(strings.TrimSpace(text.String()), "\n")
	want := `testdata\links\content\lessons\first.md:9:3: error: broken link "missing.md": there is no such file; .md links are relative to this file's folder`
	if lines[0] != want {
		t.Errorf("got  %s\nwant %s", lines[0], want)
	}
	for _, l := range lines[:len(lines)-1] {
		if file, _, _ := strings.Cut(l, ":"); strings.Contains(file, "/") {
			t.Errorf("a path with slashes on Windows: %s", l)
		}
	}
	var got []finding
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].File != `testdata\links\content\lessons\first.md` {
		t.Errorf("JSON's first file is not written the Windows way: %+v", got)
	}
}

// TestNamesThatBreakOnSomeSystems writes, in a temporary folder, the names that cannot be
// committed to this repository (they would break its checkout on Windows or macOS) and checks
// that kith check names each file, with a control character in a name printed escaped.
func TestNamesThatBreakOnSomeSystems(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"site.toml":                           "title = \"T\"\nbase_url = \"https://school.example/\"\n",
		"content/_index.md":                   "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\n",
		"content/lessons/Intro.md":            "+++\ntitle = \"One\"\ndescription = \"One.\"\n+++\n",
		"content/lessons/intro.md":            "+++\ntitle = \"Two\"\ndescription = \"Two.\"\n+++\n",
		"content/lessons/a#b.png":             "png",
		"content/lessons/x\x1b]0;pwned\a.png": "png",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Logf("this file system refuses the name %q (%v): not checked here", name, err)
		}
	}
	wants := map[string]string{
		"intro.md":            "content/lessons/intro.md:1:1: error: the name differs from content/lessons/Intro.md only in upper and lower case",
		"a#b.png":             "content/lessons/a#b.png:1:1: error: the name holds '#'",
		"x\x1b]0;pwned\a.png": `content/lessons/x\x1b]0;pwned\a.png:1:1: error: the name holds the control character '\x1b'`,
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "content", "lessons"))
	if len(entries) < 2 {
		t.Fatalf("the file system kept %d of the test's files", len(entries))
	}
	var out bytes.Buffer
	Run(site.Options{Source: dir}).WriteText(&out)
	for _, e := range entries {
		want, ok := wants[e.Name()]
		if !ok {
			continue
		}
		if e.Name() == "intro.md" && len(entries) < 4 {
			continue // a case-insensitive file system kept one file for both
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("kith check does not print %q; it printed:\n%s", want, out.String())
		}
	}
	if strings.ContainsAny(out.String(), "\x1b\a") {
		t.Errorf("a control character reached the terminal:\n%q", out.String())
	}
}

// TestExampleTextIsKithNews checks that the example text kith check looks for is what kith new
// writes, so that an author who leaves it in is told.
func TestExampleTextIsKithNews(t *testing.T) {
	t.Parallel()
	golden.Check(t, "example-text.txt", []byte(strings.Join(scaffold.Placeholders(), "\n")+"\n"))
}
