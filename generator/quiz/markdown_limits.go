package quiz

import (
	"fmt"

	"kith/generator/markdown"
)

// checkMarkdownLimits reports quiz text, rendered as Markdown, that goes past what kith renders:
// the theme would show it as written, as plain text, rather than let it hold a build for seconds.
func (c *checker) checkMarkdownLimits() {
	// table is where to point when the key itself cannot be placed.
	check := func(path, table, text string) {
		if err := markdown.CheckLimits([]byte(text)); err != nil {
			c.errorf(c.at(path, table), "%s, line %d of the text: %s", path, err.Line, err.Message)
		}
	}
	check("intro", "intro", c.f.Intro)
	for i, q := range c.f.Questions {
		p := fmt.Sprintf("questions[%d]", i)
		check(p+".prompt", p, q.Prompt)
		check(p+".explanation", p, q.Explanation)
		for j := range q.Options {
			o := fmt.Sprintf("%s.options[%d]", p, j)
			check(o+".text", o, c.f.Questions[i].Options[j].Text)
			check(o+".feedback", o, c.f.Questions[i].Options[j].Feedback)
		}
		for _, item := range q.Items {
			check(p+".items", p, item)
		}
	}
	for i, b := range c.f.Bands {
		check(fmt.Sprintf("bands[%d].advice", i), fmt.Sprintf("bands[%d]", i), b.Advice)
	}
}
