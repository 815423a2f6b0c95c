// Package scorm turns a built site into one SCORM 1.2 package with one SCO: a launch page that
// owns the LMS session and frames the site, a privacy page saying what reaches the LMS, and the
// imsmanifest.xml that lists every file.
package scorm

import (
	"bytes"
	"embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Folder is where a package keeps its launch page, script, style and privacy page. A site's own
// output under it would be hidden by them, so Files refuses such a site.
const Folder = "scorm/"

// Launch is the package's launch page: the one document the LMS opens.
const Launch = Folder + "launch.html"

// ManifestPath is where SCORM players look for the manifest: the root of the zip.
const ManifestPath = "imsmanifest.xml"

//go:embed launch.js launch.css
var static embed.FS

// Package describes the site a package is made of.
type Package struct {
	Title    string
	Language string
	// MasteryScore is the percentage needed to pass; 0 when checking every knowledge check completes.
	MasteryScore float64
	// Checks are the site's knowledge checks: quiz id -> the highest score.
	Checks map[string]int
	// Reflections are the reflection questions of the knowledge checks: quiz id -> question ids.
	// What a student writes in them stays in the window and is never sent to the LMS.
	Reflections map[string][]string
	// Style is the theme's style sheet, a path in the site ("assets/style.3f9a2c1d.css"), or "".
	Style string
	// Strings are the theme's words in the site's language (theme.Theme.Strings), whose scorm_*
	// keys the launch and privacy pages show: the theme's i18n files keep every word a student reads.
	Strings map[string]string
}

// Taken returns the first of paths that a package would write over, or "".
func Taken(paths []string) string {
	for _, p := range paths {
		low := strings.ToLower(p)
		if low == ManifestPath || strings.HasPrefix(low, Folder) || low == strings.TrimSuffix(Folder, "/") {
			return p
		}
	}
	return ""
}

// Files returns the files a package adds to the site's, whose paths are site: the launch page,
// its script and style, the privacy page, and the manifest, which lists these and site's files.
func (p Package) Files(site []string) (map[string][]byte, error) {
	checks, err := json.Marshal(p.Checks)
	if err != nil {
		return nil, err
	}
	reflections, err := json.Marshal(p.Reflections)
	if err != nil {
		return nil, err
	}
	mastery := ""
	if p.MasteryScore > 0 {
		mastery = strconv.FormatFloat(p.MasteryScore, 'f', -1, 64)
	}
	style := ""
	if p.Style != "" {
		style = "../" + p.Style
	}
	data := map[string]any{"P": p, "Checks": string(checks), "Reflections": string(reflections), "Mastery": mastery, "Style": style, "Start": "../index.html"}
	fill := strings.NewReplacer("{site}", p.Title, "{percent}", mastery)
	say := template.FuncMap{"say": func(key string) (string, error) {
		s, ok := p.Strings[key]
		if !ok {
			return "", fmt.Errorf("the theme has no string %q: add it to its i18n/en.toml", key)
		}
		return fill.Replace(s), nil
	}}
	out := map[string][]byte{}
	for name, page := range map[string]string{Launch: launchPage, Folder + "privacy.html": privacyPage} {
		t, err := template.New(name).Funcs(say).Parse(page)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return nil, err
		}
		out[name] = b.Bytes()
	}
	for _, name := range []string{"launch.js", "launch.css"} {
		b, err := static.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out[Folder+name] = b
	}
	all := append([]string{}, site...)
	for name := range out {
		all = append(all, name)
	}
	sort.Strings(all)
	m, err := p.manifest(all)
	if err != nil {
		return nil, err
	}
	out[ManifestPath] = m
	return out, nil
}

// The manifest's XML, after the imscp_rootv1p1p2 and adlcp_rootv1p2 schemas.
type manifest struct {
	XMLName       xml.Name     `xml:"manifest"`
	Identifier    string       `xml:"identifier,attr"`
	Version       string       `xml:"version,attr"`
	XMLNS         string       `xml:"xmlns,attr"`
	ADLCP         string       `xml:"xmlns:adlcp,attr"`
	Schema        string       `xml:"metadata>schema"`
	SchemaVersion string       `xml:"metadata>schemaversion"`
	Organizations organization `xml:"organizations"`
	Resource      resource     `xml:"resources>resource"`
}

