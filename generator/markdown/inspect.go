package markdown

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Inspection is what a page's Markdown shows about its writing, beyond whether it renders:
// its prose, for a reading level, and the places a reader would stumble.
type Inspection struct {
	// Prose is the text a reader reads, a block at a time (paragraph, heading, list item, table
	// cell), without code, quiz blocks, link addresses or image text.
	Prose    []Block
	Findings []Finding
	// Quizzes are the quiz blocks.
	Quizzes []QuizBlock
	// RawHTML are the places HTML is written: shown as text unless the site lets it through.
	RawHTML []Finding
	// Unsafe are the scripts, styles, event handlers, javascript: addresses, <base> and <meta
	// http-equiv> in the raw HTML, each at its own place: what breaks if the site lets raw HTML
	// through.
	Unsafe []Finding
	// Videos are the videos the page plays, each at its ![ with its destination as Message.
	Videos []Finding
}

// Block is one block of prose and the line it starts on.
type Block struct {
	Line int
	Text string
	// Paragraph is true for a paragraph of running text, outside lists, headings and tables.
	Paragraph bool
}

// Finding is a place in the Markdown that works but reads badly, or not at all with a screen reader.
type Finding struct {
	Line, Col int // 1-based, in the Markdown given to Inspect
	Message   string
}

// inspector parses as the Renderer does, without rewriting anything.
var inspector = goldmark.New(goldmark.WithExtensions(extensions()...), goldmark.WithParserOptions(parser.WithAttribute()))

