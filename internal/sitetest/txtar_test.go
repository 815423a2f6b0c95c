package sitetest

import (
	"maps"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	got := Parse("A comment.\n-- site.toml --\ntitle = \"T\"\n-- content/work sheet.pdf --\n-- content/a.md --\r\n+++\ntitle = \"A\"\n+++\nText -- not a marker --\n")
	want := map[string]string{
		"site.toml":              "title = \"T\"\n",
		"content/work sheet.pdf": "",
		"content/a.md":           "+++\ntitle = \"A\"\n+++\nText -- not a marker --\n",
	}
	if !maps.Equal(got, want) {
		t.Errorf("Parse = %q, want %q", got, want)
	}
}