type organization struct {
	Default string `xml:"default,attr"`
	Org     struct {
		Identifier string `xml:"identifier,attr"`
		Title      string `xml:"title"`
		Item       item   `xml:"item"`
	} `xml:"organization"`
}

type item struct {
	Identifier    string `xml:"identifier,attr"`
	IdentifierRef string `xml:"identifierref,attr"`
	Title         string `xml:"title"`
	MasteryScore  string `xml:"adlcp:masteryscore,omitempty"`
}

type resource struct {
	Identifier string `xml:"identifier,attr"`
	Type       string `xml:"type,attr"`
	ScormType  string `xml:"adlcp:scormtype,attr"`
	Href       string `xml:"href,attr"`
	Files      []file `xml:"file"`
}

type file struct {
	Href string `xml:"href,attr"`
}

// manifest writes imsmanifest.xml for a package of files (slash paths).
func (p Package) manifest(files []string) ([]byte, error) {
	m := manifest{
		Identifier: "kith-" + slug(p.Title), Version: "1",
		XMLNS: "http://www.imsproject.org/xsd/imscp_rootv1p1p2", ADLCP: "http://www.adlnet.org/xsd/adlcp_rootv1p2",
		Schema: "ADL SCORM", SchemaVersion: "1.2",
	}
	m.Organizations.Default = "kith-organization"
	m.Organizations.Org.Identifier = "kith-organization"
	m.Organizations.Org.Title = p.Title
	m.Organizations.Org.Item = item{Identifier: "kith-item", IdentifierRef: "kith-sco", Title: p.Title}
	if p.MasteryScore > 0 {
		m.Organizations.Org.Item.MasteryScore = strconv.FormatFloat(p.MasteryScore, 'f', -1, 64)
	}
	m.Resource = resource{Identifier: "kith-sco", Type: "webcontent", ScormType: "sco", Href: Href(Launch)}
	for _, f := range files {
		if f != ManifestPath {
			m.Resource.Files = append(m.Resource.Files, file{Href: Href(f)})
		}
	}
	out, err := xml.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", ManifestPath, err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// Href is the URL reference of the file at the slash path p in the package.
func Href(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return path.Join(parts...)
}

// slug makes an identifier from the site's title: an xs:ID must be letters, digits, "-" and "_".
func slug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "site"
}

// launchPage is the launch page's template. Its words, like the privacy page's, come from the
// theme's strings through say, in the site's language.
const launchPage = `<!doctype html>
<html lang="{{.P.Language}}" class="kith-scorm">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{.P.Title}}</title>
<link rel="stylesheet" href="launch.css">
<script src="launch.js" defer></script>
</head>
<body data-checks="{{.Checks}}" data-reflections="{{.Reflections}}" data-mastery="{{.Mastery}}" data-start="{{.Start}}" data-dropped="{{say "scorm_answers_dropped"}}">
<div class="kith-scorm-bar">
<p class="kith-scorm-status" role="status"></p>
<a href="privacy.html" target="kith-site">{{say "scorm_privacy_title"}}</a>
</div>
<iframe class="kith-scorm-frame" name="kith-site" title="{{.P.Title}}"></iframe>
<noscript><p><a href="{{.Start}}">{{say "scorm_open"}}</a></p></noscript>
</body>
</html>
`

// privacyPage is the template of the page that says what reaches the LMS.
const privacyPage = `<!doctype html>
<html lang="{{.P.Language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{say "scorm_privacy_title"}} · {{.P.Title}}</title>
{{with .Style}}<link rel="stylesheet" href="{{.}}">{{end}}
</head>
<body>
<main id="main">
<h1>{{say "scorm_privacy_title"}}</h1>
<p>{{say "scorm_privacy_intro"}}</p>
<h2>{{say "scorm_sent_heading"}}</h2>
<p>{{say "scorm_sent_text"}}{{if .Mastery}} {{say "scorm_pass"}}{{end}}</p>
<h2>{{say "scorm_kept_heading"}}</h2>
<p>{{say "scorm_kept_text"}}</p>
<h2>{{say "scorm_device_heading"}}</h2>
<p>{{say "scorm_device_text"}}</p>
<p><a href="{{.Start}}">{{say "scorm_back"}}</a></p>
</main>
</body>
</html>
`
