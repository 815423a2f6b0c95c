package preview

import (
	"bytes"
	"maps"
	"reflect"
	"slices"
	"strings"

	"kith/generator/content"
	"kith/generator/site"
	"kith/generator/theme"
)

// changes returns what differs between two loads of a site, old and now, as the identities
// outputs record when they read it. changed are the files the author touched: a copied file's
// bytes are not loaded, so they are known changed from there. links are the LinkTo keys the
// outputs recorded: each is resolved in both loads when what links may resolve to changed.
func changes(old, now *site.Site, changed, links []string) map[theme.Identity]bool {
	ids := map[theme.Identity]bool{}
	add := func(a theme.Aspect, key string) { ids[theme.Identity{Aspect: a, Key: key}] = true }

	oldPages, nowPages := pagesByKey(old.Content), pagesByKey(now.Content)
	for key := range union(oldPages, nowPages) {
		a, b := oldPages[key], nowPages[key]
		if a == nil || b == nil {
			for _, asp := range []theme.Aspect{theme.PageTitle, theme.PageMeta, theme.PageBody, theme.PagePath, theme.Checks} {
				add(asp, key)
			}
			continue
		}
		if old.Checks(a) != now.Checks(b) {
			add(theme.Checks, key)
		}
		if a.Title != b.Title {
			add(theme.PageTitle, key)
		}
		af, bf := a.FrontMatter, b.FrontMatter
		af.Title, bf.Title = "", ""
		if !reflect.DeepEqual(af, bf) || a.For != b.For {
			add(theme.PageMeta, key)
		}
		if !bytes.Equal(a.Body, b.Body) || a.BodyLine != b.BodyLine {
			add(theme.PageBody, key)
		}
		if a.Path != b.Path {
			add(theme.PagePath, key)
		}
	}
	if !slices.Equal(pageKeys(old.Content.Pages), pageKeys(now.Content.Pages)) || paths(old.Content.Pages) != paths(now.Content.Pages) {
		add(theme.AllPages, "")
	}
	for id := range ids {
		if id.Aspect == theme.PageTitle || id.Aspect == theme.PageMeta || id.Aspect == theme.PageBody || id.Aspect == theme.AllPages {
			add(theme.AnyText, "") // the search index holds every page's text
			break
		}
	}

	oldSections, nowSections := sectionsByDir(old.Content.Root), sectionsByDir(now.Content.Root)
	for dir := range union(oldSections, nowSections) {
		a, b := oldSections[dir], nowSections[dir]
		if a == nil || b == nil || theme.PageKey(a.Index) != theme.PageKey(b.Index) {
			add(theme.SectionIndex, dir)
		}
		if a == nil || b == nil || sectionShape(a) != sectionShape(b) {
			add(theme.SectionShape, dir)
		}
	}

	if !slices.Equal(old.QuizIDs(), now.QuizIDs()) {
		add(theme.QuizSet, "")
	}
	if (len(old.Quizzes) > 0) != (len(now.Quizzes) > 0) {
		add(theme.SomeQuiz, "")
	}
	for id := range union(old.Quizzes, now.Quizzes) {
		if !reflect.DeepEqual(old.Quizzes[id], now.Quizzes[id]) {
			add(theme.QuizData, id)
		}
		if !slices.Equal(pageKeys(old.UsedBy(id)), pageKeys(now.UsedBy(id))) {
			add(theme.QuizUsers, id)
		}
	}

	if urls(old) != urls(now) {
		for _, link := range links {
			key, dest, _ := strings.Cut(link, "\x00")
			a, b := oldPages[key], nowPages[key]
			if a == nil || b == nil {
				continue // the page's body is new or gone: it renders again anyway
			}
			root := strings.Repeat("../", strings.Count(b.Path, "/"))
			u1, m1, ok1 := old.Resolve(a, root, dest)
			u2, m2, ok2 := now.Resolve(b, root, dest)
			if u1 != u2 || m1 != m2 || ok1 != ok2 {
				add(theme.LinkTo, link)
			}
		}
	}
	oldCfg, nowCfg := *old.Config, *now.Config
	oldCfg.Strings, nowCfg.Strings = nil, nil
	if !reflect.DeepEqual(oldCfg, nowCfg) || old.PrettyURLs != now.PrettyURLs {
		add(theme.Config, "")
	}
	if old.Config.BaseURL != now.Config.BaseURL {
		add(theme.Config, "base_url")
	}
	if !maps.Equal(old.Theme.Strings, now.Theme.Strings) {
		add(theme.Strings, "")
	}
	for _, kind := range now.Theme.ChangedLayouts(old.Theme) {
		add(theme.Layout, kind)
	}
	if !slices.Equal(assetPaths(old.Theme), assetPaths(now.Theme)) {
		add(theme.Assets, "")
	}
	for _, f := range changed {
		if rel, ok := strings.CutPrefix(f, content.Dir+"/"); ok && !strings.HasSuffix(rel, ".md") {
			add(theme.CopiedFile, rel)
		}
	}
	return ids
}

