// Package theme loads a site's theme: the default theme embedded in the binary, with any file a
// site's own themes/<name>/ folder holds taking its place. It parses the layouts, hashes the
// assets and gathers the strings the theme shows, in the site's language.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"kith/generator/config"
	"kith/generator/diag"
	"kith/generator/sitefs"
	"kith/generator/tomlx"
	"kith/themes"
)

// Layouts are the page kinds a theme renders, each from layouts/<kind>.html inside layouts/base.html,
// except Documents.
var Layouts = []string{"home", "section", "lesson", "quiz", "my-results", "class-results", "404", "slides"}

// Documents are the layouts that are whole pages of their own, not set inside base.html: slides
// have no site header, navigation or footer. They may still use the partials.
var Documents = []string{"slides"}

// Theme is a loaded theme, ready to render pages.
type Theme struct {
	Name    string
	Strings map[string]string // every string the theme shows, in the site's language
	Assets  []Asset           // files to publish under assets/, with hashed names
	// Files maps each theme file that was read to where it came from: "embedded" or the
	// site-relative path of the override, so a change to it can be traced.
	Files     map[string]string
	templates map[string]*template.Template
	sources   map[string]string            // each layout's and partial's text, by name: "layouts/base.html"
	reach     map[string]map[string]string // the templates each kind and partial can reach (reach.go)
	assetURL  map[string]string
	nav       navCache
}

// Asset is a theme file published with its content hash in its name.
type Asset struct {
	Name string // the name templates ask for: "style.css"
	Path string // the output path: "assets/style.3f9a2c1d.css"
	Data []byte
}

// overlay reads a file from the site's theme folder, falling back to the embedded default.
type overlay struct {
	site     fs.FS // nil when the site has no folder for the theme
	siteDir  string
	embedded fs.FS
	files    map[string]string
}

