package pipeline

import "kith/internal/sitetest"

// writeSite writes a site of files (slash paths → contents) into a new folder and returns it.
var writeSite = sitetest.New

// sampleSite is a small site with nested sections, links of every kind, a draft, an image and
// a quiz.
func sampleSite() map[string]string {
	return map[string]string{
		"site.toml":                      "title = \"Sample toolkit\"\nbase_url = \"https://school.example/toolkit/\"\n",
		"content/_index.md":              "+++\ntitle = \"Welcome\"\n+++\nStart with [the basics](basics/_index.md) or [first steps](basics/first-steps.md#why-it-matters).\n",
		"content/basics/_index.md":       "+++\ntitle = \"Basics\"\nweight = 1\n+++\nThe basics.\n",
		"content/basics/first-steps.md":  "+++\ntitle = \"First steps\"\nweight = 1\nobjectives = [\"Define a term\"]\nduration = \"45 min\"\n+++\n## Why it matters\n\nSee [screens](../media/screens.md#deep-dive), [the root](/media/screens/) and ![a chart](chart.png).\n\n```quiz\ncheck\n```\n",
		"content/basics/second.md":       "+++\ntitle = \"Second\"\nweight = 2\n+++\nBack to [first](first-steps.md) and [home](/).\n",
		"content/basics/chart.png":       "not really a png",
		"content/basics/draft.md":        "+++\ntitle = \"Unfinished\"\ndraft = true\n+++\nNot yet.\n",
		"content/media/screens.md":       "+++\ntitle = \"Screens\"\nslug = \"screen-time\"\n+++\n## Deep dive\n\nText with a footnote.[^1] The [worksheet](work%20sheet.pdf).\n\n[^1]: A note.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
		"content/media/work sheet.pdf":   "%PDF-1.4 not really",
		"content/media/deeper/_index.md": "+++\ntitle = \"Deeper\"\n+++\nNested section.\n",
		"content/media/deeper/nested.md": "+++\ntitle = \"Nested\"\n+++\nUp to [screens](../screens.md).\n",
		"quizzes/check.toml":             "title = \"Check\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"Is it one-sided?\"\nanswer = true\n",
	}
}
