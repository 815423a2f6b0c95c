package quiz

import "testing"

// normalizeCases are shared with testdata/vectors.json, so the browser runtime checks the same
// edge cases.
var normalizeCases = []struct{ input, want string }{
	{"  Intimacy   at a DISTANCE!! ", "intimacy at a distance"},
	{"I don’t know", "i dont know"},
	{"I don't know.", "i dont know"},
	{"well-being", "wellbeing"},
	{"« Bonjour ! »", "bonjour"},
	{"¿Qué?", "qué"},
	{"CAFÉ MÜLLER", "café müller"},
	{"cafe\u0301", "cafe\u0301"},
	{"İSTANBUL", "istanbul"},
	{"ΟΔΟΣ", "οδοσ"},
	{"C++", "c++"},
	{"$5 ^ 2", "$5 ^ 2"},
	{"a\u00a0b\u2003c\td\r\ne\u2028f", "a b c d e f"},
	{"\u0085x\ufeff", "\u0085x\ufeff"},
	{"?!", ""},
	{"", ""},
}

func TestNormalizeAnswer(t *testing.T) {
	for _, c := range normalizeCases {
		if got := NormalizeAnswer(c.input); got != c.want {
			t.Errorf("NormalizeAnswer(%q) = %q; want %q", c.input, got, c.want)
		}
	}
}
