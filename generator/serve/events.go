package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kith/generator/diag"
	"kith/generator/preview"
)

//go:embed live.js
var liveJS []byte

//go:embed live.css
var liveCSS []byte

// message is what the server tells a tab over its event stream.
type message struct {
	// Type is "reload" (the page changed), "css" (only stylesheets changed: swap them), "goto"
	// (open URL instead), "errors" (show the overlay) or "ok" (remove it).
	Type string `json:"type"`
	URL  string `json:"url,omitempty"`
	// Hash identifies the page the tab shows after a reload or a stylesheet swap.
	Hash string `json:"hash,omitempty"`
	// HTML is the new page, for a reload: the tab need not ask for it.
	HTML   string      `json:"html,omitempty"`
	Swaps  []swap      `json:"swaps,omitempty"`
	Errors []errorLine `json:"errors,omitempty"`
	// Trace times the steps of a save, for the latency benchmark only (see tracing).
	Trace *saveTrace `json:"trace,omitempty"`
}

// tracing makes reload messages carry a saveTrace. Only the latency benchmark sets it.
var tracing atomic.Bool

// saveTrace is when the steps of a save happened on the server, in milliseconds since
// 1970, as the tab's performance.timeOrigin + performance.now() counts them.
type saveTrace struct {
	Event   float64 `json:"event"`   // the first file system event of the save arrived
	Rebuilt float64 `json:"rebuilt"` // the rebuild was done
	Rebuild float64 `json:"rebuild"` // how long the rebuild took, in milliseconds
	Sent    float64 `json:"sent"`    // the message went to the tab
}

func unixMillis(t time.Time) float64 { return float64(t.UnixNano()) / 1e6 }

type swap struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type errorLine struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
	Text    string `json:"text"` // file:line:col: message
}

// client is one open tab, listening for what to do after a rebuild.
type client struct {
	page string // the output it shows: "lessons/first/index.html"
	hash string // the content it was served, as pageHash gives it
	// missing is set when the tab shows the 404 page because its page does not exist.
	missing bool
	out     chan message
	once    sync.Once
	gone    chan struct{}
}

func (c *client) send(m message) {
	select {
	case c.out <- m:
	case <-c.gone:
	default:
		// A tab that does not read its messages gets the one that matters most: reload.
		select {
		case <-c.out:
		default:
		}
		select {
		case c.out <- message{Type: "reload"}:
		default:
		}
	}
}

func (c *client) close() { c.once.Do(func() { close(c.gone) }) }

// events streams messages to one tab. The tab names the page it shows and the hash it was
// served, so one that missed a rebuild while it loaded is told at once.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	st := s.state.Load()
	page, _ := strings.CutPrefix(r.URL.Query().Get("path"), st.base)
	page = strings.TrimPrefix(page, "/")
	if page == "" || strings.HasSuffix(page, "/") {
		page += "index.html"
	}
	q := r.URL.Query()
	c := &client{page: page, hash: q.Get("hash"), missing: q.Get("missing") == "1", out: make(chan message, 8), gone: make(chan struct{})}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("retry: 500\n\n"))
	flusher.Flush()

	s.mu.Lock()
	s.clients[c] = true
	// Under the lock, so no rebuild's messages can come between this check and the next.
	st = s.state.Load()
	if len(st.errors) > 0 {
		c.send(errorsMessage(st.errors))
	}
	if st.snap != nil {
		if m, ok := s.update(c, nil, st.snap, ""); ok {
			// The tab missed a rebuild while it loaded.
			c.send(m)
		}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	enc := json.NewEncoder(w)
	// A page's < > & as they are, not \u003c: a smaller message, decoded sooner. The stream
	// is not HTML, and JSON escapes the line breaks that would end a message.
	enc.SetEscapeHTML(false)
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.gone:
			return
		case m := <-c.out:
			if m.Trace != nil {
				t := *m.Trace
				t.Sent = unixMillis(time.Now())
				m.Trace = &t
			}
			_, _ = w.Write([]byte("data: "))
			if err := enc.Encode(m); err != nil {
				return
			}
			_, _ = w.Write([]byte("\n"))
			flusher.Flush()
		}
	}
}

func errorsMessage(ds []*diag.Diagnostic) message {
	m := message{Type: "errors"}
	for _, d := range ds {
		m.Errors = append(m.Errors, errorLine{File: d.File, Line: d.Line, Col: d.Col, Message: d.Message, Text: d.Error()})
	}
	return m
}

