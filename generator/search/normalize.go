package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"kith/generator/content"
)

// Normalize returns s as the index stores it and the browser compares it: lower case, accents
// and other combining marks removed, final sigma as sigma. search.js does the same with
// String.normalize("NFD"), so a student who types "cafe" finds "Café" and the other way round.
func Normalize(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // nothing to decompose, no marks, no sigma
	}
	return normalize(s)
}

// normalize is Normalize for any text. It copies the folded text in runs between the runes it
// drops or changes, which are rare: most text has no combining mark below U+0300.
func normalize(s string) string {
	folded := content.FoldName(s)
	var b strings.Builder
	start := 0
	for i, r := range folded {
		if r < firstMark {
			continue
		}
		mark := unicode.Is(unicode.M, r)
		if !mark && r != 'ς' {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(folded))
		}
		b.WriteString(folded[start:i])
		if !mark {
			b.WriteRune('σ')
		}
		start = i + utf8.RuneLen(r) // FoldName's text is UTF-8: a byte that was not is U+FFFD
	}
	if start == 0 {
		return folded
	}
	b.WriteString(folded[start:])
	return b.String()
}

// firstMark is the first combining mark (U+0300, combining grave accent).
const firstMark = 0x300

// Words returns the words of s, normalised: runs of letters and digits, as search.js splits
// what a student types.
func Words(s string) []string {
	if isASCII(s) {
		return asciiWords(strings.ToLower(s))
	}
	return strings.FieldsFunc(normalize(s), notInWord)
}

// notInWord reports whether r separates words.
func notInWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// asciiWords is strings.FieldsFunc(s, notInWord) for ASCII text, without its bookkeeping: most
// of a site's text is ASCII, and the index reads all of it.
func asciiWords(s string) []string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isWordByte(s[i]) && (i == 0 || !isWordByte(s[i-1])) {
			n++
		}
	}
	out := make([]string, 0, n)
	for i := 0; i < len(s); {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		start := i
		for i < len(s) && isWordByte(s[i]) {
			i++
		}
		if i > start {
			out = append(out, s[start:i])
		}
	}
	return out
}

// isWordByte reports whether an ASCII byte is a letter or a digit.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
