package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// QuizBlock is a fenced block (``` or ~~~) whose info string is quiz: the one way a page embeds
// a quiz. This file is the one place that reads them; the renderer, kith check and the index of
// which pages use which quiz all go through it, so they agree on what a page embeds.
type QuizBlock struct {
	Line int      // the line of the opening fence, 1-based in the Markdown read
	IDs  []string // the words inside the block; a valid block names exactly one quiz
}

// ID returns the quiz the block embeds, or "" when it names none or several.
func (b QuizBlock) ID() string {
	if len(b.IDs) != 1 {
		return ""
	}
	return b.IDs[0]
}

// quizBlock reads n as a quiz block, or reports false when n is some other fenced code.
func (st *state) quizBlock(n *ast.FencedCodeBlock) (QuizBlock, bool) {
	if string(n.Language(st.src)) != "quiz" {
		return QuizBlock{}, false
	}
	var body bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		body.Write(seg.Value(st.src))
	}
	b := QuizBlock{Line: st.lineOf(nodeOffset(n))}
	if n.Lines().Len() > 0 {
		b.Line-- // the offset is of the block's first line; the author looks for the fence above it
	}
	for _, f := range bytes.Fields(body.Bytes()) {
		b.IDs = append(b.IDs, string(f))
	}
	return b, true
}

// QuizIDs returns the ids of the quizzes the Markdown src embeds, in order, as the renderer
// embeds them: a block that names no quiz or several embeds none.
func QuizIDs(src []byte) []string {
	if !bytes.Contains(src, []byte("quiz")) {
		return nil // most pages: no need to parse
	}
	st := &state{src: src}
	var ids []string
	_ = ast.Walk(inspector.Parser().Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fence, ok := n.(*ast.FencedCodeBlock); ok && entering {
			if b, ok := st.quizBlock(fence); ok && b.ID() != "" {
				ids = append(ids, b.ID())
			}
		}
		return ast.WalkContinue, nil
	})
	return ids
}
