package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kith/generator/pipeline"
	"kith/generator/site"
)

// pngBytes is the start of a PNG file: enough for its type to be known.
var pngBytes = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

// previewSite is a small site published under a sub-path.
var previewSite = map[string]string{
	"site.toml":                 "title = \"Preview\"\nbase_url = \"https://school.example/toolkit/\"\n",
	"content/_index.md":         "+++\ntitle = \"Home\"\n+++\nWelcome home.\n",
	"content/lessons/_index.md": "+++\ntitle = \"Lessons\"\n+++\nAll the lessons.\n",
	"content/lessons/first.md":  "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nThe first text.\n",
	"content/lessons/second.md": "+++\ntitle = \"Second lesson\"\nweight = 2\n+++\nThe second text.\n",
	"content/lessons/chart.png": pngBytes,
}

// startServer serves a new copy of files and returns the server and the site's folder.
func startServer(t testing.TB, files map[string]string, opts Options) (*Server, string) {
	t.Helper()
	dir := writeSite(t, files)
	opts.Source = dir
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); srv.Wait() })
	return srv, dir
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t testing.TB, url string) (*http.Response, string) {
	t.Helper()
	res, err := noRedirects.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// rawGet sends a request line exactly as given, so no client cleans the path first.
func rawGet(t testing.TB, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func TestServe(t *testing.T) {
	srv, _ := startServer(t, previewSite, Options{})
	host := "http://" + srv.Addr()
	notFoundPage := ""
	{
		res, body := get(t, host+"/toolkit/no/such/page/")
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "<!doctype html>") {
			t.Fatalf("unknown page: %d, want 404 with the site's 404 page; body %.200q", res.StatusCode, body)
		}
		notFoundPage = body
	}
	cases := []struct {
		path     string
		status   int
		ctype    string
		contains string
		location string
	}{
		{"/", http.StatusFound, "", "", "/toolkit/"},
		{"/toolkit", http.StatusFound, "", "", "/toolkit/"},
		{"/toolkit/", 200, "text/html; charset=utf-8", "Welcome home.", ""},
		{"/toolkit/lessons/first/", 200, "text/html; charset=utf-8", "The first text.", ""},
		{"/toolkit/lessons/first/index.html", 200, "text/html; charset=utf-8", "The first text.", ""},
		{"/toolkit/lessons/first", http.StatusMovedPermanently, "", "", "/toolkit/lessons/first/"},
		{"/toolkit/lessons/chart.png", 200, "image/png", "PNG", ""},
		{"/toolkit/sitemap.xml", 200, "application/xml; charset=utf-8", "<urlset", ""},
		{"/toolkit/robots.txt", 200, "text/plain; charset=utf-8", "User-agent", ""},
		{"/toolkit/_kith/live.js?v=1", 200, "text/javascript; charset=utf-8", "EventSource", ""},
		{"/toolkit/assets/", 404, "text/html; charset=utf-8", "", ""},
		{"/toolkit/lessons/first.md", 404, "text/html; charset=utf-8", "", ""},
		{"/elsewhere/", 404, "text/html; charset=utf-8", "", ""},
	}
	for _, c := range cases {
		res, body := get(t, host+c.path)
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.path, res.StatusCode, c.status)
			continue
		}
		if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
			t.Errorf("%s: Content-Type %q, want %q", c.path, res.Header.Get("Content-Type"), c.ctype)
		}
		if !strings.Contains(body, c.contains) {
			t.Errorf("%s: the body lacks %q", c.path, c.contains)
		}
		if c.status == 404 && body != notFoundPage {
			t.Errorf("%s: a 404 that is not the site's 404 page: %.200q", c.path, body)
		}
		if got := res.Header.Get("Location"); got != c.location {
			t.Errorf("%s: Location %q, want %q", c.path, got, c.location)
		}
	}
	// Every asset has its type, whatever its hashed name.
	res, body := get(t, host+"/toolkit/")
	for _, ext := range []string{".css", ".js"} {
		i := strings.Index(body, ext+`"`)
		start := strings.LastIndex(body[:i], `"`)
		url := host + "/toolkit/" + strings.TrimPrefix(body[start+1:i+len(ext)], "./")
		r, _ := get(t, url)
		want := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}[ext]
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != want {
			t.Errorf("%s: %d %q, want 200 %q", url, r.StatusCode, r.Header.Get("Content-Type"), want)
		}
	}
	if !strings.Contains(body, `<script src="/toolkit/_kith/live.js?v=`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a served page lacks the live-reload client or Cache-Control: no-store")
	}
	r, err := http.Post(host+"/toolkit/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", r.StatusCode)
	}
}

