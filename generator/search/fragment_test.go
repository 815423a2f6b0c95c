package search

import (
	"fmt"
	"strings"
	"testing"

	"kith/generator/markdown"
)

// FuzzFragment: whatever a page's text, its sentences put back together are the text, and its
// fragment keeps at most maxFragment bytes of it, with its separators.
func FuzzFragment(f *testing.F) {
	f.Add("Fans wave. Fans wave! Fans sing “loudly.” Fans wave.")
	f.Add("e.g. 3.5 ... ?! “” ) ”. end")
	f.Add(strings.Repeat("Word. ", 20000))
	var unique strings.Builder // past maxFragment, every sentence with a new word
	for i := 0; unique.Len() < 2*maxFragment; i++ {
		fmt.Fprintf(&unique, "Word%d is new. ", i)
	}
	f.Add(unique.String())
	f.Fuzz(func(t *testing.T, s string) {
		text := strings.Join(strings.Fields(s), " ")
		var parts []string
		for sentence := range sentences(text) {
			if sentence == "" {
				t.Fatalf("an empty sentence in %q", text)
			}
			parts = append(parts, sentence)
		}
		if got := strings.Join(parts, " "); got != text {
			t.Fatalf("the sentences of %q put back together are %q", text, got)
		}
		idx := Build([]Page{{Path: "p/", Title: "T", Sections: []markdown.Section{{Text: text}, {ID: "h", Heading: "H", Text: text}}}}, "en")
		kept, pieces := 0, 0
		for _, d := range idx.Pages[0].Docs {
			kept += len(d.Text)
			for range sentences(d.Text) {
				pieces++
			}
		}
		// Each kept sentence comes with one separator at most: " ", " … " or a closing " …".
		if limit := maxFragment + pieces*len(" … "); kept > limit {
			t.Fatalf("the fragment keeps %d bytes of a page of %d; at most %d", kept, 2*len(text), limit)
		}
	})
}
