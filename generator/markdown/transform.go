package markdown

import (
	"bytes"
	"fmt"
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
	if st.doc.footnotes != "" {
		doc.AddMeta(footnotePrefixKey, st.doc.footnotes)
	}
	var quizzes []QuizBlock
	var blocks []*ast.FencedCodeBlock
	var tasks []*east.TaskCheckBox
	var videos []pendingVideo
	var paragraphs []*ast.Paragraph
	var unlinked []*ast.Link
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
				if reservedID(string(b)) {
					// Generated ids never are: the author wrote {#...}.
					st.errorAt(idOffset(st, n, b), fmt.Sprintf("the id %q is the theme's own (it names part of every page, or a quiz): choose another id in {#...}", b))
				}
			}
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok && n.Level >= 2 && n.Level <= 3 {
				st.res.TOC = append(st.res.TOC, Heading{Level: n.Level, ID: string(id.([]byte)), Text: plainText(n, src)})
			}
		case *ast.Link:
			at := st.inlineStart(n, n.Destination)
			if msg := linkProblem(string(n.Destination)); msg != "" {
				st.errorAt(at, msg)
				break
			}
			n.Destination = st.resolve(n.Destination, at)
			if string(n.Destination) == Unlinked {
				unlinked = append(unlinked, n)
			}
		case *ast.Image:
			at := st.inlineStart(n, n.Destination)
			if msg := resourceProblem("the image", string(n.Destination)); msg != "" {
				st.errorAt(at, msg)
				break
			}
			if dest := string(n.Destination); isVideo(dest) {
				videos = append(videos, pendingVideo{img: n, dest: dest})
			}
			n.Destination = st.resolve(n.Destination, at)
			if string(n.Destination) == Unlinked {
				st.errorAt(at, "the image is in a folder this edition leaves out: move it out of that section's folder")
			}
		case *ast.Paragraph:
			paragraphs = append(paragraphs, n)
		case *ast.RawHTML:
			if t.unsafe && n.Segments.Len() > 0 {
				st.checkRawHTML(n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop)
			}
		case *ast.HTMLBlock:
			if t.unsafe && n.Lines().Len() > 0 {
				stop := n.Lines().At(n.Lines().Len() - 1).Stop
				if n.HasClosure() {
					stop = n.ClosureLine.Stop
				}
				st.checkRawHTML(n.Lines().At(0).Start, stop)
			}
		case *ast.AutoLink:
			if msg := linkProblem(string(n.URL(src))); msg != "" {
				st.errorAt(autoLinkStart(st, n), msg)
			}
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
	for _, n := range unlinked {
		unwrap(n)
	}
	for _, v := range videos {
		st.embedVideo(v)
	}
	for _, p := range paragraphs {
		st.embedCard(p)
	}
	for _, n := range tasks {
		n.Parent().AppendChild(n.Parent(), &taskEnd{})
	}
}

// unwrap replaces a link with its text.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		parent.InsertBefore(parent, n, c)
	}
	parent.RemoveChild(parent, n)
}

// errorAt adds an error at a byte offset of the page's Markdown.
func (st *state) errorAt(offset int, msg string) {
	line, col := st.position(offset)
	st.res.Diagnostics = append(st.res.Diagnostics, diag.Errorf(st.doc.File, line+st.doc.FirstLine-1, col, "%s", msg))
}

// checkRawHTML reports what the raw HTML between two offsets would fetch from or send to other
// sites. Only a site that lets raw HTML through needs this: elsewhere it is shown as text.
func (st *state) checkRawHTML(start, stop int) {
	if start < 0 || stop > len(st.src) || start >= stop {
		return
	}
	for _, f := range thirdParty(string(st.src[start:stop])) {
		st.errorAt(start+f.offset, f.message)
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

// idOffset returns the offset of the {#id} that set a node's id, or of the node's line.
func idOffset(st *state, n ast.Node, id []byte) int {
	from := nodeOffset(n)
	line := st.lineOf(from)
	start, end := st.lines[line-1], len(st.src)
	if line < len(st.lines) {
		end = st.lines[line]
	}
	if i := bytes.Index(st.src[start:end], append([]byte("#"), id...)); i >= 0 {
		return start + i
	}
	return start
}

// autoLinkStart returns the offset of the < that opens an autolink, found from its block's start.
func autoLinkStart(st *state, n *ast.AutoLink) int {
	from := nodeOffset(n)
	if i := bytes.Index(st.src[from:], append([]byte("<"), n.URL(st.src)...)); i >= 0 {
		return from + i
	}
	return from
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
