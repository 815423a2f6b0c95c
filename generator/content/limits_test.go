package content

import (
	"strings"
	"testing"
)

// TestFrontMatterPastTheLimitsIsRefusedAtItsLine: a page whose front matter nests thousands of
// levels deep took gigabytes to decode; it is refused at once, at the file's own line.
func TestFrontMatterPastTheLimitsIsRefusedAtItsLine(t *testing.T) {
	t.Parallel()
	src := "+++\ntitle = \"Deep\"\nx = " + strings.Repeat("{a=", 8000) + "1" + strings.Repeat("}", 8000) + "\n+++\nBody\n"
	_, _, _, ds := ParseFrontMatter("content/deep.md", []byte(src))
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), "content/deep.md:3:") || !strings.Contains(ds[0].Message, "levels deep") {
		t.Fatalf("got %v; want the nesting refused on line 3", ds)
	}
}
