package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name, src, front, body string
		bodyLine               int
		ok, closed             bool
	}{
		{"plain", "+++\ntitle = \"a\"\n+++\nBody\n", "title = \"a\"\n", "Body\n", 4, true, true},
		{"CRLF and BOM", "\xef\xbb\xbf+++\r\ntitle = \"a\"\r\n+++\r\nBody", "title = \"a\"\r\n", "Body", 4, true, true},
		{"empty front matter", "+++\n+++\n", "", "", 3, true, true},
		{"none", "# Heading\n", "", "# Heading\n", 1, false, false},
		{"unclosed", "+++\ntitle = \"a\"\n", "title = \"a\"\n", "", 3, true, false},
		{"a line that only starts with +++ is not the end", "+++\nx = \"\"\"\n+++ \"\"\"\n+++\nB", "x = \"\"\"\n+++ \"\"\"\n", "B", 5, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			front, body, line, ok, closed := Split([]byte(c.src))
			if ok != c.ok || closed != c.closed || (c.ok && c.closed && (string(front) != c.front || string(body) != c.body || line != c.bodyLine)) {
				t.Errorf("Split = %q, %q, %d, %v, %v; want %q, %q, %d, %v, %v",
					front, body, line, ok, closed, c.front, c.body, c.bodyLine, c.ok, c.closed)
			}
		})
	}
}

func TestOrderByWeightThenTitleUnweightedLast(t *testing.T) {
	dir := t.TempDir()
	write := func(name, fm string) {
		p := filepath.Join(dir, "content", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("+++\n"+fm+"\n+++\n"), 0o644)
	}
	write("s/b.md", `title = "Banana"`)
	write("s/a.md", `title = "Apple"`)
	write("s/c.md", "title = \"Cherry\"\nweight = 2")
	write("s/d.md", "title = \"Date\"\nweight = 1")
	write("s/e.md.swp", "junk")
	write("s/.hidden.md", "junk")
	site, ds := Load(dir, false, All)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	var got []string
	for _, p := range site.Root.Sections[0].Lessons {
		got = append(got, p.Title)
	}
	if strings.Join(got, ",") != "Date,Cherry,Apple,Banana" {
		t.Errorf("order = %v; want Date, Cherry (weighted), then Apple, Banana by title", got)
	}
	if site.Root.Sections[0].Title() != "S" {
		t.Errorf("a section without _index.md is titled %q; want its folder's name", site.Root.Sections[0].Title())
	}
	if len(site.Files) != 0 {
		t.Errorf("editor and hidden files were taken as content: %v", site.Files)
	}
}

// FuzzParseFrontMatter feeds the splitter and the strict decoder any bytes: they must never
// panic, and a page they accept always has a title.
func FuzzParseFrontMatter(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = \"a\"\nweight = 3\nobjectives = [\"x\", \"y\"]\n+++\nbody",
		"+++\ntitle = \"a\"\n[extra]\nk = 1\n+++\n",
		"+++\r\ntitle = 'a'\r\n+++\r\n",
		"+++\n+++",
		"+++\ntitle = \"\"\"\n+++\n\"\"\"\n+++\n",
		"\xef\xbb\xbf+++\nslug = \"../x\"\n+++\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, _, _, ds := ParseFrontMatter("content/f.md", src)
		if len(ds) == 0 && strings.TrimSpace(fm.Title) == "" {
			t.Errorf("accepted a page without a title: %q", src)
		}
		for _, d := range ds {
			if d.File != "content/f.md" || d.Line < 1 {
				t.Errorf("diagnostic without a position: %v", d)
			}
		}
	})
}
