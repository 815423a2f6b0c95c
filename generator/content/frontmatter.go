package content

import (
	"bytes"

	"kith/generator/diag"
	"kith/generator/tomlx"
)

// FrontMatter is what an author may set at the top of a page, between +++ lines.
type FrontMatter struct {
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	Weight      int      `toml:"weight"`
	Draft       bool     `toml:"draft"`
	Slug        string   `toml:"slug"`
	Objectives  []string `toml:"objectives"`
	Duration    string   `toml:"duration"`
	// Audience is who the page is for, as written; "" takes its section's. See ParseAudience.
	Audience Audience `toml:"audience"`
}

var delim = []byte("+++")

// Split separates a page's front matter from its body. It returns the TOML between the +++
// lines, the body, and the file line on which the body starts. ok is false when the file does
// not start with a +++ line; closed is false when the front matter is never closed.
func Split(src []byte) (front, body []byte, bodyLine int, ok, closed bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first, rest, _ := cutLine(src)
	if !bytes.Equal(bytes.TrimRight(first, " \t\r"), delim) {
		return nil, src, 1, false, false
	}
	line := 2
	start := rest
	offset := 0
	for len(rest) > 0 {
		l, next, _ := cutLine(rest)
		if bytes.Equal(bytes.TrimRight(l, " \t\r"), delim) {
			return start[:offset], next, line + 1, true, true
		}
		offset += len(rest) - len(next)
		rest = next
		line++
	}
	return start, nil, line, true, false
}

func cutLine(b []byte) (line, rest []byte, found bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

// ParseFrontMatter splits and decodes a page's front matter. file names the page in messages.
// A page must be UTF-8 text without control characters; CRLF and CR line ends read as LF.
func ParseFrontMatter(file string, src []byte) (fm FrontMatter, body []byte, bodyLine int, ds []*diag.Diagnostic) {
	if d := checkText(file, src); d != nil {
		return fm, nil, 1, []*diag.Diagnostic{d}
	}
	src = normalizeNewlines(src)
	front, body, bodyLine, ok, closed := Split(src)
	if !ok {
		if first, _, _ := cutLine(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))); bytes.Equal(bytes.TrimSpace(first), []byte("---")) {
			return fm, body, bodyLine, []*diag.Diagnostic{diag.Errorf(file, 1, 1,
				"the front matter is YAML (between --- lines); kith reads TOML between +++ lines: write +++, then title = \"...\" (key = value), then +++")}
		}
		return fm, body, bodyLine, []*diag.Diagnostic{diag.Errorf(file, 1, 1,
			"the page has no front matter: start the file with a line +++, then title = \"...\", then another +++")}
	}
	if !closed {
		return fm, nil, bodyLine, []*diag.Diagnostic{diag.Errorf(file, 1, 1,
			"the front matter opened here is never closed: add a line +++ after its last key")}
	}
	if ds = tomlx.Decode(file, front, 2, &fm); len(ds) > 0 {
		return fm, body, bodyLine, ds
	}
	if bytes.TrimSpace([]byte(fm.Title)) == nil {
		p := tomlx.Locate(front).AtOr("title")
		line := 1
		if _, ok := tomlx.Locate(front).At("title"); ok {
			line = p.Line + 1
		}
		ds = append(ds, diag.Errorf(file, line, 1, "the page has no title: add title = \"...\" to its front matter"))
	}
	return fm, body, bodyLine, ds
}
