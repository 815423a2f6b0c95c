package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// quizNode stands where a ```quiz block was, holding the quiz's HTML for the output rendered.
type quizNode struct {
	ast.BaseBlock
	id   string // the quiz embedded; "" for a block that names none or several
	line int    // of the block's fence, for messages
	html []byte
}

var kindQuiz = ast.NewNodeKind("Quiz")

func (n *quizNode) Kind() ast.NodeKind { return kindQuiz }

func (n *quizNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// taskEnd closes the label that a task list item's checkbox opens, after the item's text.
type taskEnd struct{ ast.BaseInline }

var kindTaskEnd = ast.NewNodeKind("TaskEnd")

func (n *taskEnd) Kind() ast.NodeKind { return kindTaskEnd }

func (n *taskEnd) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// blockRenderer renders quiz blocks and, unless the site allows raw HTML, shows raw HTML as text:
// a block of it as preformatted text, or, inline, as a paragraph that Inline unwraps.
type blockRenderer struct {
	unsafe, inline bool
	language       string
	strings        map[string]string
}

func newBlockRenderer(opts Options, inline bool) *blockRenderer {
	lang := opts.Language
	if lang == "" {
		lang = "en"
	}
	return &blockRenderer{unsafe: opts.UnsafeHTML, inline: inline, language: lang, strings: opts.Strings}
}

// text returns one of Words in the site's language.
func (r *blockRenderer) text(key string) string {
	if s, ok := r.strings[key]; ok {
		return s
	}
	return Words[key]
}

func (r *blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindQuiz, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*quizNode).html)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindVideo, r.renderVideo)
	reg.Register(kindVideoLabel, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*videoLabel).text)))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindCard, r.renderCard)
	// A task list's checkbox is labelled by its item's text, so assistive technology names it.
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			checked := ""
			if n.(*east.TaskCheckBox).IsChecked {
				checked = ` checked=""`
			}
			_, _ = w.WriteString(`<label class="task"><input` + checked + ` disabled="" type="checkbox"> `)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindTaskEnd, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("</label>")
		}
		return ast.WalkContinue, nil
	})
	if r.unsafe {
		return
	}
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		var text []byte
		for i := 0; i < b.Lines().Len(); i++ {
			seg := b.Lines().At(i)
			text = append(text, seg.Value(src)...)
		}
		if b.HasClosure() {
			text = append(text, b.ClosureLine.Value(src)...)
		}
		if r.inline {
			_, _ = w.WriteString("<p>")
			_, _ = w.Write(util.EscapeHTML(bytes.TrimSpace(text)))
			_, _ = w.WriteString("</p>\n")
			return ast.WalkSkipChildren, nil
		}
		_, _ = w.WriteString(`<pre class="raw-html"><code>`)
		_, _ = w.Write(util.EscapeHTML(text))
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
		return ast.WalkSkipChildren, nil
	})
}
