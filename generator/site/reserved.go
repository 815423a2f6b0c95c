package site

import (
	"net/url"
	"path"
	"strings"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/search"
	"kith/generator/tomlx"
)

// ownNames are the paths at a site's root that kith writes itself, whatever the site holds:
// files, and folders (ending in "/"). No page, section or file under content/ may write there,
// even where the site does not use the name yet (my-results/ appears with the first quiz).
// TestOwnNamesCoverEveryOutput keeps the list in step with what Outputs makes.
var ownNames = []string{"404.html", "sitemap.xml", "robots.txt", "assets/", "quizzes/", MyResultsPath, ClassResultsPath, search.Dir}

// OwnName returns the name of kith's own that an author's output path takes, or "".
func OwnName(p string) string {
	first, _, _ := strings.Cut(content.FoldName(p), "/")
	for _, own := range ownNames {
		if first == strings.TrimSuffix(own, "/") {
			return own
		}
	}
	return ""
}

// FromAuthor reports whether an output comes from a file the author wrote under content/.
func (o Output) FromAuthor() bool {
	return o.Kind == File || o.Page != nil && o.Page.File != ""
}

// clashes finds the author's outputs that take one of kith's own names, and outputs whose paths
// differ only in case or Unicode normalisation, or where one's file is another's folder: copied
// to Windows or macOS, or served from a shared drive, one would overwrite or hide the other.
// Outputs with exactly the same path are reported by Outputs itself.
func clashes(outs []Output) []*diag.Diagnostic {
	var ds []*diag.Diagnostic
	errorAt := func(o Output, format string, args ...any) {
		var pos tomlx.Pos
		if o.Page != nil {
			pos = o.Page.SlugAt
		}
		ds = append(ds, diag.Errorf(o.Source(), pos.Line, pos.Col, format, args...))
	}
	// A lesson's slides clash where the lesson does: say so once, for the lesson.
	clashed := map[*content.Page]bool{}
	repeats := func(o Output) bool { return o.Kind == Slides && clashed[o.Page] }
	byKey := map[string]Output{}
	for _, o := range outs {
		if o.FromAuthor() {
			if own := OwnName(o.Path); own != "" {
				if repeats(o) {
					continue
				}
				clashed[o.Page] = true
				errorAt(o, "writes %s, where kith writes its own %s: rename the file or folder, or give the page a different slug", o.Path, own)
				continue
			}
		}
		key := content.FoldName(o.Path)
		if prev, ok := byKey[key]; ok && prev.Path != o.Path {
			// Blame the author's file, and the slug that made the clash when one did.
			at, other := o, prev
			if !o.FromAuthor() || hasSlug(prev) && !hasSlug(o) {
				at, other = prev, o
			}
			if repeats(at) || repeats(other) {
				continue
			}
			clashed[at.Page], clashed[other.Page] = true, true
			errorAt(at, "writes %s, and %s writes %s: the two differ only in case or accents, and are one file on Windows and macOS; rename one of them or give one a different slug", at.Path, other.Source(), other.Path)
			continue
		}
		byKey[key] = o
	}
	for _, o := range outs {
		if !o.FromAuthor() || OwnName(o.Path) != "" {
			continue
		}
		for dir := path.Dir(o.Path); dir != "."; dir = path.Dir(dir) {
			if file, ok := byKey[content.FoldName(dir)]; ok {
				if !repeats(o) {
					clashed[o.Page] = true
					errorAt(o, "writes %s inside a folder named %s, which is also a file that %s writes: rename one of them", o.Path, dir, file.Source())
				}
				break
			}
		}
	}
	return ds
}

func hasSlug(o Output) bool { return o.Page != nil && o.Page.Slug != "" }

// hasHost reports whether the site's base_url names a host, so that the sitemap and robots.txt,
// which must hold absolute URLs, can be written.
func hasHost(cfg *config.Config) bool {
	u, err := url.Parse(cfg.BaseURL)
	return err == nil && u.Host != ""
}

// noSitemap is the warning for a site whose sitemap and robots.txt are left out.
func noSitemap() *diag.Diagnostic {
	d := diag.Errorf(config.FileName, 0, 0, "sitemap.xml and robots.txt are left out, since base_url names no host and they must hold full addresses: set base_url = \"https://your.school/toolkit/\" to the address the site will have")
	d.Severity = diag.Warning
	return d
}
