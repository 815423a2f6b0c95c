package site

import (
	"maps"
	"slices"
)

// HasFile reports whether rel, a slash path from content/, is a file the site copies.
func (s *Site) HasFile(rel string) bool { return s.files[rel] }

// UpdateFiles adds and removes files under content/ (slash paths from content/) that the site
// copies, as the preview learns of them. A file added to a withheld section's folder is not
// published.
func (s *Site) UpdateFiles(added, removed []string) {
	for _, f := range removed {
		delete(s.files, f)
	}
	for _, f := range added {
		if s.Content.Withheld.HoldsFile(f) {
			continue // in a section this edition leaves out
		}
		s.files[f] = true
	}
	s.Content.Files = slices.Sorted(maps.Keys(s.files))
}
