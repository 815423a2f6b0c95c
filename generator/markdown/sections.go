package markdown

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Section is the part of a page under one heading, as a search index reads it.
type Section struct {
	ID      string // the heading's id, as the rendered page gives it; "" before the first heading
	Heading string // the heading's text
	// Terms are the words a definition-style paragraph defines ("**Term**: what it means"), as
	// a glossary written without a heading per term has them.
	Terms []string
	Text  string // the prose, without code blocks, quiz blocks, raw HTML or link addresses
}

// sectioner parses as the Renderer does, so that heading ids are the ones the page has.
var sectioner = goldmark.New(goldmark.WithExtensions(extensions()...),
	goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()))

// Sections splits a page's Markdown at its headings. The first section is the page's opening,
// before any heading, and may be empty. A page past the limits in limits.go has
// none: rendering it reports the problem.
func Sections(src []byte) []Section {
	if CheckLimits(src) != nil {
		return nil
	}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	root := sectioner.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return sectionsOf(root, src, nil)
}

// Sections splits the parsed page at its headings as Sections does, from the same parse as its
// HTML: what kith changed in the tree (videos, video cards, quiz blocks, links to what the
// edition leaves out) reads as it did before. A page past the limits has none.
func (p *Parsed) Sections() []Section {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.root == nil {
		return nil
	}
	return sectionsOf(p.root, p.st.src, p.st.termRest)
}

// sectionsOf splits the tree root of src at its headings. termRest holds what a definition's
// rest was where kith replaced it (see state.termRest).
func sectionsOf(root ast.Node, src []byte, termRest map[*ast.Paragraph]string) []Section {
	out := []Section{{}}
	var body strings.Builder
	flush := func() {
		out[len(out)-1].Text = collapseSpace(body.String())
		body.Reset()
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			out = append(out, Section{ID: string(idb), Heading: searchText(h, src)})
			continue
		}
		if p, ok := n.(*ast.Paragraph); ok {
			if term := definedTerm(p, src, termRest); term != "" {
				out[len(out)-1].Terms = append(out[len(out)-1].Terms, term)
			}
		}
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch c := c.(type) {
			case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
				return ast.WalkSkipChildren, nil
			case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
				body.WriteString(searchText(c, src))
				body.WriteByte(' ')
				return ast.WalkSkipChildren, nil
			case *cardNode: // the paragraph it replaced
				body.WriteString(c.text)
				body.WriteByte(' ')
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
	}
	flush()
	return out
}

// collapseSpace is strings.Join(strings.Fields(s), " "), made in one piece.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, size := rune(s[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s)
		}
		if !unicode.IsSpace(r) {
			end := size
			for end < len(s) {
				r, n := rune(s[end]), 1
				if r >= utf8.RuneSelf {
					r, n = utf8.DecodeRuneInString(s[end:])
				}
				if unicode.IsSpace(r) {
					break
				}
				end += n
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[:end])
			size = end
		}
		s = s[size:]
	}
	return b.String()
}

// searchText is the text a reader reads in n: code spans included, raw HTML, images and
// footnote marks left out.
func searchText(n ast.Node, src []byte) string { return readText(n, src, true) }

// readText is the text a reader reads in n, with or without its code spans; raw HTML, images
// and footnote marks are left out. Search and the reading level share it.
func readText(n ast.Node, src []byte, code bool) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.CodeSpan:
			if !code {
				return ast.WalkSkipChildren, nil
			}
		case *ast.Image, *east.FootnoteLink, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(c.Value)))
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// definedTerm returns the term a paragraph that starts "**Term**: ..." (or with a dash) defines.
func definedTerm(p *ast.Paragraph, src []byte, termRest map[*ast.Paragraph]string) string {
	strong, ok := p.FirstChild().(*ast.Emphasis)
	if !ok || strong.Level != 2 {
		return ""
	}
	term := searchText(strong, src)
	rest, kept := termRest[p]
	if next := strong.NextSibling(); next != nil && !kept {
		rest = searchText(next, src)
	}
	rest = strings.TrimSpace(rest)
	term, colon := strings.CutSuffix(term, ":")
	if colon || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "-") {
		return strings.TrimSpace(term)
	}
	return ""
}
