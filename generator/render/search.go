package render

import (
	"bytes"
	"runtime"
	"sync"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/search"
	"kith/generator/site"
)

// searchIndex is the site's search index, built by the first search output rendered and shared
// by the others, and kept current by UpdateSearch.
type searchIndex struct {
	mu  sync.Mutex
	idx *search.Index
	// sections are what each page's Markdown gave the last index, kept so that after an edit
	// in kith serve only the pages whose Markdown changed are read again.
	sections map[*content.Page]pageSections
	// parsed are the sections of the pages parsed since, for kith serve: the next index reads
	// them instead of parsing the pages again.
	parsed sync.Map // *content.Page → pageSections
	// builder makes a build's index from each page's sections as its page parses them.
	builder     *search.Builder
	builderOnce sync.Once
	pageIndex   map[*content.Page]int // each page's place in the builder's pages
}

type pageSections struct {
	body     []byte
	sections []markdown.Section
}

// searchFile renders one file of the search index.
func (s *Renderer) searchFile(o site.Output, buf *bytes.Buffer) *diag.Diagnostic {
	s.search.mu.Lock()
	switch {
	case s.search.idx != nil:
	case s.Record: // the preview, which updates the index after each edit
		s.search.idx = search.Build(s.SearchInput(s.sectionsOf()), s.Config.Language)
	default: // a build, which writes the index once, from the sections its pages gave
		s.search.idx = s.indexBuilder().Index()
	}
	idx := s.search.idx
	s.search.mu.Unlock()
	if err := idx.File(o.Path, !s.PrettyURLs, buf); err != nil {
		return diag.Errorf(o.Path, 0, 0, "writing the search index: %v", err)
	}
	return nil
}

// indexBuilder returns the builder of a build's index, made the first time it is needed.
func (s *Renderer) indexBuilder() *search.Builder {
	s.search.builderOnce.Do(func() {
		pages := s.SearchPages()
		s.search.pageIndex = make(map[*content.Page]int, len(pages))
		for i, p := range pages {
			s.search.pageIndex[p] = i
		}
		s.search.builder = search.NewBuilder(s.SearchInput(nil), s.Config.Language)
	})
	return s.search.builder
}

// indexSections gives the search index the sections of a page just parsed: a build's index
// takes them at once and keeps what it needs of them, kith serve's keeps them for its next
// update, which then need not parse the page again.
func (s *Renderer) indexSections(page *content.Page, md *markdown.Parsed) {
	if s.Record {
		s.search.parsed.Store(page, pageSections{body: page.Body, sections: md.Sections()})
		return
	}
	b := s.indexBuilder()
	if i, ok := s.search.pageIndex[page]; ok {
		b.Add(i, md.Sections())
	}
}

// sectionsOf splits every page the index holds, reusing what an unchanged page gave last time
// or its render gave since, and returns a lookup for SearchInput. Pages are split on all cores.
func (s *Renderer) sectionsOf() func(*content.Page) []markdown.Section {
	pages := s.SearchPages()
	fresh := make(map[*content.Page]pageSections, len(pages))
	var todo []*content.Page
	for _, p := range pages {
		if c, ok := s.search.sections[p]; ok && bytes.Equal(c.body, p.Body) {
			fresh[p] = c
		} else if c, ok := s.search.parsed.Load(p); ok && sameBytes(c.(pageSections).body, p.Body) {
			fresh[p] = c.(pageSections)
		} else {
			todo = append(todo, p)
		}
	}
	s.search.parsed.Clear()
	split := make([]pageSections, len(todo))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(len(todo), 2*runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				split[i] = pageSections{body: todo[i].Body, sections: markdown.Sections(todo[i].Body)}
			}
		}()
	}
	for i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range todo {
		fresh[p] = split[i]
	}
	s.search.sections = fresh
	return func(p *content.Page) []markdown.Section { return fresh[p].sections }
}

// UpdateSearch brings the search index up to date with the site's pages as they are now and
// returns the paths of the index's files that changed, which the preview renders again: an
// edit re-makes the entries of the pages edited, and the files their words fall in. An index
// not built yet is built by the first file rendered, so all its files are named.
func (s *Renderer) UpdateSearch() []string {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	if s.search.idx == nil {
		return search.Paths(len(s.SearchPages()))
	}
	return s.search.idx.Update(s.SearchInput(s.sectionsOf()))
}

// KeepSearch gives s the search index of old, a Renderer of the same site made before a change
// of theme (the index reads no theme), so that the preview's next UpdateSearch names only the
// files an edit changed. It returns s.
func (s *Renderer) KeepSearch(old *Renderer) *Renderer {
	old.search.mu.Lock()
	defer old.search.mu.Unlock()
	s.search.idx, s.search.sections = old.search.idx, old.search.sections
	return s
}
