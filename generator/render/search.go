package render

import (
	"bytes"
	"sync"

	"kith/generator/diag"
	"kith/generator/search"
	"kith/generator/site"
)

// searchIndex is the site's search index, built by the first search output rendered and shared
// by the others.
type searchIndex struct {
	mu  sync.Mutex
	idx *search.Index
}

// searchFile renders one file of the search index.
func (s *Renderer) searchFile(o site.Output, buf *bytes.Buffer) *diag.Diagnostic {
	s.search.mu.Lock()
	if s.search.idx == nil {
		s.search.idx = search.Build(s.SearchInput(), s.Config.Language)
	}
	idx := s.search.idx
	s.search.mu.Unlock()
	if err := idx.File(o.Path, s.Portable, buf); err != nil {
		return diag.Errorf(o.Path, 0, 0, "writing the search index: %v", err)
	}
	return nil
}

// ForgetSearch makes the next search output rendered build the index again, from the pages as
// they are then: the preview calls it when a page's text, title or description changed.
func (s *Renderer) ForgetSearch() {
	s.search.mu.Lock()
	s.search.idx = nil
	s.search.mu.Unlock()
}
