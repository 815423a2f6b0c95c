package markdown

import (
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// videoExts are the video files a Markdown image may name: the formats every current browser
// plays without a plug-in.
var videoExts = []string{".mp4", ".webm"}

// isVideo reports whether an image's destination names a video file under content/.
func isVideo(dest string) bool {
	if !isInternal(dest) {
		return false
	}
	file, _ := splitDest(dest)
	ext := strings.ToLower(path.Ext(file))
	for _, e := range videoExts {
		if ext == e {
			return true
		}
	}
	return false
}

// CaptionsFor returns where a video's captions are looked for: a WebVTT file of the same name
// beside it, "clip.mp4" -> "clip.vtt".
func CaptionsFor(dest string) string {
	file, _ := splitDest(dest)
	return strings.TrimSuffix(file, path.Ext(file)) + ".vtt"
}

// splitDest cuts a destination before its query or fragment ("clip.mp4#t=10" plays from 10s).
func splitDest(dest string) (file, rest string) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		return dest[:i], dest[i:]
	}
	return dest, ""
}

// videoNode stands where a Markdown image named a video.
type videoNode struct {
	ast.BaseInline
	src      []byte // the URL emitted for the video
	alt      string // its alt text: the player's label
	captions []byte // the URL of its captions, or nil when it has none
	name     string // the file's name, for the fallback link when there is no alt text
}

var kindVideo = ast.NewNodeKind("Video")

func (n *videoNode) Kind() ast.NodeKind { return kindVideo }

func (n *videoNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// pendingVideo is an image to turn into a video once the page's links are resolved.
type pendingVideo struct {
	img  *ast.Image
	dest string       // as written, before it was resolved
	link *pendingLink // what sets its address for each output; nil when it stays as written
}

// embedVideo replaces the image v.img with a player. Its captions are the .vtt file of the
// same name, when the site has one: Resolve knows every file under content/.
func (st *state) embedVideo(v pendingVideo) {
	img := v.img
	parent := img.Parent()
	if parent == nil {
		return
	}
	alt := strings.TrimSpace(plainText(img, st.src))
	for p := parent; p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			// A player inside a link would be a control inside a control: the link keeps its text.
			parent.ReplaceChild(parent, img, &videoLabel{text: alt})
			return
		}
	}
	file, _ := splitDest(v.dest)
	if f, err := url.PathUnescape(file); err == nil {
		file = f
	}
	n := &videoNode{src: img.Destination, alt: alt, name: path.Base(file)}
	if v.link != nil {
		v.link.video = n
		if url, _, ok := st.doc.Resolve(CaptionsFor(v.dest)); ok {
			v.link.captions = []byte(url)
		}
	}
	parent.ReplaceChild(parent, img, n)
}

// videoLabel stands for a video inside a link, which keeps its text: the video's alt text. It
// is not part of the page's text for search, as an image's alt text is not.
type videoLabel struct {
	ast.BaseInline
	text string
}

var kindVideoLabel = ast.NewNodeKind("VideoLabel")

func (n *videoLabel) Kind() ast.NodeKind { return kindVideoLabel }

func (n *videoLabel) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// renderVideo writes a player with controls that loads only the video's size and length until
// the student presses play, labelled by the alt text, with a link to the file for browsers that
// cannot play it.
func (r *blockRenderer) renderVideo(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*videoNode)
	src := util.EscapeHTML(util.URLEscape(n.src, true))
	_, _ = w.WriteString(`<video controls preload="metadata" src="`)
	_, _ = w.Write(src)
	_ = w.WriteByte('"')
	if n.alt != "" {
		_, _ = w.WriteString(` aria-label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.alt)))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	if n.captions != nil {
		_, _ = w.WriteString(`<track kind="captions" src="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.captions, true)))
		_, _ = w.WriteString(`" srclang="`)
		_, _ = w.Write(util.EscapeHTML([]byte(r.language)))
		_, _ = w.WriteString(`" label="`)
		_, _ = w.Write(util.EscapeHTML([]byte(r.text("video_captions"))))
		_, _ = w.WriteString(`" default>`)
	}
	label := n.alt
	if label == "" {
		label = n.name
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(src)
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(util.EscapeHTML([]byte(r.text("video_download") + " " + label)))
	_, _ = w.WriteString(`</a></video>`)
	return ast.WalkSkipChildren, nil
}

// escapedString is text for the page, escaped once here and written as it is.
func escapedString(s string) *ast.String {
	n := ast.NewString(util.EscapeHTML([]byte(s)))
	n.SetCode(true)
	return n
}
