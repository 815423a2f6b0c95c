package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"kith/generator/diag"
)

// transformer rewrites the parsed page before it is rendered.
type transformer struct{ unsafe bool }

func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(docKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	var quizzes []QuizBlock
	var blocks []*ast.FencedCodeBlock
	var tasks []*east.TaskCheckBox
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if !t.unsafe {
			keepSafeAttributes(n)
		}
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				st.res.IDs = append(st.res.IDs, string(b))
			}
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok && n.Level >= 2 && n.Level <= 3 {
				st.res.TOC = append(st.res.TOC, Heading{Level: n.Level, ID: string(id.([]byte)), Text: plainText(n, src)})
			}
		case *ast.Link:
			n.Destination = st.resolve(n.Destination, st.inlineStart(n, n.Destination))
		case *ast.Image:
			n.Destination = st.resolve(n.Destination, st.inlineStart(n, n.Destination))
		case *ast.AutoLink:
			// Its text is its address already: print stylesheets need not write it out again.
			n.SetAttributeString("class", []byte("bare-url"))
		case *east.TableCell:
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
		case *east.TaskCheckBox:
			tasks = append(tasks, n)
		case *ast.FencedCodeBlock:
			if b, ok := st.quizBlock(n); ok && st.doc.Quiz != nil {
				quizzes = append(quizzes, b)
				blocks = append(blocks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for i, b := range quizzes {
		st.embedQuiz(blocks[i], b)
	}
	for _, n := range tasks {
		n.Parent().AppendChild(n.Parent(), &taskEnd{})
	}
}

// keepSafeAttributes drops attributes that an author set with {...} other than id and class:
// a style or on* attribute would break the site's Content-Security-Policy.
func keepSafeAttributes(n ast.Node) {
	attrs := n.Attributes()
	if len(attrs) == 0 {
		return
	}
	n.RemoveAttributes()
	for _, a := range attrs {
		if name := string(a.Name); name == "id" || name == "class" {
			n.SetAttribute(a.Name, a.Value)
		}
	}
}

// resolve rewrites the destination of the link or image starting at offset.
func (st *state) resolve(dest []byte, offset int) []byte {
	line, col := st.position(offset)
	if len(dest) > 1 && dest[0] == '#' && st.doc.Resolve != nil {
		// A link within the page: kept as written, and its anchor checked once the page is rendered.
		st.res.Links = append(st.res.Links, Link{Fragment: string(dest[1:]), Line: line + st.doc.FirstLine - 1, Col: col})
		return dest
	}
	if st.doc.Resolve == nil || !isInternal(string(dest)) {
		return dest
	}
	url, msg, ok := st.doc.Resolve(string(dest))
	if !ok {
		st.res.Diagnostics = append(st.res.Diagnostics, diag.Errorf(st.doc.File, line+st.doc.FirstLine-1, col, "%s", msg))
		return dest
	}
	if target, frag, found := strings.Cut(url, "#"); found && frag != "" {
		st.res.Links = append(st.res.Links, Link{Target: target, Fragment: frag, Line: line + st.doc.FirstLine - 1, Col: col})
	}
	return []byte(url)
}

// inlineStart returns the offset of the [ (or ![) that opens a link or image.
func (st *state) inlineStart(n ast.Node, dest []byte) int {
	if !hasText(n, st.src) {
		return emptyBrackets(st, n, dest)
	}
	at := nodeOffset(n)
	for i := at - 1; i >= 0 && st.src[i] != '\n'; i-- {
		if st.src[i] == '[' {
			if _, ok := n.(*ast.Image); ok && i > 0 && st.src[i-1] == '!' {
				i--
			}
			return i
		}
	}
	return at
}

// isInternal reports whether a destination points inside the site: no scheme, not
// protocol-relative, and more than a bare fragment.
func isInternal(dest string) bool {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "//") {
		return false
	}
	if i := strings.IndexAny(dest, ":/?#"); i > 0 && dest[i] == ':' {
		return false
	}
	return true
}

// embedQuiz replaces the quiz block n, read as b, with the quiz's HTML.
func (st *state) embedQuiz(n *ast.FencedCodeBlock, b QuizBlock) {
	line, fields := b.Line, b.IDs
	q := &quizNode{}
	switch len(fields) {
	case 0:
		st.errorf(line, "this quiz block names no quiz: write the quiz's id (its file name in quizzes/ without .toml) on the line after ```quiz")
	case 1:
		html, msg := st.doc.Quiz(fields[0])
		if msg != "" {
			st.errorf(line, "%s", msg)
		}
		q.html = html
		st.res.Quizzes = append(st.res.Quizzes, fields[0])
	default:
		st.errorf(line, "a quiz block embeds one quiz; found %d ids: give each quiz its own ```quiz block", len(fields))
	}
	n.Parent().ReplaceChild(n.Parent(), n, q)
}

// nodeOffset returns a byte offset inside the node's source, for its line number.
func nodeOffset(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			if c == n {
				return c.Lines().At(0).Start
			}
			break
		}
	}
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for c := n.Parent(); c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
	}
	return 0
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(c.Value)))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
