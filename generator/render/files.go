package render

import (
	"bytes"
	"encoding/xml"

	"kith/generator/diag"
	"kith/generator/site"
	"kith/generator/sitefs"
)

// copyFile copies a file from content/ as it is.
func (s *Renderer) copyFile(o site.Output, buf *bytes.Buffer) *diag.Diagnostic {
	data, err := sitefs.ReadFile(s.Dir, o.File)
	if err != nil {
		return diag.Errorf(o.File, 0, 0, "cannot read: %v", err)
	}
	buf.Write(data)
	return nil
}

// sitemap lists the URL of every page and quiz page for search engines.
func (s *Renderer) sitemap(buf *bytes.Buffer) {
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	add := func(p string) {
		buf.WriteString("<url><loc>")
		_ = xml.EscapeText(buf, []byte(s.Config.BaseURL+p))
		buf.WriteString("</loc></url>\n")
	}
	for _, p := range s.Content.Pages {
		add(p.Path)
	}
	for _, id := range s.QuizIDs() {
		add(site.QuizPath(id))
	}
	buf.WriteString("</urlset>\n")
}