func TestServeNoPathEscapes(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	secret := filepath.Join(filepath.Dir(dir), "secret.txt")
	if err := os.WriteFile(secret, []byte("root:x:0:0"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		"/../../etc/passwd",
		"/toolkit/../../etc/passwd",
		"/toolkit/../../../../../../etc/passwd",
		"/toolkit/%2e%2e/%2e%2e/etc/passwd",
		"/toolkit/..%2f..%2fetc/passwd",
		"/toolkit/..\\..\\etc\\passwd",
		"/toolkit/..%5c..%5csecret.txt",
		"/toolkit/%2e%2e%2f%2e%2e%2fsecret.txt",
		"/toolkit/%252e%252e/%252e%252e/secret.txt",
		"/toolkit/lessons/%00/../../secret.txt",
		"http://" + srv.Addr() + "/toolkit/../../secret.txt",
		"/toolkit/../secret.txt",
		"/toolkit/./lessons/first/",
		"/toolkit/content/lessons/first.md",
		"/toolkit/site.toml",
	} {
		status, body := rawGet(t, srv.Addr(), target)
		if status != http.StatusNotFound || strings.Contains(body, "root:") || strings.Contains(body, "title = ") {
			t.Errorf("GET %s: status %d, want 404; body %.100q", target, status, body)
		}
	}
}

func TestServeRootBasePath(t *testing.T) {
	files := map[string]string{}
	for k, v := range previewSite {
		files[k] = v
	}
	files["site.toml"] = "title = \"Preview\"\nbase_url = \"https://school.example/\"\n"
	srv, _ := startServer(t, files, Options{})
	res, body := get(t, "http://"+srv.Addr()+"/")
	if res.StatusCode != 200 || !strings.Contains(body, "Welcome home.") {
		t.Fatalf("home at /: %d", res.StatusCode)
	}
	if srv.URL() != "http://"+srv.Addr()+"/" {
		t.Fatalf("URL() = %s", srv.URL())
	}
}

func TestServeNextFreePort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	var log bytes.Buffer
	srv, _ := startServer(t, previewSite, Options{Port: port, Log: &syncWriter{w: &log}})
	_, got, _ := net.SplitHostPort(srv.Addr())
	if got == strconv.Itoa(port) {
		t.Fatalf("listening on the taken port %d", port)
	}
	if want := fmt.Sprintf("Port %d is taken; using %s instead", port, got); !strings.Contains(log.String(), want) {
		t.Fatalf("the log does not say %q:\n%s", want, log.String())
	}
	if !strings.HasPrefix(srv.Addr(), "127.0.0.1:") {
		t.Fatalf("listening on %s, want 127.0.0.1 by default", srv.Addr())
	}
}

// TestBuildOutputHasNoLiveReload checks that the live-reload client is only added by the server.
func TestBuildOutputHasNoLiveReload(t *testing.T) {
	dir := writeSite(t, previewSite)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(site.Options{Source: dir, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	_ = filepath.Walk(dest, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			if bytes.Contains(data, []byte("_kith")) || bytes.Contains(data, []byte("EventSource")) {
				t.Errorf("%s holds the live-reload client", p)
			}
		}
		return nil
	})
}

// events connects to the server's event stream as the tab showing page would.
func events(t testing.TB, srv *Server, page, hash string) <-chan message {
	t.Helper()
	url := "http://" + srv.Addr() + "/toolkit/_kith/events?path=" + page + "&hash=" + hash
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", res.Header.Get("Content-Type"))
	}
	out := make(chan message, 16)
	go func() {
		defer res.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var m message
			if err := json.Unmarshal([]byte(data), &m); err == nil {
				out <- m
			}
		}
	}()
	t.Cleanup(func() { res.Body.Close() })
	return out
}

// servedHash returns the hash the server gives the tab of a page, from its script tag.
func servedHash(t testing.TB, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `data-hash="`)
	if !ok {
		t.Fatalf("no data-hash in the page")
	}
	h, _, _ := strings.Cut(rest, `"`)
	return h
}

func expect(t testing.TB, ch <-chan message, want string) message {
	t.Helper()
	select {
	case m, ok := <-ch:
		if !ok {
			t.Fatalf("the event stream closed; want %q", want)
		}
		if m.Type != want {
			t.Fatalf("message %+v, want %q", m, want)
		}
		return m
	case <-time.After(5 * time.Second):
		t.Fatalf("no %q message", want)
	}
	return message{}
}

