package site

import (
	"kith/generator/content"
	"kith/generator/markdown"
	"kith/generator/search"
)

// SearchPages are the pages the search index holds: every page the build publishes, in reading
// order. Quiz pages, My results and the 404 page are kith's own and hold nothing to find. A
// build that leaves pages out (an edition for students without the teachers' pages) must leave
// them out here too, or their text would be found, and shown in excerpts, all the same.
func (s *Site) SearchPages() []*content.Page { return s.Content.Pages }

// SearchInput returns what the search index reads of the pages it holds. sections splits a
// page's Markdown; nil means markdown.Sections.
func (s *Site) SearchInput(sections func(*content.Page) []markdown.Section) []search.Page {
	pages := s.SearchPages()
	out := make([]search.Page, len(pages))
	for i, p := range pages {
		out[i] = search.Page{Path: p.Path, Title: p.Title, Description: p.Description}
		if sections != nil {
			out[i].Sections = sections(p)
		} else {
			out[i].Read = func() []markdown.Section { return markdown.Sections(p.Body) }
		}
	}
	return out
}

// MarkdownSize is the bytes of Markdown of the site's pages, by which kith build and kith
// serve size their soft memory limits.
func (s *Site) MarkdownSize() int64 {
	var n int64
	for _, p := range s.Content.Pages {
		n += int64(len(p.Body))
	}
	return n
}
