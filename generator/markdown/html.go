package markdown

import (
	"html"
	"strconv"
	"strings"
)

// tag is a start tag in raw HTML.
type tag struct {
	name   string // lower case
	offset int    // of the <, in the text scanned
	attrs  []attr
}

// attr is one attribute of a tag, its value with character references decoded.
type attr struct {
	name   string // lower case
	value  string
	offset int // of the name
}

// scanTags finds the start tags in a piece of raw HTML, leniently, as a browser would: comments
// are skipped, and a tag cut short still yields the attributes before the cut.
func scanTags(s string) []tag {
	var tags []tag
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 2
			continue
		}
		j := i + 1
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		if j == i+1 || !isLetter(s[i+1]) {
			continue
		}
		t := tag{name: strings.ToLower(s[i+1 : j]), offset: i}
		j = scanAttrs(s, j, &t)
		tags = append(tags, t)
		if t.name == "script" || t.name == "style" {
			// Their text is not HTML: a < in a script is a comparison, not a tag.
			if end := strings.Index(strings.ToLower(s[min(j, len(s)):]), "</"+t.name); end >= 0 {
				j += end
			} else {
				j = len(s)
			}
		}
		i = j - 1
	}
	return tags
}

// scanAttrs reads the attributes of t from s[i:] up to the tag's >, and returns where it ended.
func scanAttrs(s string, i int, t *tag) int {
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) || s[i] == '>' {
			return i + 1
		}
		start := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && (s[i] != '/' || i == start) {
			i++
		}
		a := attr{name: strings.ToLower(s[start:i]), offset: start}
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			var v string
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					end = len(s) - i - 1
				}
				v, i = s[i+1:i+1+end], i+2+end
			} else {
				vs := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				v = s[vs:i]
			}
			a.value = html.UnescapeString(v)
		}
		t.attrs = append(t.attrs, a)
	}
	return i
}