func union[V any](a, b map[string]V) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func pagesByKey(c *content.Site) map[string]*content.Page {
	out := make(map[string]*content.Page, len(c.Pages))
	for _, p := range c.Pages {
		out[theme.PageKey(p)] = p
	}
	return out
}

func pageKeys(ps []*content.Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = theme.PageKey(p)
	}
	return out
}

func sectionsByDir(root *content.Section) map[string]*content.Section {
	out := map[string]*content.Section{}
	var walk func(*content.Section)
	walk = func(s *content.Section) {
		out[s.Dir] = s
		for _, sub := range s.Sections {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// sectionShape writes down what SectionShape names: its lessons in order (which also fixes
// each lesson's previous and next) and its sections. (Which page is its own is SectionIndex.)
func sectionShape(s *content.Section) string {
	var b strings.Builder
	for _, p := range s.Lessons {
		b.WriteString("\x00")
		b.WriteString(theme.PageKey(p))
	}
	b.WriteString("\x01")
	for _, sub := range s.Sections {
		b.WriteString("\x00")
		b.WriteString(sub.Dir)
	}
	return b.String()
}

// urls writes down everything a link in Markdown may resolve to, or be reported broken for
// (but a draft, which only an output with an error mentions):
// every page's file and URL, the copied files, the quizzes' pages, the files left out for errors.
func urls(s *site.Site) string {
	var b strings.Builder
	for _, p := range s.Content.Pages {
		b.WriteString(p.File + "\x00" + p.Path + "\x00")
	}
	b.WriteString("\x01")
	for _, f := range s.Content.Files {
		b.WriteString(f + "\x00")
	}
	b.WriteString("\x01")
	for _, id := range s.QuizIDs() {
		b.WriteString(id + "\x00")
	}
	b.WriteString("\x01")
	for _, f := range slices.Sorted(maps.Keys(s.Content.Unreadable)) {
		b.WriteString(f + "\x00")
	}
	// What the edition leaves out: a link to it becomes its text.
	b.WriteString("\x01")
	for _, f := range slices.Sorted(maps.Keys(s.Content.Withheld.ByFile)) {
		b.WriteString(f + "\x00")
	}
	for _, f := range slices.Sorted(maps.Keys(s.Content.Withheld.Files)) {
		b.WriteString(f + "\x00")
	}
	b.WriteString(strings.Join(s.Content.Withheld.Dirs, "\x00"))
	return b.String()
}

// paths writes down the URL of each page, in order.
func paths(ps []*content.Page) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Path + "\x00")
	}
	return b.String()
}

func assetPaths(t *theme.Theme) []string {
	out := make([]string, len(t.Assets))
	for i, a := range t.Assets {
		out[i] = a.Name + "\x00" + a.Path
	}
	return out
}