func (o *overlay) read(name string) ([]byte, error) {
	if o.site != nil {
		data, err := fs.ReadFile(o.site, name)
		if err == nil {
			o.files[name] = path.Join(o.siteDir, name)
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	data, err := fs.ReadFile(o.embedded, name)
	if err == nil {
		o.files[name] = "embedded"
	}
	return data, err
}

// list returns the names of the files in dir, from both layers, sorted.
func (o *overlay) list(dir string) []string {
	seen := map[string]bool{}
	for _, fsys := range []fs.FS{o.site, o.embedded} {
		if fsys == nil {
			continue
		}
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !sitefs.Ignored(d.Name()) {
				seen[p] = true
			}
			return nil
		})
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Load loads the theme cfg.Theme for the site in siteDir. funcs are added to the templates'
// functions; the theme adds "t", which looks up one of its strings.
func Load(siteDir string, cfg *config.Config, funcs template.FuncMap) (*Theme, []*diag.Diagnostic) {
	embedded, _ := fs.Sub(themes.Default, "default")
	o := &overlay{embedded: embedded, files: map[string]string{}, siteDir: sitefs.ThemeDir(cfg.Theme)}
	dir := filepath.Join(siteDir, filepath.FromSlash(sitefs.ThemeDir(cfg.Theme)))
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		o.site = sitefs.FS(siteDir, o.siteDir)
	} else if cfg.Theme != "default" {
		return nil, []*diag.Diagnostic{diag.Errorf(config.FileName, 0, 0,
			"theme %q not found: create the folder themes/%s, or remove the theme key to use the default theme", cfg.Theme, cfg.Theme)}
	}
	t := &Theme{Name: cfg.Theme, Files: o.files, templates: map[string]*template.Template{}, sources: map[string]string{}, assetURL: map[string]string{}}
	var ds []*diag.Diagnostic
	t.Strings, ds = loadStrings(o, cfg)
	for _, name := range o.list("assets") {
		data, err := o.read(name)
		if err != nil {
			ds = append(ds, diag.Errorf(o.origin(name), 0, 0, "cannot read: %v", err))
			continue
		}
		sum := sha256.Sum256(data)
		rel := strings.TrimPrefix(name, "assets/")
		ext := path.Ext(rel)
		out := "assets/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		t.Assets = append(t.Assets, Asset{Name: rel, Path: out, Data: data})
		t.assetURL[rel] = out
	}
	all := template.FuncMap{"t": t.T, "sectionView": newSectionView, "sectionList": newSectionList,
		// The functions for progress marks and slides, which record what they read.
		"checks": checksOf, "sectionChecks": sectionChecks, "checkedLessons": checkedLessons, "slides": slidesURL}
	for k, v := range funcs {
		all[k] = v
	}
	ds = append(ds, t.parse(o, all)...)
	t.computeReach()
	return t, ds
}

func (o *overlay) origin(name string) string {
	if f, ok := o.files[name]; ok && f != "embedded" {
		return f
	}
	if o.site != nil {
		if _, err := fs.Stat(o.site, name); err == nil {
			return path.Join(o.siteDir, name)
		}
	}
	return "themes/default/" + name
}

func (t *Theme) parse(o *overlay, funcs template.FuncMap) []*diag.Diagnostic {
	var ds []*diag.Diagnostic
	base := template.New("base.html").Funcs(funcs)
	for _, name := range append([]string{"layouts/base.html"}, o.list("layouts/partials")...) {
		src, err := o.read(name)
		if err != nil {
			ds = append(ds, diag.Errorf(o.origin(name), 0, 0, "cannot read the layout: %v", err))
			continue
		}
		t.sources[name] = string(src)
		tmpl := base
		if name != "layouts/base.html" {
			tmpl = base.New(strings.TrimPrefix(name, "layouts/"))
		}
		if _, err := tmpl.Parse(string(src)); err != nil {
			ds = append(ds, templateError(o.origin(name), err))
		}
	}
	if len(ds) > 0 {
		return ds
	}
	for _, kind := range Layouts {
		name := "layouts/" + kind + ".html"
		src, err := o.read(name)
		if err != nil {
			ds = append(ds, diag.Errorf(o.origin(name), 0, 0, "cannot read the layout: %v", err))
			continue
		}
		t.sources[name] = string(src)
		tmpl, _ := base.Clone()
		if _, err := tmpl.New(kind + ".html").Parse(string(src)); err != nil {
			ds = append(ds, templateError(o.origin(name), err))
			continue
		}
		t.templates[kind] = tmpl
	}
	return ds
}

// templateError turns "template: x.html:12: ..." into a diagnostic at that line.
func templateError(file string, err error) *diag.Diagnostic {
	msg := err.Error()
	var line int
	if _, rest, ok := strings.Cut(msg, ".html:"); ok {
		fmt.Sscanf(rest, "%d", &line)
		if _, after, ok := strings.Cut(rest, ": "); ok {
			msg = after
		}
	}
	return diag.Errorf(file, line, 0, "template: %s", msg)
}

// ResetCache forgets the navigation rendered so far, for a rebuild after the site changed.
func (t *Theme) ResetCache() { t.nav = navCache{} }

// ChangedLayouts returns the keys of the Layout identities whose templates differ from old's:
// the page kinds, then the partials rendered on their own ("partials/quiz.html"), that reach a
// template whose text or position changed, or reach other templates than before.
func (t *Theme) ChangedLayouts(old *Theme) []string {
	keys := maps.Clone(t.reach)
	maps.Copy(keys, old.reach)
	var kinds, partials []string
	for key := range keys {
		switch {
		case maps.Equal(t.reach[key], old.reach[key]):
		case strings.HasPrefix(key, "partials/"):
			partials = append(partials, key)
		default:
			kinds = append(kinds, key)
		}
	}
	slices.SortFunc(kinds, func(a, b string) int { return slices.Index(Layouts, a) - slices.Index(Layouts, b) })
	slices.Sort(partials)
	return append(kinds, partials...)
}

// Render renders a page of the given kind with data into w.
func (t *Theme) Render(w io.Writer, kind string, data any) error {
	tmpl, ok := t.templates[kind]
	if !ok {
		return fmt.Errorf("the theme has no layout for %q pages", kind)
	}
	if slices.Contains(Documents, kind) {
		return tmpl.ExecuteTemplate(w, kind+".html", data)
	}
	return tmpl.ExecuteTemplate(w, "base.html", data)
}

// RenderPartial renders layouts/partials/<name> with data, for pieces embedded in a page's body.
func (t *Theme) RenderPartial(name string, data any) ([]byte, error) {
	tmpl := t.templates["lesson"]
	if tmpl == nil {
		return nil, fmt.Errorf("the theme has no lesson layout")
	}
	var buf bytes.Buffer
	err := tmpl.ExecuteTemplate(&buf, "partials/"+name, data)
	return buf.Bytes(), err
}

// AssetPath returns the output path of an asset by the name templates use, or "" if there is none.
func (t *Theme) AssetPath(name string) string { return t.assetURL[name] }

// T returns the theme's string for key in the site's language. A key with no string is an error
// the template reports with its line.
func (t *Theme) T(key string) (string, error) {
	s, ok := t.Strings[key]
	if !ok {
		return "", fmt.Errorf("no string %q: add it to the theme's i18n/en.toml or to [strings] in site.toml", key)
	}
	return s, nil
}

// untranslated warns that the theme has no strings in the site's language, so its pages mix the
// author's language with the theme's English, and names the file that would translate them.
func untranslated(lang, themeDir string) *diag.Diagnostic {
	file := path.Join(themeDir, "i18n", lang+".toml")
	also := ""
	if base, _, ok := strings.Cut(lang, "-"); ok {
		also = fmt.Sprintf(" (or %s, for every kind of %q)", path.Join(themeDir, "i18n", base+".toml"), base)
	}
	d := diag.Errorf(config.FileName, 0, 0, "language %q: kith has no translation of the theme's words into it (only %s), so menus, buttons and quiz messages stay in English: "+
		"add %s to the site's folder%s, translating each string of kith's i18n/en.toml", lang, strings.Join(Shipped(), ", "), file, also)
	d.Severity = diag.Warning
	return d
}

// Shipped returns the languages the default theme has strings in, sorted.
func Shipped() []string {
	entries, _ := fs.ReadDir(themes.Default, "default/i18n")
	var langs []string
	for _, e := range entries {
		if lang, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			langs = append(langs, lang)
		}
	}
	return langs
}

