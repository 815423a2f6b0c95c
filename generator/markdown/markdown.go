// Package markdown renders a page's Markdown with goldmark: CommonMark with GFM tables,
// strikethrough, autolinks and task lists, footnotes and typographer, heading ids and a table of
// contents. Links are rewritten to the site's relative URLs, quiz blocks are embedded, raw HTML is
// escaped unless the site opts in, and no style attribute is ever emitted.
package markdown

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kith/generator/diag"
)

// Options configure a Renderer for a whole site.
type Options struct {
	UnsafeHTML bool // pass raw HTML through instead of escaping it
	// Language is the site's language tag, the language of videos' captions; "" is English.
	Language string
	// Strings are the theme's words in the site's language; those of Words are used where it
	// has none.
	Strings map[string]string
}

// Words are the words the Markdown renderer writes into a page itself, in English: the theme's
// i18n/en.toml holds the same, and a site's language translates them there.
var Words = map[string]string{
	"video_captions": "Captions",
	"video_download": "Download the video:",
	"watch_on":       "Watch on {site}:",
	"external_link":  "(opens another site)",
}

// Renderer turns Markdown into HTML. One Renderer is shared by every page of a build and is safe
// for concurrent use. (goldmark gives lower priority numbers precedence: 100 beats its own 1000.)
type Renderer struct {
	md goldmark.Markdown
}

// Document is what a page needs from its own Markdown.
type Document struct {
	// Resolve turns a link or image destination that points inside the site into the URL to
	// emit. It returns ok=false, with a message saying how to fix it, for a broken link, and
	// Unlinked for a link to what this edition leaves out, which becomes its text.
	Resolve func(dest string) (url string, msg string, ok bool)
	// Quiz returns the HTML of the quiz with the given id, or a message when it cannot.
	Quiz func(id string) (html []byte, msg string)
	// File and FirstLine place diagnostics: the body's first line in its file.
	File      string
	FirstLine int
	// footnotes starts the ids of the footnotes, so that those of the quiz text on a page
	// differ from the page's own.
	footnotes string
}

// Unlinked is what Document.Resolve returns for a link to a page the edition being built leaves
// out: the link is replaced by its text. (No URL can hold a NUL.)
const Unlinked = "\x00unlinked"

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is an internal link with a fragment, kept so the build can check that its anchor exists.
type Link struct {
	Target   string // the URL emitted for the target page, relative to this one; "" for this page
	Fragment string
	Line     int
	Col      int
}

// Result is a rendered page.
type Result struct {
	HTML        []byte
	TOC         []Heading
	IDs         []string // every id the body defines, sorted
	Links       []Link
	Quizzes     []string // ids of the quizzes the page embeds, in order
	Diagnostics []*diag.Diagnostic
}

// New returns a Renderer.
func New(opts Options) *Renderer { return newRenderer(opts, false) }

// newRenderer returns a Renderer; inline ones render text that goes inside a line, such as a
// label, where an HTML block must not become a <pre>.
func newRenderer(opts Options, inline bool) *Renderer {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(newBlockRenderer(opts, inline), 100)),
	}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(extensions()...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(&transformer{unsafe: opts.UnsafeHTML}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Renderer{md: md}
}

// extensions are the Markdown kith reads beyond CommonMark.
func extensions() []goldmark.Extender {
	return []goldmark.Extender{
		extension.Linkify,
		extension.Strikethrough,
		extension.TaskList,
		extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)),
		extension.Typographer,
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
	}
}

var docKey = parser.NewContextKey()

// footnotePrefixKey holds, in a document's metadata, what starts its footnotes' ids.
const footnotePrefixKey = "kith-footnotes"

func footnotePrefix(n ast.Node) []byte {
	if doc := n.OwnerDocument(); doc != nil {
		if p, ok := doc.Meta()[footnotePrefixKey].(string); ok {
			return []byte(p)
		}
	}
	return nil
}

// Render renders one page's Markdown, or reports where it goes past the limits in limits.go.
func (r *Renderer) Render(src []byte, doc *Document) Result { return r.Parse(src, doc).Render(doc) }

// Parsed is a page's Markdown parsed once, for each output that shows it: a lesson's page and its
// slides differ only in where their links lead (the slides are a folder deeper) and in what
// stands for a quiz, so both render from one parse (parsing is most of the cost of Markdown).
// It is safe for concurrent use.
type Parsed struct {
	r *Renderer
	// mu is held while the tree is rendered: each render sets its own links and quizzes in it.
	mu   sync.Mutex
	st   *state
	root ast.Node // nil when the Markdown is past the limits
	// parsed is what the parse found: the table of contents, the ids, the quizzes, and the
	// problems that are the same for every output.
	parsed Result
}

// Parse parses a page's Markdown for doc: its File, FirstLine, and whether it has a Resolve
// and a Quiz, which every Document the result is rendered for must share. Links are resolved
// with doc's Resolve, which a Render for the same doc reuses.
func (r *Renderer) Parse(src []byte, doc *Document) *Parsed {
	st := &state{doc: doc, src: src}
	p := &Parsed{r: r, st: st}
	if err := CheckLimits(src); err != nil {
		p.parsed.Diagnostics = []*diag.Diagnostic{diag.Errorf(doc.File, err.Line+doc.FirstLine-1, err.Col, "%s", err.Message)}
		return p
	}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(docKey, st)
	p.root = r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	sort.Strings(st.res.IDs)
	p.parsed, st.res = st.res, Result{}
	return p
}

