package site

import (
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

// UsedBy returns the pages that embed the quiz id, in reading order.
func (s *Site) UsedBy(id string) []*content.Page { return s.users[id] }
