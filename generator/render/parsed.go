package render

import (
	"sync"
	"sync/atomic"

	"kith/generator/content"
	"kith/generator/markdown"
)

// parsedPage is a page's Markdown parsed once for the outputs that show it, its page and, for
// a lesson, its slides, kept only until both have rendered.
type parsedPage struct {
	once sync.Once
	body []byte // the Markdown parsed, to tell an entry from before an edit in kith serve
	md   *markdown.Parsed
	left atomic.Int32 // outputs still to render from it
}

// parse returns page's Markdown parsed, parsing it for doc unless the other output of the page
// parsed it already, and what to call once the output has rendered from it. The first to parse
// a page also hands its sections to the search index, so that a build parses each page once.
func (s *Renderer) parse(page *content.Page, doc *markdown.Document) (*markdown.Parsed, func()) {
	for {
		v, _ := s.parsed.LoadOrStore(page, &parsedPage{})
		e := v.(*parsedPage)
		e.once.Do(func() {
			e.body = page.Body
			e.md = s.Markdown.Parse(page.Body, doc)
			users := int32(1)
			if page.IsLesson(len(e.md.Quizzes()) > 0) {
				users++ // its slides (Site.IsLesson, without parsing again)
			}
			e.left.Store(users)
			s.indexSections(page, e.md)
		})
		if !sameBytes(e.body, page.Body) { // parsed before an edit: parse the page as it is now
			s.parsed.CompareAndDelete(page, e)
			continue
		}
		return e.md, func() {
			if e.left.Add(-1) <= 0 {
				s.parsed.CompareAndDelete(page, e)
			}
		}
	}
}

// ForgetParsed lets go of the pages parsed for an output whose other output was not rendered,
// such as a lesson re-rendered for an edit that changed its page and not its slides. The
// driver calls it once it has rendered what it was asked to.
func (s *Renderer) ForgetParsed() { s.parsed.Clear() }

// sameBytes reports whether a and b are the same bytes in memory: a page's Body is replaced,
// never changed in place, when kith serve applies an edit.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
