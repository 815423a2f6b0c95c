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
