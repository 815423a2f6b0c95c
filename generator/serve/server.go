// Package serve is kith's preview server: it builds a site into memory with the build pipeline,
// serves it, watches the site's files, rebuilds what a change touches and tells the open browser
// tabs to update, or shows them what went wrong.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"hash/maphash"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/preview"
)

// Options are the settings of the preview server. The command line checks them where they
// enter (config.CheckBaseURL, CheckBind, the port's range); Start trusts them.
type Options struct {
	Source   string // the site's folder
	Bind     string // the address to listen on; 127.0.0.1 when empty
	Port     int    // the port to try first; 0 picks any free port
	BaseURL  string // overrides site.toml's base_url when set
	Drafts   bool   // show draft pages too
	Poll     bool   // poll for changes instead of using file system events
	Navigate bool   // send open tabs to the page that was just edited
	// Edition is who the preview is for; "" takes site.toml's edition.
	Edition content.Audience
	// Log receives one line per event the author should see; discarded when nil.
	Log io.Writer
	// Watch tunes the watcher; Poll above overrides its Poll.
	Watch WatchOptions
}

// Server is a running preview.
type Server struct {
	opts    Options
	preview *preview.Preview
	watcher *Watcher
	state   atomic.Pointer[state]
	seed    maphash.Seed
	version string // tells this server's live-reload client from another's, for caching
	http    *http.Server
	addr    string
	ip      net.IP // the address it listens on
	port    string // the port it listens on, which a request's Host must name
	wide    bool   // it listens beyond this computer: any IP address is its host name
	stopped chan struct{}
	looped  chan struct{} // closed when rebuildLoop has returned, and with it the background build
	built   chan struct{} // receives after every rebuild, for tests
	// good is the last complete build, served while a later one fails; used by rebuildLoop only.
	good *preview.Snapshot
	// saveFailed tells that the last save did not build, its errors perhaps not shown yet (the
	// watcher rechecks a save read at its first event): the pages served then stay. Read and
	// written by rebuildLoop only.
	saveFailed bool

	mu      sync.Mutex
	clients map[*client]bool
	warned  map[string]bool // the warnings printed, used by the rebuilding goroutine only
	refused map[string]bool // the host names refused and logged, under mu
}

// state is what the server serves: the last good build, and the errors of the last rebuild
// when it failed.
type state struct {
	snap   *preview.Snapshot // nil until a build succeeds
	errors []*diag.Diagnostic
	base   string // the base path: "/" or "/toolkit/"
}

// Start loads the site, starts watching it and listens. It returns once the site is being
// served; it stops when ctx is done, and Wait returns after that.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{opts: opts, seed: maphash.MakeSeed(), version: strconv.FormatInt(time.Now().UnixNano(), 36), clients: map[*client]bool{},
		refused: map[string]bool{}, stopped: make(chan struct{}), built: make(chan struct{}, 64)}
	// The watcher reads every file of the site, to tell later what a save changed, which takes
	// about as long as loading the site (1.8 s against 2 s on 10,000 lessons): the two run side
	// by side. A save while they run is seen unless the load read the file before it and the
	// watcher after it; a save during the background build is always seen.
	wopts := opts.Watch
	wopts.Poll = wopts.Poll || opts.Poll
	wopts.Log = func(format string, args ...any) { s.logf(format, args...) }
	type watching struct {
		w   *Watcher
		err error
	}
	started := make(chan watching, 1)
	go func() {
		w, err := Watch(ctx, opts.Source, wopts)
		started <- watching{w, err}
	}()

	// The site is loaded, not rendered: each page renders when it is first asked for, and the
	// rest of the build runs in the background (rebuildLoop).
	s.preview = preview.NewOnDemand(preview.Options{Source: opts.Source, BaseURL: opts.BaseURL, Drafts: opts.Drafts, Edition: opts.Edition})
	snap, err := s.preview.Rebuild(nil)
	ws := <-started
	if ws.err != nil {
		return nil, ws.err
	}
	w := ws.w
	s.watcher = w
	st := &state{base: s.basePath()}
	if err != nil {
		st.errors = diag.As(err)
		s.printErrors(st.errors, false)
	} else {
		st.snap, st.base = snap, snap.BasePath
		s.printWarnings(snap)
		s.logf("Loaded %s in %s: ready to browse. Pages render as you open them; the rest of the build runs in the background.", snap.Counts, round(snap.Duration))
	}
	s.state.Store(st)
	if w.Polling() {
		if opts.Poll {
			s.logf("Checking for changes every %s (--poll)", pollInterval(wopts))
		}
	} else {
		s.logf("Watching %d folders for changes", w.Folders())
	}

	ln, err := listen(opts.Bind, opts.Port)
	if err != nil {
		return nil, err
	}
	tcp := ln.Addr().(*net.TCPAddr)
	s.addr, s.ip, s.port, s.wide = tcp.String(), tcp.IP, strconv.Itoa(tcp.Port), !tcp.IP.IsLoopback()
	if opts.Port != 0 && tcp.Port != opts.Port {
		s.logf("Port %d is taken; using %d instead", opts.Port, tcp.Port)
	}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	s.looped = make(chan struct{})
	go s.rebuildLoop(ctx)
	go func() {
		<-ctx.Done()
		s.shutdown()
	}()
	return s, nil
}

