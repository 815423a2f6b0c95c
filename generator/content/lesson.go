package content

import "slices"

// IsLesson tells lessons from other pages (a glossary, a guide for teachers): a page in a
// section that embeds a quiz, gives a duration or objectives, or sits among pages that give
// objectives. embedsQuiz tells whether the page's body embeds a quiz.
func (p *Page) IsLesson(embedsQuiz bool) bool {
	if p.IsIndex || p.Path == "" || p.Section == nil {
		return false
	}
	if len(p.Objectives) > 0 || p.Duration != "" || embedsQuiz {
		return true
	}
	return slices.ContainsFunc(p.Section.Lessons, func(o *Page) bool { return o != p && len(o.Objectives) > 0 })
}
