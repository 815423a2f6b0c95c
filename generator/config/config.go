// Package config reads a site's site.toml.
package config

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/sitefs"
	"kith/generator/tomlx"
)

// FileName is the name of a site's configuration file, at the root of its folder.
const FileName = sitefs.ConfigFile

// Config is a site's settings.
type Config struct {
	Title       string `toml:"title"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	Description string `toml:"description"`
	Theme       string `toml:"theme"`
	UnsafeHTML  bool   `toml:"unsafe_html"`
	// PrettyURLs makes links name folders (lessons/first/) rather than their index.html: cleaner
	// addresses, but the site then only works from a web server.
	PrettyURLs bool `toml:"pretty_urls"`
	// Portable is deprecated: naming index.html is now the default.
	Portable bool `toml:"portable"`
	// Edition is who kith build, check and serve publish for when --edition is not given:
	// "all" (the default), "students" or "teachers".
	Edition string `toml:"edition"`
	// ReadingGrade is the highest Flesch–Kincaid grade kith check accepts for a lesson; 0 for no target.
	ReadingGrade float64 `toml:"reading_grade"`
	// MasteryScore is the percentage of all knowledge checks a student needs to pass a SCORM
	// package (kith build --scorm); 0 when the package is completed by checking them all.
	MasteryScore float64           `toml:"mastery_score"`
	Strings      map[string]string `toml:"strings"`
	Params       map[string]any    `toml:"params"`
}

// BasePath is the path part of the base URL, always starting and ending with "/": "/toolkit/".
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return strings.TrimSuffix(u.Path, "/") + "/"
}

// Load reads dir/site.toml, fills in defaults and checks every value.
func Load(dir string) (*Config, []*diag.Diagnostic) {
	data, err := sitefs.ReadFile(dir, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, []*diag.Diagnostic{diag.Errorf("", 0, 0, "there is no folder %s: pass --source with the folder that holds the site's site.toml", dir)}
		}
		if above, ok := Enclosing(filepath.Dir(dir)); ok {
			return nil, []*diag.Diagnostic{diag.Errorf("", 0, 0,
				"no site.toml in %s, which is inside the site in %s: run kith there, or pass --source %s", dir, above, above)}
		}
		return nil, []*diag.Diagnostic{diag.Errorf("", 0, 0,
			"no site.toml in %s: is this a kith site? Pass --source with the site's folder, create site.toml with at least title = \"...\", or start a site with kith new site DIR", dir)}
	}
	if err != nil {
		return nil, []*diag.Diagnostic{diag.Errorf(FileName, 0, 0, "cannot read: %v", err)}
	}
	return Parse(data)
}

// Enclosing returns the nearest folder from dir upwards that holds a site.toml, as a path
// relative to the working directory when it can be.
func Enclosing(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := abs; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, FileName)); err == nil && !st.IsDir() {
			if wd, err := os.Getwd(); err == nil {
				if rel, err := filepath.Rel(wd, d); err == nil {
					return rel, true
				}
			}
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Parse decodes and checks the contents of a site.toml.
func Parse(data []byte) (*Config, []*diag.Diagnostic) {
	var c Config
	if ds := tomlx.Decode(FileName, data, 1, &c); len(ds) > 0 {
		return nil, ds
	}
	ix := tomlx.Locate(data)
	var ds []*diag.Diagnostic
	at := func(key string) (int, int) {
		p := ix.AtOr(key)
		return p.Line, p.Col
	}
	if strings.TrimSpace(c.Title) == "" {
		l, col := at("title")
		ds = append(ds, diag.Errorf(FileName, l, col, "the site has no title: add title = \"Your toolkit's name\""))
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Language == "" {
		c.Language = "en"
	}
	if strings.ContainsAny(c.Theme, `/\`) || strings.HasPrefix(c.Theme, ".") {
		l, col := at("theme")
		ds = append(ds, diag.Errorf(FileName, l, col, "theme %q must be the name of a folder in themes/, without slashes", c.Theme))
	}
	if !validLanguage(c.Language) {
		l, col := at("language")
		ds = append(ds, diag.Errorf(FileName, l, col, "language %q is not a language tag: use one such as \"en\", \"fr\" or \"pt-BR\"", c.Language))
	}
	if c.ReadingGrade < 0 || c.ReadingGrade > 18 {
		l, col := at("reading_grade")
		ds = append(ds, diag.Errorf(FileName, l, col, "reading_grade %g is not a school grade: use a number from 1 to 18, such as 9 for students of about 14, or leave it out", c.ReadingGrade))
	}
	if c.MasteryScore < 0 || c.MasteryScore > 100 {
		l, col := at("mastery_score")
		ds = append(ds, diag.Errorf(FileName, l, col, "mastery_score %g is not a percentage: use a number from 1 to 100, such as 80, or leave it out so that a SCORM package is completed when every knowledge check is checked", c.MasteryScore))
	}
	if c.Portable {
		l, col := at("portable")
		if c.PrettyURLs {
			ds = append(ds, diag.Errorf(FileName, l, col, "portable = true and pretty_urls = true contradict each other: remove portable, which is now the default, or pretty_urls"))
		} else {
			d := diag.Errorf(FileName, l, col, "portable = true is now the default (every link names its index.html): remove it")
			d.Severity = diag.Warning
			ds = append(ds, d)
		}
	}
	if _, ok := content.ParseAudience(c.Edition); !ok {
		l, col := at("edition")
		ds = append(ds, diag.Errorf(FileName, l, col, "edition %q is not an edition: use %s", c.Edition, content.AudienceList()))
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	} else if msg := CheckBaseURL(c.BaseURL); msg != "" {
		l, col := at("base_url")
		ds = append(ds, diag.Errorf(FileName, l, col, "%s", msg))
	}
	c.BaseURL = NormalizeBaseURL(c.BaseURL)
	return &c, ds
}

// CheckBaseURL returns what is wrong with a base URL, or "" when it can be used: an absolute
// http(s) URL with a host, or a path that starts with "/". Its path becomes the preview's base
// path and part of every sitemap entry, so it must be a plain path: no empty, "." or ".."
// segments (a path starting "//" would name another host), and no character a URL must escape.
func CheckBaseURL(s string) string {
	fix := "base_url " + strconv.Quote(s) + " must be an absolute http(s) URL such as \"https://your.school/toolkit/\", or a path that starts with \"/\" such as \"/toolkit/\""
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fix
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/"):
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == "":
	default:
		return fix
	}
	if u.User != nil {
		return "base_url " + strconv.Quote(s) + " must not hold a user name or password: it is published in the sitemap"
	}
	if u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "?#") {
		return "base_url " + strconv.Quote(s) + " must not have a query or fragment"
	}
	if i := strings.IndexFunc(s, needsEscape); i >= 0 {
		return "base_url " + strconv.Quote(s) + " holds " + strconv.QuoteRune(rune(s[i])) + ", which a URL must escape: write " + strconv.Quote(u.String())
	}
	segs := strings.Split(u.Path, "/")
	if strings.Contains(u.Path, "//") || slices.Contains(segs, ".") || slices.Contains(segs, "..") {
		return "base_url " + strconv.Quote(s) + " must have a plain path, without \"//\", \"./\" or \"../\": such as \"/toolkit/\""
	}
	return ""
}

// needsEscape reports the characters a URL's path may not hold as they are (RFC 3986): the
// ones that would also end an HTML attribute or start a tag.
func needsEscape(r rune) bool {
	return r <= ' ' || r == 0x7f || strings.ContainsRune("\"<>\\^`{|}", r)
}

// NormalizeBaseURL adds the trailing slash a base URL needs.
func NormalizeBaseURL(s string) string {
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

func validLanguage(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if len(part) < 1 || len(part) > 8 || (i == 0 && len(part) < 2) {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}