func (s *Server) broadcastErrors(ds []*diag.Diagnostic) {
	m := errorsMessage(ds)
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		c.send(m)
	}
}

// broadcastBuild tells each tab what the new build means for it.
func (s *Server) broadcastBuild(prev *state, snap *preview.Snapshot, changed []string) {
	target := ""
	if s.opts.Navigate {
		for _, f := range changed {
			if p, ok := snap.Pages[f]; ok {
				target = p
				break
			}
		}
	}
	old := prev.snap
	var trace *saveTrace
	if tracing.Load() {
		trace = &saveTrace{Event: unixMillis(s.watcher.takenSince()), Rebuilt: unixMillis(time.Now()),
			Rebuild: float64(snap.Duration) / 1e6}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		if len(prev.errors) > 0 {
			c.send(message{Type: "ok"})
		}
		t := target
		if prev.base != snap.BasePath && t == "" {
			// base_url's path changed: the tab's address is not the site's any more.
			t = c.page
			if !snap.Has(t) {
				t = movedTo(c.page, old, snap)
			}
			c.page = ""
		}
		if m, ok := s.update(c, old, snap, t); ok {
			m.Trace = trace
			c.send(m)
		}
	}
}

// update decides what a tab must do about a new build, if anything.
func (s *Server) update(c *client, old, snap *preview.Snapshot, target string) (message, bool) {
	base := snap.BasePath
	if target != "" && target != c.page {
		c.page, c.hash = target, ""
		return message{Type: "goto", URL: base + strings.TrimSuffix(target, "index.html")}, true
	}
	data, ok := snap.File(c.page)
	switch {
	case ok && c.missing:
		c.missing, c.hash = false, s.pageHash(data)
		return message{Type: "reload", Hash: c.hash}, true
	case !ok && c.missing:
		data, _ = snap.File("404.html")
	case !ok:
		dest := movedTo(c.page, old, snap)
		c.page, c.hash = dest, ""
		return message{Type: "goto", URL: base + strings.TrimSuffix(dest, "index.html")}, true
	}
	hash := s.pageHash(data)
	if hash == c.hash {
		return message{}, false
	}
	defer func() { c.hash = hash }()
	if old != nil && !c.missing {
		if was, ok := old.File(c.page); ok && s.pageHash(was) == c.hash {
			if swaps := stylesheetSwaps(old, snap, was, data); swaps != nil {
				return message{Type: "css", Swaps: swaps, Hash: hash}, true
			}
		}
	}
	return message{Type: "reload", Hash: hash, HTML: string(data)}, true
}

// movedTo finds where a tab whose page is gone should go: the page's new place when one new
// page has its name (its section folder was renamed), else the nearest section above it.
func movedTo(page string, old, snap *preview.Snapshot) string {
	name := path.Base(path.Dir(page))
	if old != nil && name != "." {
		var found []string
		for p := range snap.Paths() {
			if !old.Has(p) && path.Base(path.Dir(p)) == name && path.Base(p) == "index.html" {
				found = append(found, p)
			}
		}
		if len(found) == 1 {
			return found[0]
		}
	}
	dir := path.Dir(page)
	for {
		dir = path.Dir(dir)
		if dir == "." || dir == "/" {
			return "index.html"
		}
		if snap.Has(dir + "/index.html") {
			return dir + "/index.html"
		}
	}
}

// stylesheetSwaps returns the stylesheets to swap when the only difference between a page's
// old and new HTML is the names of stylesheets whose content changed; otherwise nil.
func stylesheetSwaps(old, snap *preview.Snapshot, was, now []byte) []swap {
	oldByName := map[string]string{}
	for p, name := range old.Assets {
		oldByName[name] = p
	}
	var swaps []swap
	for p, name := range snap.Assets {
		if from, ok := oldByName[name]; ok && from != p && path.Ext(name) == ".css" {
			swaps = append(swaps, swap{From: from, To: p})
		}
	}
	if len(swaps) == 0 {
		return nil
	}
	sort.Slice(swaps, func(i, j int) bool { return swaps[i].From < swaps[j].From })
	replaced := was
	for _, sw := range swaps {
		replaced = bytes.ReplaceAll(replaced, []byte(sw.From), []byte(sw.To))
	}
	if !bytes.Equal(replaced, now) {
		return nil
	}
	return swaps
}
