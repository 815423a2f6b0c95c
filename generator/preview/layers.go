package preview

import (
	"iter"
	"maps"
)

// layers are every output's bytes as one snapshot has them: a base shared with earlier
// snapshots, and the outputs rendered since, which take its place. Neither map changes once a
// snapshot holds it.
type layers struct{ base, top map[string][]byte }

func (l layers) get(path string) ([]byte, bool) {
	if data, ok := l.top[path]; ok {
		return data, true
	}
	data, ok := l.base[path]
	return data, ok
}

// keys yields every output's path once.
func (l layers) keys() iter.Seq[string] {
	return func(yield func(string) bool) {
		for p := range l.top {
			if !yield(p) {
				return
			}
		}
		for p := range l.base {
			if _, ok := l.top[p]; !ok && !yield(p) {
				return
			}
		}
	}
}

// All returns every output by slash path, in one map of the caller's; nil while the build is
// Partial.
func (s *Snapshot) All() map[string][]byte {
	if s.Partial {
		return nil
	}
	out := make(map[string][]byte, len(s.files.base)+len(s.files.top))
	maps.Copy(out, s.files.base)
	maps.Copy(out, s.files.top)
	return out
}
