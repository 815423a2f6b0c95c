package site

import (
	"maps"
	"slices"

	"kith/generator/content"
	"kith/generator/markdown"
)

// IndexQuizUsers records which pages embed each quiz, in reading order. It must run again
// when a page's quizzes or the reading order change.
func (s *Site) IndexQuizUsers() {
	s.users = map[string][]*content.Page{}
	for _, p := range s.Content.Pages {
		if p.File == "" {
			continue
		}
		for _, id := range markdown.QuizIDs(p.Body) {
			if !slices.Contains(s.users[id], p) {
				s.users[id] = append(s.users[id], p)
			}
		}
	}
}

// Users returns the pages that embed the quiz id, in reading order.
func (s *Site) Users(id string) []*content.Page { return s.users[id] }

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