// loadStrings reads i18n/en.toml, then i18n/<language>.toml, then the site's [strings].
func loadStrings(o *overlay, cfg *config.Config) (map[string]string, []*diag.Diagnostic) {
	out := map[string]string{}
	var ds []*diag.Diagnostic
	langs := []string{"en"}
	if cfg.Language != "en" {
		langs = append(langs, cfg.Language)
	}
	for _, lang := range langs {
		name := "i18n/" + lang + ".toml"
		data, err := o.read(name)
		if errors.Is(err, fs.ErrNotExist) && lang != "en" {
			if base, _, ok := strings.Cut(lang, "-"); ok {
				name = "i18n/" + base + ".toml"
				data, err = o.read(name)
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			if lang != "en" {
				ds = append(ds, untranslated(lang, o.siteDir))
			}
			continue
		}
		if err != nil {
			ds = append(ds, diag.Errorf(o.origin(name), 0, 0, "cannot read: %v", err))
			continue
		}
		var m map[string]string
		if d := tomlx.Decode(o.origin(name), data, 1, &m); len(d) > 0 {
			ds = append(ds, d...)
			continue
		}
		for k, v := range m {
			out[k] = v
		}
	}
	for k, v := range cfg.Strings {
		if _, ok := out[k]; !ok {
			ds = append(ds, diag.Errorf(config.FileName, 0, 0, "[strings] %s: the theme shows no string by that name; the names are in its i18n/en.toml", k))
		}
		out[k] = v
	}
	return out, ds
}