// basePath is the path of the site's base_url while the site does not build, so that even its
// error page is served where the site will be.
func (s *Server) basePath() string { return s.preview.BasePath() }

func pollInterval(o WatchOptions) time.Duration {
	if o.Interval == 0 {
		return 500 * time.Millisecond
	}
	return o.Interval
}

// listen listens on port, or the next free one after it.
func listen(bind string, port int) (net.Listener, error) {
	var first error
	for p := port; p < port+50 && p <= 65535; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			return ln, nil
		}
		if first == nil {
			first = err
		}
		if port == 0 {
			break
		}
	}
	return nil, fmt.Errorf("cannot listen on %s: %w", net.JoinHostPort(bind, strconv.Itoa(port)), first)
}

// URL is the address of the site's home page on this computer.
func (s *Server) URL() string {
	host := s.addr
	if s.ip.IsUnspecified() {
		// Listening on every address; browsers refuse to open 0.0.0.0 itself.
		host = net.JoinHostPort("127.0.0.1", s.port)
	}
	return "http://" + host + urlPath(s.state.Load().base)
}

// NetworkURLs are the addresses of the site's home page for other devices, when the server
// listens beyond this computer: this computer's addresses on its networks.
func (s *Server) NetworkURLs() []string {
	if !s.wide {
		return nil
	}
	base := urlPath(s.state.Load().base)
	if !s.ip.IsUnspecified() {
		return []string{"http://" + s.addr + base}
	}
	addrs, _ := net.InterfaceAddrs()
	var urls []string
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		// Link-local addresses need a zone that a URL cannot carry.
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() {
			continue
		}
		urls = append(urls, "http://"+net.JoinHostPort(n.IP.String(), s.port)+base)
	}
	return urls
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.addr }

// Wait returns once the server has stopped.
func (s *Server) Wait() { <-s.stopped }

func (s *Server) shutdown() {
	defer close(s.stopped)
	defer func() {
		// The background build stops at its next batch; wait for it (it may read the site's
		// files), but not past the second an author is promised (making the search index of a
		// large site takes longer, and ends with the process).
		select {
		case <-s.looped:
		case <-time.After(time.Second):
		}
	}()
	s.mu.Lock()
	for c := range s.clients {
		c.close()
	}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		_ = s.http.Close()
	}
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

