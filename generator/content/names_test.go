package content

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestNamesThatBreakURLsOrClashAreErrors(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		"lessons/Intro.md", "lessons/intro.md", // case
		"lessons/caf\u00e9.md", "lessons/cafe\u0301.md", // composed and decomposed é
		"lessons/q&a?.md", "lessons/100%.pdf", "lessons/a#b.png", "lessons/tab\tname.md",
		"Media/a.png", "media/b.png", // folders that differ in case: reported once, at the folder
		"lessons/con.txt", "lessons/fine name.md",
	}
	for _, f := range files {
		p := filepath.Join(dir, "content", filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("+++\ntitle = \"x\"\n+++\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, ds := Load(dir, false, All)
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	want := []string{
		`content/lessons/100%.pdf: error: the name holds '%', which means something else in a web address (an escaped character): rename it using letters, digits and hyphens`,
		`content/lessons/a#b.png: error: the name holds '#', which means something else in a web address (the start of an anchor): rename it using letters, digits and hyphens`,
		"content/lessons/caf\u00e9.md: error: the name differs from content/lessons/cafe\u0301.md only in how its accents are encoded (Unicode normalisation), and Windows and macOS keep one file for both: rename one of them",
		`content/lessons/con.txt: error: the name "con" is a device on Windows, where the site could not be copied: rename it`,
		`content/lessons/intro.md: error: the name differs from content/lessons/Intro.md only in upper and lower case, and Windows and macOS keep one file for both: rename one of them`,
		`content/lessons/q&a?.md: error: the name holds '?', which means something else in a web address (the start of a query): rename it using letters, digits and hyphens`,
		`content/lessons/tab\tname.md: error: the name holds the control character '\t': rename it using letters, digits and hyphens`,
		`content/media/: error: the name differs from content/Media/ only in upper and lower case, and Windows and macOS keep one file for both: rename one of them`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFoldName(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"Résumé.md", "re\u0301sume\u0301.md"},
		{"\uAC00.md", "\u1100\u1161.md"},         // a Hangul syllable and its letters
		{"a\u0323\u0302.md", "a\u0302\u0323.md"}, // marks in either order
		{"\u1EAD.md", "a\u0323\u0302.md"},        // ậ precomposed
		{"ÅNGSTRÖM", "\u212Bngstro\u0308m"},      // the Ångström sign is A with ring
	} {
		if FoldName(c.a) != FoldName(c.b) {
			t.Errorf("%q and %q are one name on macOS, but fold to %q and %q", c.a, c.b, FoldName(c.a), FoldName(c.b))
		}
	}
	if FoldName("resume.md") == FoldName("résumé.md") {
		t.Errorf("names that differ in their letters must stay apart")
	}
}

// FuzzNFD checks nfd against the plain form it had before it learned to skip text that has
// nothing to decompose: every character looked up, every string rebuilt.
func FuzzNFD(f *testing.F) {
	for _, s := range []string{"Café", "cafe\u0301", "“quoted” — dash", "한국어", "a\u0328\u0301", "\xff\xfe", "\uFFFD", "plain", "Ω ω ς"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := nfd(s), nfdEveryRune(s); got != want {
			t.Errorf("nfd(%q) = %q, want %q", s, got, want)
		}
	})
}

func nfdEveryRune(s string) string {
	var out []rune
	for _, r := range s {
		switch {
		case r >= hangulBase && r < hangulBase+hangulCount:
			i := r - hangulBase
			out = append(out, 0x1100+i/(21*28), 0x1161+i%(21*28)/28)
			if t := i % 28; t != 0 {
				out = append(out, 0x11A7+t)
			}
		case nfdTable[r] != "":
			out = append(out, []rune(nfdTable[r])...)
		default:
			out = append(out, r)
		}
	}
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && combiningClass[out[j]] != 0 {
			j++
		}
		if j > i+1 {
			run := out[i:j]
			sort.SliceStable(run, func(a, b int) bool { return combiningClass[run[a]] < combiningClass[run[b]] })
		}
		i = max(j, i+1)
	}
	return string(out)
}
