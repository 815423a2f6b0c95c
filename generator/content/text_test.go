package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBytesThatAreNotTextAreErrorsAtTheirPlace(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"Latin-1", "+++\ntitle = \"a\"\n+++\nCaf\xe9 au lait\n", "content/a.md:4:4: error: byte 0xe9 is not UTF-8 text"},
		{"NUL after accents", "+++\ntitle = \"a\"\n+++\n\u00e9\u00e9\x00\n", "content/a.md:4:3: error: the file holds the control character U+0000"},
		{"escape in front matter", "+++\ntitle = \"a\x1b[31m\"\n+++\n", "content/a.md:2:11: error: the file holds the control character U+001B"},
		{"C1 control", "+++\ntitle = \"a\"\n+++\n\n\u0085\n", "content/a.md:5:1: error: the file holds the control character U+0085"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, ds := ParseFrontMatter("content/a.md", []byte(c.src))
			if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), c.want) {
				t.Errorf("got %v; want %s…", ds, c.want)
			}
		})
	}
}

// TestCRLFAndBOMReadLikeLF checks that a page saved on Windows reads exactly like the same page
// with LF line ends: the same front matter, body and body line, and no \r left.
func TestCRLFAndBOMReadLikeLF(t *testing.T) {
	lf := "+++\ntitle = \"A\"\nobjectives = [\n  \"one\",\n]\n+++\n# Body\n\n```\ncode\n```\n"
	for name, src := range map[string]string{
		"CRLF":       strings.ReplaceAll(lf, "\n", "\r\n"),
		"BOM + CRLF": "\ufeff" + strings.ReplaceAll(lf, "\n", "\r\n"),
		"CR":         strings.ReplaceAll(lf, "\n", "\r"),
	} {
		fm, body, line, ds := ParseFrontMatter("a.md", []byte(src))
		wfm, wbody, wline, _ := ParseFrontMatter("a.md", []byte(lf))
		if len(ds) > 0 || fm.Title != wfm.Title || len(fm.Objectives) != 1 || string(body) != string(wbody) || line != wline {
			t.Errorf("%s: got %+v %q line %d %v; want %+v %q line %d", name, fm, body, line, ds, wfm, wbody, wline)
		}
	}
}

// FuzzPageText reads any bytes as a page: nothing panics, and a problem is placed on a
// line the file has.
func FuzzPageText(f *testing.F) {
	f.Add([]byte("\ufeff+++\r\ntitle = \"a\"\r\n+++\r\nbody\r"))
	f.Add([]byte("+++\ntitle = \"\xff\"\n+++\n\x1b"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, body, _, ds := ParseFrontMatter("a.md", src)
		lines := strings.Count(string(src), "\n") + strings.Count(string(src), "\r") + 1
		for _, d := range ds {
			if d.Line > lines {
				t.Errorf("problem at line %d of a file of at most %d: %s", d.Line, lines, d.Message)
			}
		}
		if len(ds) == 0 && strings.Contains(string(body), "\r") {
			t.Errorf("a \\r is left in the body %q", body)
		}
	})
}

// FuzzFoldName checks that folding a folded name changes nothing: a name and its folded form
// are one file on Windows and macOS.
func FuzzFoldName(f *testing.F) {
	f.Add("Caf\u00e9 \uAC00 a\u0323\u0302")
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) {
			return
		}
		if folded := FoldName(name); FoldName(folded) != folded {
			t.Errorf("FoldName(%q) = %q, but FoldName of that is %q", name, folded, FoldName(folded))
		}
	})
}
