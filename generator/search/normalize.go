package search

import (
	"strings"
	"unicode"

	"kith/generator/content"
)

// Normalize returns s as the index stores it and the browser compares it: lower case, accents
// and other combining marks removed, final sigma as sigma. search.js does the same with
// String.normalize("NFD"), so a student who types "cafe" finds "Café" and the other way round.
func Normalize(s string) string {
	folded := content.FoldName(s)
	var b strings.Builder
	b.Grow(len(folded))
	for _, r := range folded {
		switch {
		case unicode.Is(unicode.M, r):
		case r == 'ς':
			b.WriteRune('σ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words returns the words of s, normalised: runs of letters and digits, as search.js splits
// what a student types.
func Words(s string) []string {
	return strings.FieldsFunc(Normalize(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}
