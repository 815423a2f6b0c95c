package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// videoSite names the video site a link leads to, "YouTube" or "Vimeo", or returns "" for
// any other address. It knows youtube.com/watch?v=, youtube.com/shorts/, youtu.be/,
// youtube-nocookie.com/embed/ and vimeo.com/<digits>.
func videoSite(dest string) string {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	host = strings.TrimPrefix(strings.TrimPrefix(host, "www."), "m.")
	p := strings.TrimSuffix(u.Path, "/")
	switch host {
	case "youtube.com":
		if p == "/watch" && videoID(u.Query().Get("v")) {
			return "YouTube"
		}
		if id, ok := strings.CutPrefix(p, "/shorts/"); ok && videoID(id) {
			return "YouTube"
		}
	case "youtu.be":
		if videoID(strings.TrimPrefix(p, "/")) {
			return "YouTube"
		}
	case "youtube-nocookie.com":
		if id, ok := strings.CutPrefix(p, "/embed/"); ok && videoID(id) {
			return "YouTube"
		}
	case "vimeo.com":
		if id := strings.TrimPrefix(p, "/"); id != "" && strings.Trim(id, "0123456789") == "" {
			return "Vimeo"
		}
	}
	return ""
}

// videoID reports whether s can be a YouTube video's id: letters, digits, - and _.
func videoID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// cardNode stands where a paragraph held only a link to a video site. Its children are the
// link's text, the video's title.
type cardNode struct {
	ast.BaseBlock
	dest []byte
	site string
	text string // the paragraph's text, as search reads it
}

var kindCard = ast.NewNodeKind("VideoCard")

func (n *cardNode) Kind() ast.NodeKind { return kindCard }

func (n *cardNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// videoLink returns the link a paragraph holds and nothing else, when it leads to a video
// site: a [title](address) or a bare address.
func videoLink(p *ast.Paragraph, src []byte) (ast.Node, string, bool) {
	var link ast.Node
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Link, *ast.AutoLink:
			if link != nil {
				return nil, "", false
			}
			link = c
		case *ast.Text:
			if len(strings.TrimSpace(string(c.Segment.Value(src)))) > 0 {
				return nil, "", false
			}
		default:
			return nil, "", false
		}
	}
	switch l := link.(type) {
	case *ast.Link:
		return l, string(l.Destination), true
	case *ast.AutoLink:
		return l, string(l.URL(src)), l.AutoLinkType == ast.AutoLinkURL
	}
	return nil, "", false
}

// embedCard replaces a paragraph holding only a link to a video with a card that links out.
// The card fetches nothing (no player, no thumbnail), so the video site learns nothing until
// the student follows the link, and the page keeps to its Content-Security-Policy.
func (st *state) embedCard(p *ast.Paragraph) {
	link, dest, ok := videoLink(p, st.src)
	if !ok {
		return
	}
	site := videoSite(dest)
	if site == "" {
		return
	}
	card := &cardNode{dest: []byte(dest), site: site, text: searchText(p, st.src)}
	if l, ok := link.(*ast.Link); ok && hasText(l, st.src) {
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			card.AppendChild(card, c)
			c = next
		}
	} else {
		card.AppendChild(card, escapedString(dest))
	}
	p.Parent().ReplaceChild(p.Parent(), p, card)
}

// renderCard writes the card: the site named before the title, and a mark and words saying the
// link leaves the site. rel=noreferrer keeps the lesson's address from the video site.
func (r *blockRenderer) renderCard(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*cardNode)
	if !entering {
		_, _ = w.WriteString(`</span> <span class="external"><span aria-hidden="true">↗</span> `)
		_, _ = w.Write(util.EscapeHTML([]byte(r.text("external_link"))))
		_, _ = w.WriteString("</span></a></p>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<p class="video-card"><a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.dest, true)))
	_, _ = w.WriteString(`" rel="noreferrer"><span class="video-card-site">`)
	_, _ = w.Write(util.EscapeHTML([]byte(strings.ReplaceAll(r.text("watch_on"), "{site}", n.site))))
	_, _ = w.WriteString(`</span> <span class="video-card-title">`)
	return ast.WalkContinue, nil
}
