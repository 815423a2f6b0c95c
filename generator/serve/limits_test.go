package serve

import (
	"strings"
	"testing"
)

// TestSavePastALimitShowsTheErrorAndALaterSaveBuilds: Markdown and TOML that goldmark or the
// TOML library would chew on for seconds (a 125 KB line of "- - -" took 19 s; 8,000 levels of
// {a= in front matter 4.5 GB) must not hold the rebuild loop: the tab shows the error at its
// line, the last good build is still served, and the next good save builds.
func TestSavePastALimitShowsTheErrorAndALaterSaveBuilds(t *testing.T) {
	const front = "+++\ntitle = \"First lesson\"\nweight = 1\n+++\n"
	cases := []struct {
		name, lesson, want string
	}{
		{"a line of nested lists", front + strings.Repeat("- ", 62500) + "a\n",
			"content/lessons/first.md:5:65: error: more than 32 block quote and list markers"},
		{"front matter nested too deep", "+++\ntitle = \"First lesson\"\nx = " + strings.Repeat("{a=", 8000) + "1" + strings.Repeat("}", 8000) + "\n+++\nText.\n",
			"content/lessons/first.md:3:"},
	}
	srv, dir := startServer(t, previewSite, Options{})
	page := "http://" + srv.Addr() + "/toolkit/lessons/first/"
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, body := get(t, page)
			ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
			put(t, dir, "content/lessons/first.md", c.lesson)
			m := expect(t, ch, "errors")
			if len(m.Errors) != 1 || !strings.HasPrefix(m.Errors[0].Text, c.want) {
				t.Fatalf("errors %+v; want one starting %q", m.Errors, c.want)
			}
			if res, now := get(t, page); res.StatusCode != 200 || now != body {
				t.Fatalf("during the error the page is not the last good build")
			}
			text := "Fixed, time " + string(rune('1'+i)) + "."
			put(t, dir, "content/lessons/first.md", front+text+"\n")
			expect(t, ch, "ok")
			if res, now := get(t, page); res.StatusCode != 200 || !strings.Contains(now, text) {
				t.Fatalf("after the good save the page is %d without %q", res.StatusCode, text)
			}
		})
	}
}
