// Package export turns a site's knowledge checks into files a learning management system imports
// into its own quiz engine: Moodle XML (Moodle) and a QTI 1.2 package (Canvas).
//
// Only knowledge quizzes are exported. A self-assessment has no right answers and its answers are
// private to the student, so it has no place in a gradebook; Moodle and Canvas refuse one with
// ErrSelfAssessment. Text is rendered from Markdown with the same renderer the site uses for quiz
// text, raw HTML escaped, so the LMS shows what the site shows. A quiz's intro is left out: it is
// written for the site, where answers stay on the student's device, and in an LMS they do not.
// The output depends only on the quizzes: the same quizzes give the same bytes.
package export

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"

	"kith/generator/markdown"
	"kith/generator/quiz"
)

// ErrSelfAssessment is returned for a self-assessment given to Moodle or Canvas.
var ErrSelfAssessment = errors.New("a self-assessment is not a graded quiz: it has no right answers, and its answers stay on the student's device")

// SelfAssessmentReason explains, in words a teacher understands, why self-assessments stay on the site.
const SelfAssessmentReason = "self-assessments have no right answers, and their answers are private to the student, so they stay on the site and out of the gradebook"

// md renders quiz text as the theme's "inline" and "markdown" functions do: raw HTML escaped.
var md = markdown.New(markdown.Options{})

// inline renders a short piece of Markdown without its paragraph, as the site shows a prompt or an option.
func inline(s string) string { return string(md.Inline(s)) }

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plain is a short piece of Markdown as text without markup, for a place an LMS shows as plain
// text. Raw HTML in it was escaped by the renderer, so every tag removed is one Markdown made.
func plain(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(inline(s), "")) }

// block renders Markdown as the site shows an explanation or a feedback.
func block(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return strings.TrimSpace(string(md.Block(s)))
}

// checkKinds refuses any quiz that is not a knowledge check.
func checkKinds(quizzes []*quiz.Quiz) error {
	for _, q := range quizzes {
		if q.Kind != quiz.Knowledge {
			return fmt.Errorf("%s: %w", q.File, ErrSelfAssessment)
		}
	}
	return nil
}

// xmlSafe replaces what XML 1.0 cannot hold, even escaped (most control characters, invalid
// UTF-8, U+FFFE and U+FFFF), with U+FFFD, so a stray character in a quiz cannot make the whole
// file unreadable to the LMS.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r // strings.Map has already turned invalid UTF-8 into U+FFFD
		}
		return '\uFFFD'
	}, s)
}

// ident is a stable identifier for a part of the export: "g" and 32 hex digits, the form Canvas
// itself writes, made from the part's name (such as a quiz's id), so exporting the same quiz again
// gives the same identifiers.
func ident(parts ...string) string {
	sum := sha256.Sum256([]byte("kith/" + strings.Join(parts, "/")))
	return "g" + hex.EncodeToString(sum[:16])
}