// printErrors prints a failed build's errors; served says whether an earlier build is still served.
func (s *Server) printErrors(ds []*diag.Diagnostic, served bool) {
	files := map[string]bool{}
	for _, d := range ds {
		s.logf("%s", d.Error())
		files[d.File] = true
	}
	fix := "file"
	if len(files) > 1 {
		fix = "files"
	}
	if served {
		s.logf("The site could not be built: %s. Still serving the last good build; fix the %s and save.",
			diag.Count(len(ds), "error", "errors"), fix)
		return
	}
	s.logf("The site could not be built: %s. The browser shows them until you fix the %s and save; then it shows the site.",
		diag.Count(len(ds), "error", "errors"), fix)
}

// printWarnings prints the warnings the last build did not have, so that a save does not
// repeat the whole list.
func (s *Server) printWarnings(snap *preview.Snapshot) {
	now := map[string]bool{}
	for _, w := range snap.Warnings {
		text := w.Error()
		now[text] = true
		if !s.warned[text] {
			s.logf("%s", text)
		}
	}
	s.warned = now
}

func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(100 * time.Microsecond)
}

// rebuildLoop rebuilds after each batch of changes, one rebuild at a time: changes that arrive
// during a rebuild are gathered by the watcher into the next batch.
//
// A rebuild renders the edited page at once and may leave the search index, which holds every
// page's words and takes longer, to be brought up to date once no change has come for
// settleAfter: the tab shows the edit first, and a run of saves does not wait for the index.
//
// After a load (at the start, or once a site that did not load loads), the rest of the build
// renders in the background (Preview.RenderRest) while this loop goes on applying saves; once it
// is done, complete runs the checks across pages and serves the complete build.
func (s *Server) rebuildLoop(ctx context.Context) {
	defer close(s.looped)
	pending := false
	var rest chan struct{} // open while the background build renders
	defer func() {
		if rest != nil {
			<-rest // it stops at its next batch, ctx being done
		}
	}()
	for {
		if rest == nil && s.preview.Partial() {
			rest = make(chan struct{})
			go func(done chan struct{}) {
				defer close(done)
				s.preview.RenderRest(ctx)
			}(rest)
		}
		wait, cancel := ctx, context.CancelFunc(func() {})
		if pending {
			wait, cancel = context.WithTimeout(ctx, settleAfter)
		}
		if rest != nil {
			// Wake up when the background build is done, too.
			var stopWaiting context.CancelFunc
			wait, stopWaiting = context.WithCancel(wait)
			go func(done chan struct{}, wait context.Context) {
				select {
				case <-done:
					stopWaiting()
				case <-wait.Done():
				}
			}(rest, wait)
			cancelTimeout := cancel
			cancel = func() { stopWaiting(); cancelTimeout() }
		}
		changed, err := s.watcher.Next(wait)
		cancel()
		switch {
		case err == nil:
			pending = s.rebuild(changed)
		case ctx.Err() != nil:
			return
		case rest != nil && closed(rest):
			rest = nil
			s.complete()
		case pending && errors.Is(err, context.DeadlineExceeded):
			s.settle()
			pending = false
		default:
			return
		}
	}
}

// closed reports whether ch is closed.
func closed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// complete finishes the build the background started: the checks across pages, then the
// complete build is served, or its errors shown.
func (s *Server) complete() {
	snap, err := s.preview.Finish()
	if snap == nil && err == nil {
		return // the site stopped loading meanwhile: a save that fixes it loads it again
	}
	prev := s.state.Load()
	if err != nil {
		ds := diag.As(err)
		// Errors the background build found in the site as loaded: the pages show them, as when
		// a site does not build, unless an earlier build was complete. But when a save made
		// meanwhile failed already, the pages served then stay, as after any failed save.
		keep := s.good
		if (len(prev.errors) > 0 || s.saveFailed) && prev.snap != nil { // shown or not yet (Recheck)
			keep = prev.snap
		}
		s.state.Store(&state{snap: keep, errors: ds, base: prev.base})
		if !sameErrors(prev.errors, ds) { // the tabs and the log have these already
			s.printErrors(ds, keep != nil)
			s.broadcastErrors(ds)
		}
	} else {
		s.good = snap
		s.state.Store(&state{snap: snap, base: snap.BasePath})
		s.printWarnings(snap)
		hidden := ""
		if n := snap.Counts.Drafts; n > 0 {
			hidden = " (" + diag.Count(n, "draft", "drafts") + " hidden: kith serve --drafts shows drafts)"
		}
		if note := snap.Counts.EditionNote(); note != "" {
			hidden += " (" + note + ")"
		}
		s.logf("Built %s in %s%s", snap.Counts, round(snap.Duration), hidden)
		if len(prev.errors) > 0 || prev.snap == nil {
			s.broadcastBuild(prev, snap, nil)
		}
	}
	select {
	case s.built <- struct{}{}:
	default:
	}
}

