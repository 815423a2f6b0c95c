package render

import (
	"strings"
	"testing"
)

// FuzzSlideWords checks that a slide's words are counted as strings.Fields counts the text of
// its HTML, which decides whether a printed slide is set in smaller type.
func FuzzSlideWords(f *testing.F) {
	for _, s := range []string{
		"<h2 id=\"a\">Title</h2>\n<p>Some words here</p>",
		"<p>non\u00a0breaking\u2003em space</p>",
		"a\xc2>\xa0b", // bytes joined into a no-break space once the > is dropped
		"<p>\xff\xfe invalid</p>",
		"",
		"   \t\v\f\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, html string) {
		var b strings.Builder // the text as the slide's words were first counted
		inTag := false
		for _, c := range []byte(html) {
			switch {
			case c == '<':
				inTag = true
				b.WriteByte(' ')
			case c == '>':
				inTag = false
			case !inTag:
				b.WriteByte(c)
			}
		}
		want := len(strings.Fields(b.String()))
		if got := countFields(appendText(nil, []byte(html))); got != want {
			t.Errorf("%q: %d words, want %d", html, got, want)
		}
	})
}
