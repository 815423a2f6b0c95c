package preview

// RenderBatch renders one batch of what RenderRest renders and reports whether there was one,
// so that a test may interleave the background build with edits and requests as it likes.
func (p *Preview) RenderBatch() bool { return p.renderSome() }

// SetRenderBatch sets how many pages a batch renders, and returns what puts it back.
func SetRenderBatch(n int) (restore func()) {
	prev := renderBatch
	renderBatch = n
	return func() { renderBatch = prev }
}

// IsRendered reports whether the output at path is rendered.
func (p *Preview) IsRendered(path string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	p.out.Lock()
	defer p.out.Unlock()
	i, ok := p.index[path]
	return ok && p.done[i]
}