// sameErrors reports whether two lists of errors say the same.
func sameErrors(a, b []*diag.Diagnostic) bool {
	return slices.EqualFunc(a, b, func(x, y *diag.Diagnostic) bool { return x.Error() == y.Error() })
}

// settleAfter is how long kith serve waits after the last change before it brings the search
// index up to date.
const settleAfter = 200 * time.Millisecond

// settle brings the search index up to date after in-place rebuilds left it behind.
func (s *Server) settle() {
	snap, err := s.preview.Settle()
	if err != nil {
		ds := diag.As(err)
		prev := s.state.Load()
		s.state.Store(&state{snap: prev.snap, errors: ds, base: prev.base})
		s.printErrors(ds, prev.snap != nil)
		s.broadcastErrors(ds)
		return
	}
	if snap == nil {
		return
	}
	// Only the index's files changed: no tab shows them, so none is told.
	s.state.Store(&state{snap: snap, base: snap.BasePath})
	s.logf("Search index updated in %s (%d files)", round(snap.Duration), snap.Rendered)
	select {
	case s.built <- struct{}{}:
	default:
	}
}

// rebuild rebuilds after the files in changed changed, and reports whether the search index is
// left to settle.
func (s *Server) rebuild(changed []string) bool {
	snap, err := s.preview.Rebuild(changed)
	s.saveFailed = err != nil
	if err != nil && s.watcher.Recheck() {
		// Read at the first event of a save, which may have been half written: the errors are
		// shown only if the files still fail once the save has settled.
		return s.preview.Pending()
	}
	prev := s.state.Load()
	what := strings.Join(changed, ", ")
	if len(changed) > 3 {
		what = fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
	}
	if err != nil {
		ds := diag.As(err)
		base := prev.base
		if prev.snap == nil {
			base = s.basePath()
		}
		s.state.Store(&state{snap: prev.snap, errors: ds, base: base})
		s.printErrors(ds, prev.snap != nil)
		s.broadcastErrors(ds)
	} else {
		// The new build is in place before any tab hears of it.
		s.state.Store(&state{snap: snap, base: snap.BasePath})
		if !snap.Partial {
			s.good = snap
		}
		s.printWarnings(snap)
		how := "in place"
		switch {
		case snap.Full:
			how = "full"
		case snap.Reloaded:
			how = "site reloaded"
		case snap.Loaded:
			how = "site loaded; pages render as you open them, the rest in the background"
		}
		s.logf("Rebuilt in %s (%s, %d rendered): %s", round(snap.Duration), how, snap.Rendered, what)
		s.broadcastBuild(prev, snap, changed)
	}
	select {
	case s.built <- struct{}{}:
	default:
	}
	return s.preview.Pending()
}