// TestReloadOnlyAfterTheBuildIsComplete checks that a tab told to reload gets the new page,
// never the old one or a 404, over many quick saves.
func TestReloadOnlyAfterTheBuildIsComplete(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	page := "http://" + srv.Addr() + "/toolkit/lessons/first/"
	for i := range 15 {
		_, body := get(t, page)
		ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
		text := fmt.Sprintf("Saved %d times.", i+1)
		put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\n"+text+"\n")
		expect(t, ch, "reload")
		res, body := get(t, page)
		if res.StatusCode != 200 || !strings.Contains(body, text) {
			t.Fatalf("save %d: after the reload message the page is %d without %q", i+1, res.StatusCode, text)
		}
	}
}

// TestOnlyChangedTabsReload checks that tabs whose page did not change hear nothing.
func TestOnlyChangedTabsReload(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	host := "http://" + srv.Addr()
	_, first := get(t, host+"/toolkit/lessons/first/")
	_, second := get(t, host+"/toolkit/lessons/second/")
	firstTab := events(t, srv, "/toolkit/lessons/first/", servedHash(t, first))
	secondTab := events(t, srv, "/toolkit/lessons/second/", servedHash(t, second))
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nA new body.\n")
	expect(t, firstTab, "reload")
	<-srv.built
	select {
	case m := <-secondTab:
		t.Fatalf("the tab of an unchanged page got %+v", m)
	case <-time.After(200 * time.Millisecond):
	}
	// A title feeds the navigation of every page: both reload.
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"Renamed lesson\"\nweight = 1\n+++\nA new body.\n")
	expect(t, firstTab, "reload")
	expect(t, secondTab, "reload")
}

// TestErrorsAndRecovery checks that a failed rebuild tells the tabs every error while the last
// good build is still served, and that fixing it clears them.
func TestErrorsAndRecovery(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	page := "http://" + srv.Addr() + "/toolkit/lessons/first/"
	_, body := get(t, page)
	ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
	put(t, dir, "quizzes/x.toml", "title = \"X\"\nkind = \"nope\"\n")
	m := expect(t, ch, "errors")
	named := false
	for _, e := range m.Errors {
		named = named || strings.HasPrefix(e.Text, `quizzes/x.toml:2:1: error: unknown kind "nope"`)
	}
	if !named {
		t.Fatalf("errors %+v, want quizzes/x.toml:2:1: error: unknown kind \"nope\"...", m.Errors)
	}
	if res, now := get(t, page); res.StatusCode != 200 || now != body {
		t.Fatalf("during the error the page is not the last good build")
	}
	// A tab opened now is told at once.
	late := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
	expect(t, late, "errors")
	if err := os.Remove(filepath.Join(dir, "quizzes/x.toml")); err != nil {
		t.Fatal(err)
	}
	expect(t, ch, "ok")
	expect(t, late, "ok")
}

// TestDeletedPageSendsTabToSection checks where a tab goes when its page is deleted.
func TestDeletedPageSendsTabToSection(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	_, body := get(t, "http://"+srv.Addr()+"/toolkit/lessons/second/")
	ch := events(t, srv, "/toolkit/lessons/second/", servedHash(t, body))
	remove(t, dir, "content/lessons/second.md")
	if m := expect(t, ch, "goto"); m.URL != "/toolkit/lessons/" {
		t.Fatalf("goto %s, want /toolkit/lessons/", m.URL)
	}
}

// TestNavigate checks that --navigate sends tabs to the page just edited.
func TestNavigate(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{Navigate: true})
	_, body := get(t, "http://"+srv.Addr()+"/toolkit/")
	ch := events(t, srv, "/toolkit/", servedHash(t, body))
	put(t, dir, "content/lessons/second.md", "+++\ntitle = \"Second lesson\"\nweight = 2\n+++\nEdited.\n")
	if m := expect(t, ch, "goto"); m.URL != "/toolkit/lessons/second/" {
		t.Fatalf("goto %s, want /toolkit/lessons/second/", m.URL)
	}
}

