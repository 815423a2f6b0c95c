package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// ThemeIDs are the ids the default theme's layouts give elements around a page's content. A
// heading's id must not repeat one, or a link to it (and the skip link to main) would land
// elsewhere. TestThemeIDsAreReserved keeps the list in step with themes/default/layouts.
var ThemeIDs = []string{"main", "toc-title", "sections-title", "lessons-title", "slides",
	"progress-todo-title", "results-download-title", "results-notes", "results-name-hint", "results-name",
	"class-results-drop", "class-results-files"}

// QuizIDPrefix starts the id of every quiz embedded in a page and of each of its questions.
const QuizIDPrefix = "quiz-"

// SlideIDPrefix starts the id of each slide of a lesson's slides (slide-1, slide-2, …), which the
// address's #slide-N names.
const SlideIDPrefix = "slide-"

// reservedID reports whether an id belongs to the theme, an embedded quiz or a slide.
func reservedID(id string) bool {
	for _, t := range ThemeIDs {
		if id == t {
			return true
		}
	}
	return strings.HasPrefix(id, QuizIDPrefix) || strings.HasPrefix(id, SlideIDPrefix)
}

// headingIDs makes heading ids as goldmark does, unique on the page, and never one of the
// theme's or a quiz's: "## Main" gets the id main-1, "## Quiz: roles" heading-quiz-roles.
type headingIDs struct{ parser.IDs }

func newHeadingIDs() *headingIDs {
	ids := &headingIDs{parser.NewContext().IDs()}
	for _, id := range ThemeIDs {
		ids.Put([]byte(id))
	}
	return ids
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	id := h.IDs.Generate(value, kind)
	if strings.HasPrefix(string(id), QuizIDPrefix) || strings.HasPrefix(string(id), SlideIDPrefix) {
		return h.IDs.Generate(append([]byte("heading "), value...), kind)
	}
	return id
}
