package quiz

import (
	"strings"
	"testing"
)

// TestParseRefusesDeepQuizAtOnce: a quiz nesting thousands of levels took gigabytes in the TOML
// library, in Decode and again in the second look Parse takes at a file with errors.
func TestParseRefusesDeepQuizAtOnce(t *testing.T) {
	t.Parallel()
	src := "title = \"Deep\"\n\n[[questions]]\nprompt = " + strings.Repeat("{a=", 4000) + "1" + strings.Repeat("}", 4000) + "\n"
	q, ds := Parse("quizzes/deep.toml", "deep", []byte(src))
	if q != nil || len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), "quizzes/deep.toml:4:") || !strings.Contains(ds[0].Message, "levels deep") {
		t.Fatalf("got %v; want the nesting refused on line 4", ds)
	}
}

// TestParseReportsQuizTextPastTheMarkdownLimits: quiz text is Markdown; text that goldmark would
// chew on for seconds is an error at the key that holds it.
func TestParseReportsQuizTextPastTheMarkdownLimits(t *testing.T) {
	t.Parallel()
	src := "title = \"Deep\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nanswer = true\nprompt = \"" +
		strings.Repeat("> ", 40) + "Too deep?\"\n"
	q, ds := Parse("quizzes/deep.toml", "deep", []byte(src))
	want := "quizzes/deep.toml:7:1: error: questions[0].prompt, line 1 of the text: more than 32 block quote and list markers"
	if q != nil || len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), want) {
		t.Fatalf("got %v; want %q...", ds, want)
	}
}
