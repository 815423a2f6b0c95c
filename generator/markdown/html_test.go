package markdown

import (
	"html"
	"strings"
	"testing"
)

// TestSrcdocIsScanned checks that a page written into an <iframe>'s srcdoc= is read like the
// lesson's own HTML: opened from disk no Content-Security-Policy header applies, so an image from
// another site inside it would be fetched. Nested srcdoc pages are read to a bounded depth.
func TestSrcdocIsScanned(t *testing.T) {
	inner := `<img src="https://tracker.example/p.gif" alt=""><script>x()</script>`
	nest := func(n int) string {
		s := inner
		for range n {
			s = `<iframe title="t" srcdoc="` + html.EscapeString(s) + `"></iframe>`
		}
		return s
	}
	for depth := 1; depth <= srcdocDepth; depth++ {
		s := nest(depth)
		tp := thirdParty(s)
		if len(tp) != 1 || !strings.Contains(tp[0].message, "tracker.example") || !strings.HasPrefix(tp[0].message, "in the page of the <iframe>'s srcdoc, ") {
			t.Errorf("depth %d: third-party findings %+v", depth, tp)
		}
		if tp[0].offset != strings.Index(s, "srcdoc") {
			t.Errorf("depth %d: finding at %d, not at srcdoc=", depth, tp[0].offset)
		}
		un := unsafeHTML(s)
		if len(un) != 1 || !strings.Contains(un[0].message, "<script>") {
			t.Errorf("depth %d: unsafe findings %+v", depth, un)
		}
	}
	// Deeper, what is not read is an error rather than published unread.
	if tp := thirdParty(nest(srcdocDepth + 1)); len(tp) != 1 || !strings.Contains(tp[0].message, "kith does not read") {
		t.Errorf("past the bound: %+v", tp)
	}
}

// TestFramesOfThisSite checks that a frame showing a page of the site itself is not reported:
// default-src 'self' lets it load, and it tells no other site anything.
func TestFramesOfThisSite(t *testing.T) {
	for _, s := range []string{
		`<iframe src="../game/index.html" title="A game"></iframe>`,
		`<iframe src="game/index.html#start" title="A game"></iframe>`,
		`<iframe title="A note" srcdoc="&lt;p&gt;Hello&lt;/p&gt;"></iframe>`,
	} {
		if f := append(thirdParty(s), unsafeHTML(s)...); len(f) != 0 {
			t.Errorf("%s: %+v", s, f)
		}
	}
	for _, s := range []string{
		`<iframe src="https://www.youtube.com/embed/x" title="v"></iframe>`,
		`<IFRAME SRC="//player.vimeo.com/video/1"></IFRAME>`,
		`<frame src="https://example.org/">`,
		`<object data="https://example.org/x"></object>`,
	} {
		f := thirdParty(s)
		if len(f) != 1 || !strings.Contains(f[0].message, "Content-Security-Policy blocks") || !strings.Contains(f[0].message, "a link to a YouTube or Vimeo video becomes a card") {
			t.Errorf("%s: %+v", s, f)
		}
	}
}