// TestStylesheetSwap checks that a change to a stylesheet alone swaps it in the tab.
func TestStylesheetSwap(t *testing.T) {
	files := map[string]string{"themes/default/assets/style.css": "body { color: black; }\n"}
	for k, v := range previewSite {
		files[k] = v
	}
	srv, dir := startServer(t, files, Options{})
	_, body := get(t, "http://"+srv.Addr()+"/toolkit/lessons/first/")
	ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
	put(t, dir, "themes/default/assets/style.css", "body { color: navy; }\n")
	m := expect(t, ch, "css")
	if len(m.Swaps) != 1 || !strings.HasPrefix(m.Swaps[0].From, "assets/style.") || !strings.HasPrefix(m.Swaps[0].To, "assets/style.") {
		t.Fatalf("swaps %+v", m.Swaps)
	}
}

// TestStopsPromptly checks that the server stops within a second with a tab connected.
func TestStopsPromptly(t *testing.T) {
	dir := writeSite(t, previewSite)
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	ch := events(t, srv, "/toolkit/", "")
	<-ch // the tab was served no hash, so it is told to reload
	start := time.Now()
	cancel()
	srv.Wait()
	if d := time.Since(start); d > time.Second {
		t.Fatalf("stopping took %s", d)
	}
}

// syncWriter lets the server's goroutines log into a buffer a test reads.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// TestFirstBuildFails checks that a site that never built shows its errors, and itself once fixed.
func TestFirstBuildFails(t *testing.T) {
	files := map[string]string{}
	for k, v := range previewSite {
		files[k] = v
	}
	files["content/lessons/first.md"] = "+++\ntitle = \"First lesson\"\nweight = \"heavy\"\n+++\nText.\n"
	srv, dir := startServer(t, files, Options{})
	page := "http://" + srv.Addr() + "/toolkit/lessons/first/"
	res, body := get(t, page)
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "content/lessons/first.md:3") || !strings.Contains(body, "_kith/live.js") {
		t.Fatalf("a site that never built: %d %.300q", res.StatusCode, body)
	}
	ch := events(t, srv, "/toolkit/lessons/first/", "")
	expect(t, ch, "errors")
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nFixed text.\n")
	expect(t, ch, "ok")
	expect(t, ch, "reload")
	if res, body := get(t, page); res.StatusCode != 200 || !strings.Contains(body, "Fixed text.") {
		t.Fatalf("after the fix: %d", res.StatusCode)
	}
}

// TestPolling checks that --poll sees saves and says that it polls.
func TestPolling(t *testing.T) {
	var log bytes.Buffer
	srv, dir := startServer(t, previewSite, Options{Poll: true, Log: &syncWriter{w: &log}, Watch: WatchOptions{Interval: 50 * time.Millisecond}})
	_, body := get(t, "http://"+srv.Addr()+"/toolkit/lessons/first/")
	ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nPolled.\n")
	expect(t, ch, "reload")
	if !strings.Contains(log.String(), "Checking for changes every 50ms (--poll)") {
		t.Fatalf("the log does not say it polls:\n%s", log.String())
	}
}

// TestBasePathChange checks that a tab follows the site when base_url's path changes.
func TestBasePathChange(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	_, body := get(t, "http://"+srv.Addr()+"/toolkit/lessons/first/")
	ch := events(t, srv, "/toolkit/lessons/first/", servedHash(t, body))
	put(t, dir, "site.toml", "title = \"Preview\"\nbase_url = \"https://school.example/kit/\"\n")
	if m := expect(t, ch, "goto"); m.URL != "/kit/lessons/first/" {
		t.Fatalf("goto %s, want /kit/lessons/first/", m.URL)
	}
	if res, _ := get(t, "http://"+srv.Addr()+"/kit/lessons/first/"); res.StatusCode != 200 {
		t.Fatalf("the page at the new path: %d", res.StatusCode)
	}
}

// TestSearchIndexCatchesUp checks that after a save the search index finds the new words once
// the saves pause, though the tab is told of the edited page before the index is rebuilt.
func TestSearchIndexCatchesUp(t *testing.T) {
	srv, dir := startServer(t, previewSite, Options{})
	host := "http://" + srv.Addr()
	_, first := get(t, host+"/toolkit/lessons/first/")
	tab := events(t, srv, "/toolkit/lessons/first/", servedHash(t, first))
	put(t, dir, "content/lessons/first.md", "+++\ntitle = \"First lesson\"\nweight = 1\n+++\nZeppelins drift.\n")
	expect(t, tab, "reload")
	deadline := time.Now().Add(10 * time.Second)
	for {
		found := false
		for _, p := range []string{"words-0.js", "words-1.js"} {
			if res, body := get(t, host+"/toolkit/search/"+p); res.StatusCode == 200 && strings.Contains(body, `"zeppelins"`) {
				found = true
			}
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("10 s after the save the search index still lacks the new word")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
