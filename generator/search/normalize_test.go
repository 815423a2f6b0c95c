package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"kith/generator/content"
)

// FuzzNormalize checks Normalize and Words, and their shortcuts for ASCII, against the forms
// they replaced.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Don't—stop: the café's 2019 AI!", "parasocial (PSR)", "A_b-c\td\x00e\x7fF9", "", " x ", "ΣΟΦΙΑΣ",
		"CAFE\u0301 ß ǅ ﬁ İ", "bad \xff\xfe utf-8 \u00e9\u0301\u0327", "’twas"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalize(s), normalizeEachRune(s); got != want {
			t.Errorf("Normalize(%q) = %q; rune by rune it is %q", s, got, want)
		}
		if got, want := Words(s), strings.FieldsFunc(normalizeEachRune(s), notInWord); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q; the general form gives %q", s, got, want)
		}
	})
}

// normalizeEachRune is normalize as it was written first, rune by rune: what FuzzNormalize
// compares normalize with.
func normalizeEachRune(s string) string {
	var b strings.Builder
	for _, r := range content.FoldName(s) {
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
