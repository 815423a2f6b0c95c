package theme

import (
	"html/template"
	"slices"
	"strings"
	"text/template/parse"
)

// A page reads the templates it can reach from its layout: base.html (unless it is one of
// Documents), the kind's own file, and every template reachable through {{template}} and
// {{block}}. Go templates name the templates they call with constants, so what a layout can
// reach is known from the parse trees alone. Each reachable template is kept with a fingerprint
// of its parse tree and where it starts, so that when a partial changes, only the kinds (and the
// partials rendered on their own: the navigation, an embedded quiz) that reach a template whose
// text or position changed render again, not every page.

// reachable returns the templates entry can reach within tmpl's set, entry included, each with
// its fingerprint.
func reachable(tmpl *template.Template, entry string) map[string]string {
	found := map[string]string{}
	var visit func(name string)
	visit = func(name string) {
		if _, seen := found[name]; seen {
			return
		}
		found[name] = "" // a call of a template that does not exist fails when it runs
		t := tmpl.Lookup(name)
		if t == nil || t.Tree == nil || t.Tree.Root == nil {
			return
		}
		// Where it starts, so that an error message's line stays true; then what it does.
		at, _ := t.Tree.ErrorContext(t.Tree.Root)
		found[name] = at + "\n" + t.Tree.Root.String()
		walkCalls(t.Tree.Root, visit)
	}
	visit(entry)
	return found
}

// walkCalls calls call with the name of every template n invokes.
func walkCalls(n parse.Node, call func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkCalls(c, call)
		}
	case *parse.TemplateNode:
		call(n.Name)
	case *parse.IfNode:
		walkCalls(n.List, call)
		walkCalls(n.ElseList, call)
	case *parse.RangeNode:
		walkCalls(n.List, call)
		walkCalls(n.ElseList, call)
	case *parse.WithNode:
		walkCalls(n.List, call)
		walkCalls(n.ElseList, call)
	}
}

// PartialKey is the Key of the Layout identity that output rendering the partial name
// ("quiz.html") on its own reads, as the navigation and an embedded quiz do.
func PartialKey(name string) string { return "partials/" + name }

// computeReach records, for every kind and every partial rendered on its own, the templates it
// can reach. It runs before any template is executed: html/template rewrites the trees then.
func (t *Theme) computeReach() {
	t.reach = map[string]map[string]string{}
	for kind, tmpl := range t.templates {
		entry := "base.html"
		if slices.Contains(Documents, kind) {
			entry = kind + ".html"
		}
		t.reach[kind] = reachable(tmpl, entry)
	}
	// Partials rendered on their own run in the lesson layout's set (RenderPartial, Nav).
	if lesson, ok := t.templates["lesson"]; ok {
		for name := range t.sources {
			if rel, ok := strings.CutPrefix(name, "layouts/"); ok && strings.HasPrefix(rel, "partials/") {
				t.reach[rel] = reachable(lesson, rel)
			}
		}
	}
}
