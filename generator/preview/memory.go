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
func limitMemory(s *site.Site) {
	limitMu.Lock()
	defer limitMu.Unlock()
	if prev := debug.SetMemoryLimit(-1); prev != math.MaxInt64 && prev != limitSet {
		return
	}
	var text int64
	for _, p := range s.Content.Pages {
		text += int64(len(p.Body))
	}
	limitSet = memoryBase + memoryPerByte*text
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
