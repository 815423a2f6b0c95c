// Package readability measures how hard English prose is to read, as the Flesch–Kincaid grade:
// the school grade (US) whose students can usually read the text. It is an estimate from the
// length of sentences and words, not a judgement of the writing.
package readability

import (
	"math"
	"strings"
	"unicode"
)

// Stats are the counts a grade is computed from.
type Stats struct {
	Sentences int
	Words     int
	Syllables int
}

// Add counts one block of prose — a paragraph, a heading, a list item or a table cell. A block
// always ends a sentence, since a heading or a list item seldom ends with a full stop.
func (s *Stats) Add(block string) {
	words, sentences := 0, 0
	inSentence := false
	fields := strings.FieldsFunc(block, func(r rune) bool { return unicode.IsSpace(r) })
	for i, f := range fields {
		for _, w := range splitWord(f) {
			words++
			s.Syllables += syllables(w)
			inSentence = true
		}
		if inSentence && endsSentence(f, i == len(fields)-1) {
			sentences++
			inSentence = false
		}
	}
	if inSentence {
		sentences++
	}
	s.Words += words
	s.Sentences += sentences
}

// Grade is the Flesch–Kincaid grade level, rounded to one decimal; 0 for no words.
func (s Stats) Grade() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	g := 0.39*float64(s.Words)/float64(s.Sentences) + 11.8*float64(s.Syllables)/float64(s.Words) - 15.59
	return math.Round(g*10) / 10
}

// Grade measures one piece of prose.
func Grade(text string) float64 {
	var s Stats
	s.Add(text)
	return s.Grade()
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"e.g.": true, "i.e.": true, "etc.": true, "vs.": true, "al.": true, "dr.": true, "mr.": true,
	"mrs.": true, "ms.": true, "p.": true, "pp.": true, "no.": true, "cf.": true, "approx.": true,
}

func endsSentence(field string, last bool) bool {
	f := strings.TrimRightFunc(field, func(r rune) bool {
		return strings.ContainsRune(`"')]}”’»*_`, r)
	})
	if f == "" || !strings.ContainsRune(".!?…", rune(f[len(f)-1])) && !strings.HasSuffix(f, "…") {
		return false
	}
	if abbreviations[strings.ToLower(f)] {
		return false
	}
	// A single capital followed by a full stop is an initial, as in "J. Smith" — unless it ends the block.
	if len(f) == 2 && f[1] == '.' && unicode.IsUpper(rune(f[0])) && !last {
		return false
	}
	return true
}

// splitWord returns the words inside a whitespace-separated field: "one-and-a-half" is four,
// "don't" is one, "1956" is one, and a field of punctuation alone is none.
func splitWord(field string) []string {
	words := strings.FieldsFunc(field, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '.')
	})
	out := words[:0]
	for _, w := range words {
		if w = strings.Trim(w, ".'’"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// syllables estimates the syllables of an English word from its groups of vowels. Numbers
// count a syllable a digit, about what reading them aloud takes.
func syllables(word string) int {
	w := strings.ToLower(strings.Trim(word, "'’"))
	w = strings.NewReplacer("'", "", "’", "").Replace(w)
	digits, letters := 0, 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			digits++
		} else {
			letters++
		}
	}
	if letters == 0 {
		return max(digits, 1)
	}
	if len(w) <= 3 {
		return 1
	}
	// A silent e before an ending stays silent: "lonely", "sometimes", "statement".
	for _, suffix := range []string{"ly", "ness", "ment", "ful", "less", "s"} {
		if base, ok := strings.CutSuffix(w, suffix); ok && len(base) > 3 && strings.HasSuffix(base, "e") &&
			!strings.HasSuffix(base, "le") && !strings.HasSuffix(base, "ee") && !strings.HasSuffix(base, "ie") &&
			!(suffix == "s" && strings.ContainsRune("scgzh", rune(base[len(base)-2]))) {
			extra := 1
			if suffix == "s" {
				extra = 0
			}
			return syllables(base) + extra
		}
	}
	n := 0
	prevVowel := false
	runes := []rune(w)
	for i, r := range runes {
		v := isVowel(r, i, runes)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	// A final e is usually silent ("make", "these"), but not after a consonant and l ("table").
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && !strings.HasSuffix(w, "ee") && n > 1 {
		n--
	}
	// "-ed" after anything but t or d adds no syllable ("played", but "wanted").
	if strings.HasSuffix(w, "ed") && len(w) > 3 && !strings.ContainsRune("td", rune(w[len(w)-3])) && n > 1 && !isVowel(rune(w[len(w)-3]), len(runes)-3, runes) {
		n--
	}
	// "-es" after most consonants is silent too ("makes"), but not after s, x, z, ch, sh ("buses").
	if strings.HasSuffix(w, "es") && len(w) > 3 && n > 1 {
		prev := w[:len(w)-2]
		if !strings.HasSuffix(prev, "s") && !strings.HasSuffix(prev, "x") && !strings.HasSuffix(prev, "z") &&
			!strings.HasSuffix(prev, "ch") && !strings.HasSuffix(prev, "sh") && !strings.HasSuffix(prev, "g") &&
			!strings.HasSuffix(prev, "c") && !isVowel(rune(prev[len(prev)-1]), len(prev)-1, []rune(prev)) {
			n--
		}
	}
	// Two vowels sounded apart: "media", "radio", "actual", "video", "audience", "create", "idea" —
	// but not "-tion", "-cial", "quality".
	for i := 1; i+1 < len(runes); i++ {
		pair, prev := string(runes[i:i+2]), runes[i-1]
		rest := string(runes[i+2:])
		switch {
		case (pair == "ia" || pair == "io") && !strings.ContainsRune("tscgx", prev),
			(pair == "ua" || pair == "uo") && prev != 'q',
			pair == "eo" && rest == "",
			pair == "ie" && strings.HasPrefix(rest, "nc"),
			pair == "ue" && strings.HasPrefix(rest, "n"),
			pair == "ea" && (rest == "" || strings.HasPrefix(rest, "te") || strings.HasPrefix(rest, "tor")):
			n++
		}
	}
	return max(n, 1)
}

// isVowel reports whether the rune at i sounds as a vowel: y counts unless it starts the word.
func isVowel(r rune, i int, word []rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'é', 'è', 'ê', 'á', 'à', 'í', 'ó', 'ú', 'ü', 'ö', 'ä':
		return true
	case 'y':
		return i > 0
	}
	return false
}
