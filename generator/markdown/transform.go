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
			if l := st.link(n, at); l != nil && l.ok && l.url == Unlinked {
				unlinked = append(unlinked, n)
			}
		case *ast.Image:
			at := st.inlineStart(n, n.Destination)
			if msg := resourceProblem("the image", string(n.Destination)); msg != "" {
				st.errorAt(at, msg)
				break
			}
			dest := string(n.Destination)
			l := st.link(n, at)
			if isVideo(dest) {
				videos = append(videos, pendingVideo{img: n, dest: dest, link: l})
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
		st.keepTermRest(n, src)
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

// pendingLink is a link or image whose destination depends on the output: the page's own, a
// folder deeper for its slides. Every render sets it (Parsed.Render).
type pendingLink struct {
	node    ast.Node // an *ast.Link or *ast.Image
	written []byte   // the destination as written
	offset  int      // of the [ or ![, for messages
	// fragment is a link within the page ("#part"), kept as written.
	fragment bool
	// url, msg and ok are what the parse's Document resolved it to.
	url, msg string
	ok       bool
	// video is the player the image became, which plays url, with its captions.
	video    *videoNode
	captions []byte
}

// link records the link or image n starting at offset, when its destination depends on the
// output, and resolves it for the parse's Document. It returns nil for a destination that
// stays as written.
func (st *state) link(n ast.Node, offset int) *pendingLink {
	var dest []byte
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest = n.Destination
	}
	if st.doc.Resolve == nil {
		return nil
	}
	l := &pendingLink{node: n, written: dest, offset: offset}
	switch {
	case len(dest) > 1 && dest[0] == '#':
		l.fragment = true // its anchor is checked once the page is rendered
	case isInternal(string(dest)):
		l.url, l.msg, l.ok = st.doc.Resolve(string(dest))
	default:
		return nil
	}
	st.links = append(st.links, l)
	return l
}

// setLinks sets the destination of every link and image for the output doc resolves links of,
// and adds to the result the links with anchors and the links that lead nowhere.
func (st *state) setLinks(doc *Document) {
	same := doc == st.doc
	for _, l := range st.links {
		line, col := st.position(l.offset)
		line += st.doc.FirstLine - 1
		if l.fragment {
			st.res.Links = append(st.res.Links, Link{Fragment: string(l.written[1:]), Line: line, Col: col})
			continue
		}
		url, msg, ok := l.url, l.msg, l.ok
		if !same {
			url, msg, ok = doc.Resolve(string(l.written))
		}
		dest := l.written
		switch {
		case !ok:
			st.res.Diagnostics = append(st.res.Diagnostics, diag.Errorf(st.doc.File, line, col, "%s", msg))
		case url == Unlinked && l.node.Kind() == ast.KindLink:
			continue // replaced by its text when parsed
		default:
			dest = []byte(url)
			if target, frag, found := strings.Cut(url, "#"); found && frag != "" {
				st.res.Links = append(st.res.Links, Link{Target: target, Fragment: frag, Line: line, Col: col})
			}
		}
		switch n := l.node.(type) {
		case *ast.Link:
			n.Destination = dest
		case *ast.Image:
			n.Destination = dest
			if string(dest) == Unlinked {
				st.errorAt(l.offset, "the image is in a folder this edition leaves out: move it out of that section's folder")
			}
		}
		if l.video != nil {
			l.video.src, l.video.captions = dest, l.captions
			if !same {
				l.video.captions = nil
				if url, _, ok := doc.Resolve(CaptionsFor(string(l.written))); ok {
					l.video.captions = []byte(url)
				}
			}
		}
	}
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

// embedQuiz replaces the quiz block n, read as b, with the node that each render gives the
// quiz's HTML (setQuizzes).
func (st *state) embedQuiz(n *ast.FencedCodeBlock, b QuizBlock) {
	line, fields := b.Line, b.IDs
	q := &quizNode{line: line}
	switch len(fields) {
	case 0:
		st.errorf(line, "this quiz block names no quiz: write the quiz's id (its file name in quizzes/ without .toml) on the line after ```quiz")
	case 1:
		q.id = fields[0]
		st.quizzes = append(st.quizzes, q)
		st.res.Quizzes = append(st.res.Quizzes, fields[0])
	default:
		st.errorf(line, "a quiz block embeds one quiz; found %d ids: give each quiz its own ```quiz block", len(fields))
	}
	n.Parent().ReplaceChild(n.Parent(), n, q)
}

// setQuizzes gives each quiz block the HTML doc's Quiz gives it, in the page's order.
func (st *state) setQuizzes(doc *Document) {
	for _, q := range st.quizzes {
		html, msg := doc.Quiz(q.id)
		if msg != "" {
			st.errorf(q.line, "%s", msg)
		}
		q.html = html
	}
}

// keepTermRest keeps, before the link n is replaced by its text, what Sections reads as the
// rest of a definition when n follows a paragraph's opening **term**, as it did before.
func (st *state) keepTermRest(n *ast.Link, src []byte) {
	p, ok := n.Parent().(*ast.Paragraph)
	if !ok || p.FirstChild() == nil || p.FirstChild().NextSibling() != n {
		return
	}
	if strong, ok := p.FirstChild().(*ast.Emphasis); !ok || strong.Level != 2 {
		return
	}
	if _, kept := st.termRest[p]; kept {
		return // a link before n, replaced by no text, was the one after the term
	}
	if st.termRest == nil {
		st.termRest = map[*ast.Paragraph]string{}
	}
	st.termRest[p] = searchText(n, src)
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
