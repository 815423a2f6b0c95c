package quiz

import (
	"strings"
	"unicode"
)

// NormalizeAnswer is what a short answer is compared by: a student's answer is right when its
// normal form equals the normal form of an accept entry. The rule works on Unicode code points,
// in four steps, so that the browser runtime can reproduce it exactly:
//
//  1. Lowercase each code point by its simple lowercase mapping (UnicodeData.txt), one code
//     point at a time: no context, so final sigma is not special, and U+0130 "İ" becomes "i".
//  2. Delete every punctuation code point, general category P (Pc, Pd, Ps, Pe, Pi, Pf, Po):
//     "don’t" and "don't" both become "dont", "well-being" becomes "wellbeing". Symbols
//     (category S, such as + $ ^) are kept, so "C++" stays "c++".
//  3. Replace each run of whitespace with one U+0020 space. Whitespace is exactly U+0009–U+000D
//     and general category Z (Zs, Zl, Zp); U+0085 and U+FEFF are not whitespace here.
//  4. Remove one leading and one trailing U+0020 space, if there are any.
//
// No Unicode normalization (NFC) is applied: "é" written as one code point and as "e" plus a
// combining accent differ. Letters keep their accents: "café" does not match "cafe".
//
// In JavaScript:
//
//	const lower = c => c === "\u0130" ? "i" : c.toLowerCase();
//	Array.from(s, lower).join("")
//	  .replace(/\p{P}/gu, "")
//	  .replace(/[\t\n\v\f\r\p{Z}]+/gu, " ")
//	  .replace(/^ | $/g, "");
//
// (String.prototype.toLowerCase applied to a single code point is its simple mapping except for
// U+0130, whose full mapping adds a combining dot.) Go and the browser agree on every code point
// assigned by Unicode 15.0, the version of Go's tables.
func NormalizeAnswer(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case unicode.IsPunct(r):
			continue
		case isAnswerSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isAnswerSpace is the whitespace of NormalizeAnswer: U+0009–U+000D and category Z.
func isAnswerSpace(r rune) bool {
	return r >= '\t' && r <= '\r' || unicode.In(r, unicode.Z)
}
