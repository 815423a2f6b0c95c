package diag

import "testing"

// TestControlCharactersAreEscaped checks that a file name or message cannot send a terminal
// escape sequence or a carriage return to the author's terminal.
func TestControlCharactersAreEscaped(t *testing.T) {
	d := Errorf("content/a\x1b[2Jb\r.md", 3, 1, "slug %q clashes with \u009b and \x7f and \xff", "x\ty")
	want := `content/a\x1b[2Jb\r.md:3:1: error: slug "x\ty" clashes with \u009b and \x7f and \xff`
	if got := d.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := Escape("café — ok"); got != "café — ok" {
		t.Errorf("Escape changed printable text: %q", got)
	}
}

// TestPathsAreWrittenTheSystemsWay checks the message a Windows user reads, on any system: the
// file's path with backslashes, the site's folder included, a folder's trailing separator kept,
// and slashes in the message left alone.
func TestPathsAreWrittenTheSystemsWay(t *testing.T) {
	for _, c := range []struct {
		d    *Diagnostic
		dir  string
		want string
	}{
		{Errorf("content/lessons/x.md", 3, 1, "broken link %q", "a/b.md"), "", `content\lessons\x.md:3:1: error: broken link "a/b.md"`},
		{Errorf("content/lessons/x.md", 3, 0, "bad"), `..\toolkit`, `..\toolkit\content\lessons\x.md:3: error: bad`},
		{Errorf("content/lessons/x.md", 0, 0, "bad"), "site", `site\content\lessons\x.md: error: bad`},
		{Errorf("content/Lessons/", 0, 0, "bad"), "site", `site\content\Lessons\: error: bad`},
		{Errorf("", 0, 0, "bad"), "site", `error: bad`},
	} {
		d := c.d
		if c.dir != "" {
			d = d.In(c.dir)
		}
		if got := d.Format('\\'); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	// Elsewhere, slashes.
	if got := Errorf("content/lessons/x.md", 3, 1, "bad").In("site").Format('/'); got != "site/content/lessons/x.md:3:1: error: bad" {
		t.Errorf("got %s", got)
	}
}
