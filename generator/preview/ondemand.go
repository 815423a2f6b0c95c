package preview

import (
	"context"
	"iter"
	"maps"
	"time"

	"kith/generator/diag"
	"kith/generator/pipeline"
	"kith/generator/site"
)

// A Preview made by NewOnDemand serves the site as soon as it is loaded, as a mature live preview
// does: loading (front matter read, URLs resolved) takes a tenth of the first build of a large
// site, and an author opens one page, not twenty thousand. The page asked for renders then, with
// the same renderer and the same bytes as the full build; RenderRest renders every other output
// beside it, recording what each reads, and Finish runs the checks across pages on them all.
// Until then the build is not complete: an edit applies to the loaded site and re-renders the
// outputs rendered so far that read what it changed; those not rendered yet render later from
// the edited site. Either way each output ends as a full build of the saved files makes it.

// Partial reports whether the site is loaded and its build not complete: between a load on
// demand and Finish, while RenderRest has outputs to render.
func (p *Preview) Partial() bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.site != nil && !p.complete
}

// renderBatch is how many outputs RenderRest renders at a time: an edit waits for at most one
// batch (a few tens of milliseconds) before it applies, and the workers of a batch finish close
// together.
var renderBatch = 64

// RenderRest renders the outputs of a load on demand that are not rendered yet, on all cores, a
// batch at a time, the pages first and then the files of the search index (the first of which
// builds the index, seconds on a large site). It returns when none is left, when the site does
// not load, or when ctx is done. It may run while Rebuild, Settle and Snapshot.File are called.
func (p *Preview) RenderRest(ctx context.Context) {
	for ctx.Err() == nil && p.renderSome() {
	}
}

// renderSome renders one batch and reports whether there was one.
func (p *Preview) renderSome() bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.site == nil || p.complete {
		return false
	}
	p.out.Lock()
	batch := p.nextBatch()
	r := p.render
	outs := make([]site.Output, len(batch))
	for k, i := range batch {
		outs[k] = p.outs[i]
	}
	p.out.Unlock()
	if len(batch) == 0 {
		return false
	}
	fresh := pipeline.RenderEach(r, outs, nil)
	p.out.Lock()
	for k, i := range batch {
		p.keep(i, fresh[k])
	}
	p.out.Unlock()
	return true
}

// nextBatch picks the next outputs to render: up to renderBatch pages, or, once they are all
// rendered, every file of the search index together. Called with p.out held.
func (p *Preview) nextBatch() []int {
	var batch, search []int
	for i, o := range p.outs {
		switch {
		case p.done[i]:
		case o.Kind == site.Search:
			search = append(search, i)
		default:
			batch = append(batch, i)
			if len(batch) == renderBatch {
				return batch
			}
		}
	}
	if len(batch) > 0 {
		return batch
	}
	return search
}

// keep makes r the rendering of output i unless it is rendered already (on demand and by
// RenderRest at once: the same bytes). Called with p.mu held for reading and p.out held.
func (p *Preview) keep(i int, r pipeline.Rendered) {
	if p.done[i] {
		return
	}
	p.results[i], p.done[i] = r, true
	p.left--
	p.last[p.outs[i].Path] = r.Data
	p.reads.Add(i, r.Report.Deps)
}

// Finish completes a load on demand: it renders what RenderRest left (outputs an edit added
// after it returned), runs the checks across pages on every output and returns the complete
// snapshot, whose Duration runs from the start of the load. It returns nil and no error when
// there is nothing to finish. On failure the error is a diag.Errors naming every problem.
func (p *Preview) Finish() (*Snapshot, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.site == nil || p.complete {
		return nil, nil
	}
	var left []int
	for i, done := range p.done {
		if !done {
			left = append(left, i)
		}
	}
	if len(left) > 0 { // RenderEach renders every output when given none
		fresh := pipeline.RenderEach(p.render, p.outs, left)
		for _, i := range left {
			p.keep(i, fresh[i])
		}
	}
	p.complete, p.recheck = true, false
	snap, err := p.finish(nil, nil)
	if snap != nil {
		snap.Duration = time.Since(p.loaded)
	}
	return snap, err
}

// Open returns the output at a slash path, and whether the site has it; err is a diag.Errors
// when rendering it failed. While the snapshot is Partial, an output rendered before the next
// edit is as it was then; one not rendered yet renders now, from the site as it is now (the
// preview applies edits to the loaded site).
func (s *Snapshot) Open(path string) (data []byte, ok bool, err error) {
	if s.src == nil {
		data, ok = s.files.get(path)
		return data, ok, nil
	}
	s.src.out.Lock()
	data = s.rendered[path]
	s.src.out.Unlock()
	if data != nil {
		return data, true, nil
	}
	return s.src.file(path)
}

// File returns the output at a slash path and whether the site has it, as Open does; an output
// that failed to render has no bytes.
func (s *Snapshot) File(path string) ([]byte, bool) {
	data, ok, _ := s.Open(path)
	return data, ok
}

// Has reports whether the site has an output at a slash path, rendered or not.
func (s *Snapshot) Has(path string) bool {
	if s.src == nil {
		_, ok := s.files.get(path)
		return ok
	}
	_, ok := s.paths[path]
	return ok
}

// Paths are the paths of every output of the snapshot, rendered or not, in no order.
func (s *Snapshot) Paths() iter.Seq[string] {
	if s.src == nil {
		return s.files.keys()
	}
	return maps.Keys(s.paths)
}

// file returns the output at path as the preview has it now, rendering it first when it is
// not rendered yet.
func (p *Preview) file(path string) ([]byte, bool, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	p.out.Lock()
	i, ok := p.index[path]
	if !ok {
		p.out.Unlock()
		return nil, false, nil
	}
	if p.done[i] {
		r := p.results[i]
		p.out.Unlock()
		return r.Data, true, errorsOf(r.Diags)
	}
	o, rend := p.outs[i], p.render
	p.out.Unlock()
	r := pipeline.RenderEach(rend, []site.Output{o}, nil)[0]
	p.out.Lock()
	p.keep(i, r)
	p.out.Unlock()
	return r.Data, true, errorsOf(r.Diags)
}

// errorsOf returns the errors among ds as a diag.Errors, or nil when there are none.
func errorsOf(ds []*diag.Diagnostic) error {
	if !diag.HasError(ds) {
		return nil
	}
	var list diag.List
	list.Add(ds...)
	return list.Err()
}