// Inspect reads a page's Markdown for kith check. The page's title is its only h1, so the body's
// headings are expected to start at h2.
func Inspect(src []byte) Inspection {
	st := &state{src: src}
	var in Inspection
	if CheckLimits(src) != nil {
		return in // rendering reports it; parsing it would hang kith check
	}
	root := inspector.Parser().Parse(text.NewReader(src))
	addAt := func(offset int, msg string) {
		line, col := st.position(offset)
		in.Findings = append(in.Findings, Finding{Line: line, Col: col, Message: msg})
	}
	level := 1
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock:
			if b, ok := st.quizBlock(n); ok {
				in.Quizzes = append(in.Quizzes, b)
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				seg := n.Lines().At(0)
				line, col := st.position(seg.Start)
				in.RawHTML = append(in.RawHTML, Finding{Line: line, Col: col, Message: string(bytes.TrimSpace(seg.Value(src)))})
				stop := n.Lines().At(n.Lines().Len() - 1).Stop
				if n.HasClosure() {
					stop = n.ClosureLine.Stop
				}
				in.Unsafe = appendUnsafe(in.Unsafe, st, seg.Start, stop)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				seg := n.Segments.At(0)
				line, col := st.position(seg.Start)
				in.RawHTML = append(in.RawHTML, Finding{Line: line, Col: col, Message: string(seg.Value(src))})
				in.Unsafe = appendUnsafe(in.Unsafe, st, seg.Start, n.Segments.At(n.Segments.Len()-1).Stop)
			}
		case *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			switch {
			case n.Level == 1:
				addAt(headingStart(st, n), "a heading of level 1 (#) repeats the page's title, which is its only h1: use ## for the page's main parts")
			case n.Level > level+1:
				addAt(headingStart(st, n), headingSkip(level, n.Level))
			}
			level = n.Level
			in.Prose = appendProse(in.Prose, n, st)
		case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			before := len(in.Prose)
			in.Prose = appendProse(in.Prose, n, st)
			if _, inList := n.Parent().(*ast.ListItem); !inList && n.Kind() == ast.KindParagraph && len(in.Prose) > before {
				in.Prose[before].Paragraph = true
			}
		case *ast.Image:
			video := isVideo(string(n.Destination))
			var at int
			switch {
			case !hasText(n, src) && video:
				at = emptyBrackets(st, n, n.Destination)
				addAt(at, "the video has no alt text, so screen readers cannot name it: write what it shows between the brackets, ![like this](...)")
			case !hasText(n, src):
				at = emptyBrackets(st, n, n.Destination)
				addAt(at, "the image has no alt text, so screen readers cannot describe it: write what it shows between the brackets, ![like this](...)")
			case video:
				at = st.inlineStart(n, n.Destination)
			}
			if video {
				line, col := st.position(at)
				in.Videos = append(in.Videos, Finding{Line: line, Col: col, Message: string(n.Destination)})
			}
		case *ast.Link:
			if len(bytes.TrimSpace(n.Destination)) == 0 {
				addAt(emptyBrackets(st, n, n.Destination), "the link goes nowhere: write where it leads between the parentheses, [text](other-page.md)")
			}
			if !hasText(n, src) {
				addAt(emptyBrackets(st, n, n.Destination), "the link has no text, so nobody can tell where it goes: write its text between the brackets, [like this](...)")
			}
		}
		return ast.WalkContinue, nil
	})
	sort.SliceStable(in.Findings, func(i, j int) bool {
		a, b := in.Findings[i], in.Findings[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return in
}

// appendUnsafe adds what unsafeHTML finds in the raw HTML between two offsets.
func appendUnsafe(out []Finding, st *state, start, stop int) []Finding {
	if start < 0 || stop > len(st.src) || start >= stop {
		return out
	}
	for _, f := range unsafeHTML(string(st.src[start:stop])) {
		line, col := st.position(start + f.offset)
		out = append(out, Finding{Line: line, Col: col, Message: f.message})
	}
	return out
}

func headingSkip(from, to int) string {
	hashes := func(n int) string { return string(bytes.Repeat([]byte("#"), n)) }
	what := "the page's title (h1)"
	if from > 1 {
		what = "an h" + string(rune('0'+from))
	}
	return "the heading jumps from " + what + " to h" + string(rune('0'+to)) +
		", which leaves screen-reader users wondering what they missed: make it " + hashes(from+1) + ", or add the level between"
}

// emptyBrackets finds where a link or image with no text starts: the [ (or ![) matching the ]
// before "(" and its destination, on the node's line. A ] matched once is not matched again, so
// two empty links to one place on a line are told apart.
func emptyBrackets(st *state, n ast.Node, dest []byte) int {
	from := nodeOffset(n)
	line := st.lineOf(from)
	lineStart, end := st.lines[line-1], len(st.src)
	if line < len(st.lines) {
		end = st.lines[line]
	}
	needle := append([]byte("]("), dest...)
	if len(dest) == 0 {
		needle = []byte("]()")
	}
	close := -1
	for at := lineStart; at < end; {
		i := bytes.Index(st.src[at:end], needle)
		if i < 0 {
			break
		}
		if !st.matched[at+i] {
			close = at + i
			break
		}
		at += i + 1
	}
	if close < 0 {
		return from
	}
	if st.matched == nil {
		st.matched = map[int]bool{}
	}
	st.matched[close] = true
	depth := 0
	for at := close; at >= lineStart; at-- {
		switch st.src[at] {
		case ']':
			depth++
		case '[':
			depth--
		}
		if depth == 0 {
			if _, ok := n.(*ast.Image); ok && at > 0 && st.src[at-1] == '!' {
				at--
			}
			return at
		}
	}
	return from
}

// headingStart is the offset of the first # of a heading's line.
func headingStart(st *state, n ast.Node) int {
	at := st.lines[st.lineOf(nodeOffset(n))-1]
	for at < len(st.src) && (st.src[at] == ' ' || st.src[at] == '\t') {
		at++
	}
	return at
}

// hasText reports whether a link says something: text, or an image with alt text.
func hasText(n ast.Node, src []byte) bool {
	return len(bytes.TrimSpace([]byte(plainText(n, src)))) > 0
}

// appendProse adds the reading text of a block, leaving out code spans, images and footnote marks.
func appendProse(prose []Block, n ast.Node, st *state) []Block {
	if t := readText(n, st.src, false); t != "" {
		prose = append(prose, Block{Line: st.lineOf(nodeOffset(n)), Text: t})
	}
	return prose
}