// ServeHTTP serves the site from memory under its base path, the live-reload client and its
// event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secure(w.Header())
	if s.refuse(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	p := r.URL.Path
	if st.base != "/" && (p == "/" || p+"/" == st.base) {
		http.Redirect(w, r, urlPath(st.base), http.StatusFound)
		return
	}
	rel, ok := strings.CutPrefix(p, st.base)
	if !ok || !safe(rel) {
		s.notFound(w, st)
		return
	}
	switch rel {
	case "_kith/live.js":
		s.asset(w, "text/javascript; charset=utf-8", liveJS)
		return
	case "_kith/live.css":
		s.asset(w, "text/css; charset=utf-8", liveCSS)
		return
	case "_kith/events":
		s.events(w, r)
		return
	}
	if st.snap == nil {
		s.errorPage(w, st)
		return
	}
	key := rel
	if key == "" || strings.HasSuffix(key, "/") {
		key += "index.html"
	}
	data, ok, err := st.snap.Open(key)
	if err != nil {
		// Rendered on demand before the build is complete, and wrong: its errors, as when the
		// site does not build (the build shows them all once it has found them).
		s.errorPage(w, &state{errors: diag.As(err), base: st.base})
		return
	}
	if !ok {
		if st.snap.Has(key + "/index.html") {
			target := urlPath(st.base + rel + "/")
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		s.notFound(w, st)
		return
	}
	s.write(w, st, key, data, http.StatusOK)
}

// safe refuses paths with dot segments or backslashes: the site is a map of outputs, so no path
// can reach a file outside it, but such a path is never one of its outputs either.
func safe(rel string) bool {
	if strings.ContainsAny(rel, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}

// asset serves a file of the live-reload client. Pages ask for it with the server's version in
// the query, so a tab may keep it as long as this server runs.
func (s *Server) asset(w http.ResponseWriter, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", immutable)
	_, _ = w.Write(data)
}

// noStore keeps pages out of the browser's cache: a preview page may be a draft, and is
// always fetched again anyway.
const noStore = "no-store"

// immutable lets the browser keep a file without asking again: a reload then fetches only the
// page, which makes the new text appear sooner.
const immutable = "public, max-age=31536000, immutable"

func (s *Server) notFound(w http.ResponseWriter, st *state) {
	if st.snap != nil {
		if data, ok := st.snap.File("404.html"); ok {
			s.write(w, st, "404.html", data, http.StatusNotFound)
			return
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// write sends an output, adding the live-reload client to HTML pages.
func (s *Server) write(w http.ResponseWriter, st *state, key string, data []byte, status int) {
	ctype := contentType(key, data)
	if strings.HasPrefix(ctype, "text/html") {
		data = s.inject(data, st.base, s.pageHash(data), status == http.StatusNotFound)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	if _, hashed := st.snap.Assets[key]; hashed {
		// The name changes with the content, so the browser may keep it.
		h.Set("Cache-Control", immutable)
	} else {
		h.Set("Cache-Control", noStore)
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// contentType names the type of an output by its extension, sniffing only when it has none
// that is known.
func contentType(name string, data []byte) string {
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// pageHash identifies the content of a page as a tab got it, to tell later whether it changed.
func (s *Server) pageHash(data []byte) string {
	return strconv.FormatUint(maphash.Bytes(s.seed, data), 36)
}

// inject adds the live-reload client before </body>. It is a script file, not inline code, so
// it runs under a Content-Security-Policy of default-src 'self'. The base path comes from the
// author's base_url, so it is escaped, as a URL and then as HTML.
func (s *Server) inject(page []byte, base, hash string, missing bool) []byte {
	tag := `<script src="` + html.EscapeString(urlPath(base+"_kith/live.js")) + `?v=` + s.version + `" data-hash="` + hash + `"`
	if missing {
		tag += ` data-missing="1"`
	}
	tag += ` defer></script>`
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:i]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

// urlPath writes a path as a URL does, with every character that needs it escaped.
func urlPath(p string) string { return (&url.URL{Path: p}).EscapedPath() }

// errorPage stands in for every page while the site has never built.
func (s *Server) errorPage(w http.ResponseWriter, st *state) {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site could not be built</title></head>\n<body>\n<main><h1>The site could not be built</h1>\n<p>kith serve will show it as soon as these are fixed:</p>\n<ul>\n")
	for _, d := range st.errors {
		b.WriteString("<li><code>" + html.EscapeString(d.Error()) + "</code></li>\n")
	}
	b.WriteString("</ul></main>\n</body></html>\n")
	data := s.inject([]byte(b.String()), st.base, "", false)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", noStore)
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(data)
}
