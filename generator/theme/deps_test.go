package theme

import (
	"bytes"
	"html/template"
	"maps"
	"slices"
	"testing"

	"kith/generator/config"
	"kith/generator/content"
)

// TestTemplatesRecordWhatTheyRead renders a template that reads across the site through a view
// and checks the identities it recorded: what kith serve compares after an edit.
func TestTemplatesRecordWhatTheyRead(t *testing.T) {
	root := &content.Section{}
	sec := &content.Section{Dir: "a", Path: "a/", Parent: root}
	root.Sections = []*content.Section{sec}
	home := &content.Page{FrontMatter: content.FrontMatter{Title: "Home"}, File: "content/_index.md", Section: root, IsIndex: true}
	idx := &content.Page{FrontMatter: content.FrontMatter{Title: "A"}, Path: "a/", Section: sec, IsIndex: true} // made up: no _index.md
	one := &content.Page{FrontMatter: content.FrontMatter{Title: "One"}, File: "content/a/one.md", Path: "a/one/", Section: sec, Body: []byte("First.\n\nMore.")}
	two := &content.Page{FrontMatter: content.FrontMatter{Title: "Two", Description: "About two"}, File: "content/a/two.md", Path: "a/two/", Section: sec}
	root.Index, sec.Index, sec.Lessons = home, idx, []*content.Page{one, two}
	one.Next, two.Prev = two, one
	site := &SiteView{Config: &config.Config{Title: "T"}, Content: &content.Site{Root: root, Pages: []*content.Page{home, idx, one, two},
		ByFile: map[string]*content.Page{home.File: home, one.File: one, two.File: two}}}
	th := &Theme{templates: map[string]*template.Template{}}
	tmpl := template.Must(template.New("x").Parse(`{{with .Site.Content.Page "content/a/one.md"}}{{.Summary}}{{end}}` +
		`{{range .Page.Section.Lessons}}{{.Title}}{{end}}{{with .Page.Prev}}{{.Description}}{{end}}{{.Site.Config.Title}}`))
	var deps Deps
	v := th.NewView(site, "lesson", two, false, "", &deps)
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, v); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "First.OneTwoT" {
		t.Fatalf("rendered %q", got)
	}
	var got []string
	for id := range deps.own {
		got = append(got, id.String())
	}
	slices.Sort(got)
	want := []string{"body:content/a/one.md", "config", "meta:content/a/one.md", "path:content/a/one.md", "section:a", "title:content/a/one.md", "title:content/a/two.md"}
	if !slices.Equal(got, want) {
		t.Errorf("recorded %v, want %v", got, want)
	}
}

// TestIndexFindsRendersThroughSharedPieces checks that a render is found by what a piece it
// shares with others (the navigation, a quiz) read, and that Reader answers for it.
func TestIndexFindsRendersThroughSharedPieces(t *testing.T) {
	title := func(f string) Identity { return Identity{PageTitle, f} }
	var nav, page1, page2, page3 Deps
	nav.Add(title("content/a/one.md"))
	page1.Add(Identity{PageBody, "content/a/one.md"})
	page1.Include(&nav)
	page2.Include(&nav)
	page3.Add(title("content/b/three.md"))
	x := NewIndex()
	for i, d := range []*Deps{&page1, &page2, &page3} {
		x.Add(i, d)
	}
	for _, c := range []struct {
		changed Identity
		want    []int
	}{
		{title("content/a/one.md"), []int{0, 1}},
		{Identity{PageBody, "content/a/one.md"}, []int{0}},
		{title("content/b/three.md"), []int{2}},
		{title("content/c/none.md"), nil},
	} {
		changed := map[Identity]bool{c.changed: true}
		r := NewReader(changed)
		var got []int
		for _, i := range slices.Sorted(maps.Keys(x.Candidates(changed))) {
			if r.Read([]*Deps{&page1, &page2, &page3}[i]) {
				got = append(got, i)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s changed: found %v, want %v", c.changed, got, c.want)
		}
	}
}
