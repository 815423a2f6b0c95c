package site

import (
	"maps"
	"slices"
)

// HasFile reports whether rel, a slash path from content/, is a file the site copies.
func (s *Site) HasFile(rel string) bool { return s.files[rel] }

// UpdateFiles adds and removes files under content/ (slash paths from content/) that the site
// copies, as the preview learns of them.
func (s *Site) UpdateFiles(added, removed []string) {
	for _, f := range removed {
		delete(s.files, f)
	}
	for _, f := range added {
		s.files[f] = true
	}
	s.Content.Files = slices.Sorted(maps.Keys(s.files))
}