// Quizzes are the ids of the quizzes the page embeds, in order.
func (p *Parsed) Quizzes() []string { return p.parsed.Quizzes }

// Render renders the parsed page for the output whose links doc resolves and whose quizzes doc
// gives. The problems in the Result are the parse's and this output's links' and quizzes'.
func (p *Parsed) Render(doc *Document) Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	res := p.parsed
	res.Diagnostics = slices.Clone(res.Diagnostics)
	if p.root == nil {
		return res
	}
	st := p.st
	st.res = res
	st.setLinks(doc)
	st.setQuizzes(doc)
	// The HTML is about the size of the Markdown: room for a quarter more saves growing the
	// buffer again and again.
	buf := htmlBuffer{bytes.NewBuffer(make([]byte, 0, len(st.src)+len(st.src)/4+256))}
	if err := p.r.md.Renderer().Render(buf, st.src, p.root); err != nil {
		st.errorf(1, "cannot render: %v", err)
	}
	res, st.res = st.res, Result{}
	res.HTML = buf.Bytes()
	return res
}

// htmlBuffer lets goldmark write into the page's buffer itself, which it would otherwise do
// through a bufio.Writer of its own for every render.
type htmlBuffer struct{ *bytes.Buffer }

// Buffered is what is written and not yet in the buffer: nothing.
func (htmlBuffer) Buffered() int { return 0 }

// Flush does nothing: everything written is in the buffer.
func (htmlBuffer) Flush() error { return nil }

// Inline renders a short piece of Markdown, such as a quiz prompt, without its paragraph.
// It is used for text that is data, so raw HTML is always escaped and links are left as written.
func (r *Renderer) Inline(src string) []byte {
	out := safeInline.Render(dataText(src), dataDocument(src)).HTML
	out = bytes.TrimSpace(out)
	if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) &&
		bytes.Count(out, []byte("<p>")) == 1 {
		out = out[3 : len(out)-4]
	}
	return out
}

// Block renders Markdown that is data (a quiz's intro, an explanation): raw HTML is escaped.
func (r *Renderer) Block(src string) []byte {
	if CheckLimits([]byte(src)) != nil {
		return append(append([]byte("<p>"), util.EscapeHTML([]byte(src))...), "</p>"...) // shown as written, unparsed
	}
	res := safe.Render(dataText(src), dataDocument(src))
	return res.HTML
}

// DataProblems returns what, in Markdown that is data, would load from other sites or cannot
// work as a link, each at its line and column in src.
func DataProblems(src string) []Finding {
	doc := dataDocument(src)
	doc.File, doc.FirstLine = "-", 1
	var out []Finding
	for _, d := range safe.Render(dataText(src), doc).Diagnostics {
		out = append(out, Finding{Line: d.Line, Col: d.Col, Message: d.Message})
	}
	return out
}

// dataText is text from a TOML file as Markdown reads it: a multi-line string in a file saved
// with CRLF line ends keeps them, and no \r may reach the HTML.
func dataText(src string) []byte {
	return []byte(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"))
}

var (
	safe       = New(Options{})
	safeInline = newRenderer(Options{}, true)
)

// dataDocument is the Document of Markdown that is data. Its footnotes' ids start with a hash of
// the text, so that they differ from the page's and from other quiz text on the page, and the
// same text renders the same in every build.
func dataDocument(src string) *Document {
	h := fnv.New32a()
	h.Write([]byte(src))
	return &Document{footnotes: fmt.Sprintf("q%08x-", h.Sum32())}
}

type state struct {
	doc   *Document // the Document parsed for
	src   []byte
	lines []int // where each line of src starts, computed when a line number is first needed
	res   Result
	// matched are the offsets of the ] of links and images without text already placed.
	matched map[int]bool
	// links are the links and images whose destinations each render sets, in the page's order.
	links []*pendingLink
	// quizzes are the quiz blocks, in the page's order, whose HTML each render sets.
	quizzes []*quizNode
	// termRest holds, for a paragraph whose link after its opening **term** was replaced by its
	// text, that link's text: what Sections reads as the rest of the definition.
	termRest map[*ast.Paragraph]string
}

func (s *state) errorf(line int, format string, args ...any) {
	s.res.Diagnostics = append(s.res.Diagnostics, diag.Errorf(s.doc.File, line+s.doc.FirstLine-1, 0, format, args...))
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position returns the 1-based line and column (in bytes) of a byte offset.
func (s *state) position(offset int) (line, col int) {
	line = s.lineOf(offset)
	return line, offset - s.lines[line-1] + 1
}

// lineOf returns the 1-based line of a byte offset.
func (s *state) lineOf(offset int) int {
	if s.lines == nil {
		s.lines = lineStarts(s.src)
	}
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > offset })
}
