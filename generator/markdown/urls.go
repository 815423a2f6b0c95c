package markdown

import (
	"html"
	"strings"
)

// scheme returns the lower-case scheme of an address as a browser reads it, or "" for none.
// Browsers decode character references in HTML, drop leading spaces and control characters and
// every tab and newline, so "&#106;ava\tscript:" is a javascript: address.
func scheme(dest string) string {
	dest = strings.TrimLeft(html.UnescapeString(dest), "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	var b strings.Builder
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
		case c == ':':
			return strings.ToLower(b.String())
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || b.Len() > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
			b.WriteByte(c)
		default:
			return ""
		}
	}
	return ""
}

// runsScript reports whether following the address runs code instead of loading a page.
func runsScript(dest string) bool {
	s := scheme(dest)
	return s == "javascript" || s == "vbscript"
}

// elsewhere reports whether an address leads off the site: it has a scheme, or names a host
// (//host/..., which browsers also read from /\host and \\host).
func elsewhere(dest string) bool {
	d := strings.TrimSpace(html.UnescapeString(dest))
	return scheme(d) != "" || strings.HasPrefix(d, "//") || strings.HasPrefix(d, `\\`) || strings.HasPrefix(d, `/\`)
}

// resourceProblem says why a page may not load the resource at dest (an image, a video, a
// frame), or "" when it may: kith sites load nothing from other sites, which would learn who
// reads which lesson (also when the site is opened from a shared drive), and nothing from
// data: addresses, which the Content-Security-Policy blocks.
func resourceProblem(what, dest string) string {
	switch scheme(dest) {
	case "data":
		return what + " is a data: address, which the site's Content-Security-Policy blocks: save it as a file under content/ and link to that file"
	case "file":
		return what + " is a file on this computer (file:), which students' browsers cannot reach: copy it under content/ and link to it from there"
	}
	switch {
	case elsewhere(dest):
		return what + " comes from another site, " + quoteShort(dest) + ": every student's browser would ask that site for it, and tell it who is reading; download the file into content/ and link to it from there"
	}
	return ""
}

// linkProblem says why a link's address cannot work, or "" when it may.
func linkProblem(dest string) string {
	switch s := scheme(dest); {
	case s == "javascript" || s == "vbscript":
		return "the link runs a script (" + s + ":), which kith does not write into pages and the Content-Security-Policy would block: link to a page or a file instead"
	case s == "data":
		return "the link is a data: address, which browsers refuse to open from a link: save the content as a file under content/ and link to that file"
	case s == "file":
		return "the link leads to a file on this computer (file:), which students' browsers cannot reach: copy the file under content/ and link to it from there"
	}
	return ""
}

// quoteShort quotes an address for a message, cut to a length that fits on a line.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return `"` + s + `"`
}
