package preview

import (
	"math"
	"runtime/debug"
	"sync"

	"kith/generator/site"
)

// limitMemory sets a soft limit on the preview's memory from the size of the site's Markdown,
// as kith build does (pipeline's limitMemory), unless a limit is set already (GOMEMLIMIT, or an
// earlier load's, which it replaces).
//
// The preview keeps more than a build: every output's bytes, what each read, and the search
// index with each page's sections for its updates. Its live data, once the first build is
// complete, is about 21 times the Markdown (a gctrace of kith serve on 10,000 generated lessons,
// 41.5 MB of Markdown: 847 to 897 MB live after the last collections), and Go's default of
// collecting when the heap doubles took the process to 2.1 GB. The build's limit (twelve times
// the Markdown) is below that live data, so the collector would run without pause. Thirty-two
// times the Markdown and 64 MB (1.39 GB there, about 1.6 times the live data) kept peak memory at
// 1.29 GB for 42 collections instead of 17, and no more CPU time in all (27 s against 37 s, on a
// loaded machine). The limit is soft: a site that needs more gets it.
func limitMemory(s *site.Site) {
	limitMu.Lock()
	defer limitMu.Unlock()
	if prev := debug.SetMemoryLimit(-1); prev != math.MaxInt64 && prev != limitSet {
		return
	}
	limitSet = memoryBase + memoryPerByte*s.MarkdownSize()
	debug.SetMemoryLimit(limitSet)
}

// limitSet is the limit the last load set, which the next load may replace.
var (
	limitMu  sync.Mutex
	limitSet int64 = -1
)

// The soft memory limit of a preview: memoryBase, and memoryPerByte bytes for each byte of Markdown.
const (
	memoryBase    = 64 << 20
	memoryPerByte = 32
)