func isLetter(c byte) bool   { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isNameByte(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' || c == '-' || c == ':' }
func isSpace(c byte) bool    { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// htmlFinding is a problem with raw HTML, at an offset of the text scanned.
type htmlFinding struct {
	offset  int
	message string
}

// resourceAttrs are the attributes by which an element loads something as the page loads.
var resourceAttrs = map[string]bool{"src": true, "srcset": true, "poster": true, "data": true,
	"background": true, "xlink:href": true, "imagesrcset": true}

// srcdocDepth is how deep srcdoc= pages inside srcdoc= pages are read: each level is scanned
// again, so a bound keeps a page of nested frames from costing time quadratic in its size.
const srcdocDepth = 4

// thirdParty finds what raw HTML would fetch from or send to other sites, or load from data:
// addresses: errors, in build and check alike.
func thirdParty(s string) []htmlFinding { return thirdPartyIn(s, srcdocDepth) }

func thirdPartyIn(s string, depth int) []htmlFinding {
	var out []htmlFinding
	for _, t := range scanTags(s) {
		for _, a := range t.attrs {
			what := "the <" + t.name + ">'s " + a.name
			switch {
			case a.name == "srcdoc" && t.name == "iframe" && depth <= 0:
				// Not read, so it may not be published.
				out = append(out, htmlFinding{a.offset, "the <iframe>'s srcdoc holds frames inside frames more than " + strconv.Itoa(srcdocDepth) + " deep, which kith does not read to find what they would load from other sites: write their content into the lesson instead"})
			case a.name == "srcdoc" && t.name == "iframe":
				// The frame's page is the attribute's text; opened from disk, where no
				// Content-Security-Policy header applies, what it loads is fetched too.
				out = append(out, inSrcdoc(a, depth, thirdPartyIn, func(msg string) string {
					return "in the page of the <iframe>'s srcdoc, " + msg
				})...)
			case a.name == "srcset" || a.name == "imagesrcset":
				for _, cand := range strings.Split(a.value, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						if msg := resourceProblem(what, f[0]); msg != "" {
							out = append(out, htmlFinding{a.offset, msg})
							break
						}
					}
				}
			case resourceAttrs[a.name], a.name == "href" && (t.name == "link" || t.name == "image" || t.name == "use"):
				if runsScript(a.value) {
					continue // a script, which the check for scripts reports
				}
				if msg := resourceProblem(what, a.value); msg != "" {
					if framesPage(t.name, a.name) && elsewhere(a.value) {
						// Often a video player pasted from the video's site.
						msg = "the <" + t.name + "> shows a page from another site, " + quoteShort(a.value) + ", which the site's Content-Security-Policy blocks and which would learn who is reading: write a Markdown link to it on its own line instead (a link to a YouTube or Vimeo video becomes a card that links to it)"
					}
					out = append(out, htmlFinding{a.offset, msg})
				}
			case a.name == "ping":
				// Every click on the link would tell these addresses about it.
				for _, addr := range strings.Fields(a.value) {
					if elsewhere(addr) {
						out = append(out, htmlFinding{a.offset, "the link's ping= reports every click to another site, " + quoteShort(addr) + ": remove ping="})
						break
					}
				}
			case (a.name == "action" && t.name == "form" || a.name == "formaction") && !runsScript(a.value) && elsewhere(a.value):
				out = append(out, htmlFinding{a.offset, "the form sends what students type to another site, " + quoteShort(a.value) +
					": a kith site keeps students' answers in their own browser; remove the form, or link to the other site instead"})
			}
		}
	}
	return out
}

// framesPage reports whether the element's attribute names a page the element shows inside this
// one: an <iframe>'s, <frame>'s or <embed>'s src, an <object>'s data.
func framesPage(tag, attr string) bool {
	return attr == "src" && (tag == "iframe" || tag == "frame" || tag == "embed") || attr == "data" && tag == "object"
}

// inSrcdoc scans the page an <iframe>'s srcdoc= holds with scan, one level deeper, and places
// each finding at the attribute, its message said with say.
func inSrcdoc(a attr, depth int, scan func(string, int) []htmlFinding, say func(string) string) []htmlFinding {
	if depth <= 0 {
		return nil
	}
	var out []htmlFinding
	for _, f := range scan(a.value, depth-1) {
		out = append(out, htmlFinding{a.offset, say(f.message)})
	}
	return out
}

// unsafeHTML finds what, in HTML a site lets through, breaks under the theme's
// Content-Security-Policy or changes the whole page: every script, style and event handler,
// javascript: address, <base> and <meta http-equiv>. These are warnings of kith check.
func unsafeHTML(s string) []htmlFinding { return unsafeHTMLIn(s, srcdocDepth) }

func unsafeHTMLIn(s string, depth int) []htmlFinding {
	var out []htmlFinding
	for _, t := range scanTags(s) {
		switch t.name {
		case "script":
			out = append(out, htmlFinding{t.offset, "a <script>, which the site's Content-Security-Policy blocks or, loaded from content/, runs with the whole site's rights: put scripts in the theme's files instead"})
		case "style":
			out = append(out, htmlFinding{t.offset, "a <style> element, which the site's Content-Security-Policy blocks: put styles in the theme's CSS instead"})
		case "base":
			out = append(out, htmlFinding{t.offset, "a <base>, which changes where every link on the page leads and breaks kith's relative links: remove it"})
		case "meta":
			for _, a := range t.attrs {
				if a.name == "http-equiv" {
					out = append(out, htmlFinding{t.offset, "a <meta http-equiv>, which can reload or redirect the page and does not belong in its body: remove it"})
				}
			}
		}
		for _, a := range t.attrs {
			switch {
			case a.name == "srcdoc" && t.name == "iframe":
				out = append(out, inSrcdoc(a, depth, unsafeHTMLIn, func(msg string) string {
					return msg + " (in the page of an <iframe>'s srcdoc)"
				})...)
			case strings.HasPrefix(a.name, "on") && len(a.name) > 2:
				out = append(out, htmlFinding{a.offset, "the event handler " + a.name + "=, which the site's Content-Security-Policy blocks: put scripts in the theme's files instead"})
			case a.name == "style":
				out = append(out, htmlFinding{a.offset, "a style attribute, which the site's Content-Security-Policy blocks: use a class and the theme's CSS instead"})
			case runsScript(a.value) && (a.name == "href" || a.name == "src" || a.name == "action" || a.name == "formaction" || a.name == "xlink:href" || a.name == "data"):
				out = append(out, htmlFinding{a.offset, "a " + scheme(a.value) + ": address in " + a.name + "=, which the site's Content-Security-Policy blocks, so it does nothing: link to a page or a file instead"})
			}
		}
	}
	return out
}
