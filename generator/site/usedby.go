package site

import (
	"slices"
	"strings"

	"kith/generator/content"
	"kith/generator/markdown"
	"kith/generator/quiz"
)

// IndexQuizUsers records which pages embed each quiz, in reading order, and which quizzes each
// page embeds. It must run again when a page's quizzes or the reading order change.
func (s *Site) IndexQuizUsers() {
	s.users = map[string][]*content.Page{}
	s.embeds = map[*content.Page][]string{}
	for _, p := range s.Content.Pages {
		if p.File == "" {
			continue
		}
		for _, id := range markdown.QuizIDs(p.Body) {
			if !slices.Contains(s.users[id], p) {
				s.users[id] = append(s.users[id], p)
				s.embeds[p] = append(s.embeds[p], id)
			}
		}
	}
}

// UsedBy returns the pages that embed the quiz id, in reading order.
func (s *Site) UsedBy(id string) []*content.Page { return s.users[id] }

// Checks returns the ids of the knowledge checks page p embeds, separated by spaces, or ""
// when it embeds none. The progress script counts a lesson done when each of them has been
// checked in this browser, in any version: a check done last week stays done when its author
// fixes a typo. (So a quiz's hash is not part of what the navigation shows, and editing a quiz
// re-renders only the pages that show the quiz itself.)
func (s *Site) Checks(p *content.Page) string {
	var out []string
	for _, id := range s.embeds[p] {
		if q := s.Quizzes[id]; q != nil && q.Kind == quiz.Knowledge {
			out = append(out, id)
		}
	}
	return strings.Join(out, " ")
}
