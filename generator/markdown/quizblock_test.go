package markdown

import (
	"slices"
	"testing"
)

// TestQuizIDs checks that the index of which pages use which quiz reads quiz blocks as the
// renderer embeds them, so a quiz's page lists exactly the lessons that show it.
func TestQuizIDs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src string
		want      []string
	}{
		{"backticks", "Text.\n\n```quiz\ncheck\n```\n", []string{"check"}},
		{"tildes and CRLF", "~~~quiz\r\ncheck\r\n~~~\r\n", []string{"check"}},
		{"indented, in a list", "- item\n\n  ```quiz\n  check\n  ```\n", []string{"check"}},
		{"two blocks in order", "```quiz\nb\n```\n\n```quiz\na\n```\n", []string{"b", "a"}},
		{"a block naming two quizzes embeds none", "```quiz\na b\n```\n", nil},
		{"an empty block embeds none", "```quiz\n```\n", nil},
		{"shown as code inside a longer fence", "````markdown\n```quiz\ncheck\n```\n````\n", nil},
		{"another language", "```toml\nquiz = 1\n```\n", nil},
		{"the word in prose", "A quiz follows.\n", nil},
	}
	for _, c := range cases {
		if got := QuizIDs([]byte(c.src)); !slices.Equal(got, c.want) {
			t.Errorf("%s: QuizIDs = %q, want %q", c.name, got, c.want)
		}
	}
}
