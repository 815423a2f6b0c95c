package serve

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kith/internal/browsertest"
)

// request sends a GET for path to srv with the given Host and headers.
func request(t testing.TB, srv *Server, host, path string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+srv.Addr()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Type") == "text/event-stream" {
		return res, ""
	}
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// TestOnlyOwnHostIsAnswered checks that a page that points its own name at 127.0.0.1 (DNS
// rebinding) cannot read the preview: only requests for the server's own address and port
// are answered.
func TestOnlyOwnHostIsAnswered(t *testing.T) {
	var log bytes.Buffer
	srv, _ := startServer(t, previewSite, Options{Log: &syncWriter{w: &log}})
	port := srv.port
	other := "1"
	if port == "1" {
		other = "2"
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port, "127.0.0.2:" + port} {
		res, body := request(t, srv, host, "/toolkit/", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Welcome home.") {
			t.Errorf("Host %s: status %d, want 200 with the home page", host, res.StatusCode)
		}
	}
	for _, host := range []string{"evil.example", "evil.example:" + port, "127.0.0.1:" + other, "localhost:" + other,
		"localhost", "[::1]", "127.0.0.1.evil.example:" + port, "localhost.evil.example:" + port, "192.0.2.7:" + port} {
		for _, path := range []string{"/toolkit/", "/toolkit/lessons/first/", "/toolkit/_kith/events?path=/toolkit/", "/toolkit/sitemap.xml", "/"} {
			res, body := request(t, srv, host, path, nil)
			if res.StatusCode != http.StatusForbidden || strings.Contains(body, "Welcome") || strings.Contains(body, "<urlset") {
				t.Errorf("Host %s, %s: status %d, want 403 and nothing of the site; body %.200q", host, path, res.StatusCode, body)
			}
			if !strings.Contains(body, "http://127.0.0.1:"+port+"/toolkit/ and http://localhost:"+port+"/toolkit/.") {
				t.Errorf("Host %s: the refusal does not say where the preview is: %q", host, body)
			}
		}
	}
	if got := strings.Count(log.String(), `Refused requests for the host "evil.example:`+port+`"`); got != 1 {
		t.Errorf("the terminal names the refused host %d times, want once:\n%s", got, log.String())
	}

	// A request without a Host (HTTP/1.0) names nothing the server can check.
	req := httptest.NewRequest(http.MethodGet, "/toolkit/", nil)
	req.Host = ""
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("no Host: status %d, want 403", rec.Code)
	}
}

// TestWideBindAnswersIPAddresses checks the host names a server listening beyond this computer
// answers to: IP addresses, which a phone on the network uses and no website can take over, but
// still no other name.
func TestWideBindAnswersIPAddresses(t *testing.T) {
	s := &Server{port: "1313", wide: true}
	for host, want := range map[string]bool{
		"192.168.1.20:1313": true, "[fd00::20]:1313": true, "localhost:1313": true, "127.0.0.1:1313": true,
		"192.168.1.20:8080": false, "laptop.example:1313": false, "evil.example:1313": false,
	} {
		if got := s.ownHost(host); got != want {
			t.Errorf("ownHost(%q) = %v, want %v", host, got, want)
		}
	}
	s.wide = false
	if s.ownHost("192.168.1.20:1313") {
		t.Errorf("a server on loopback answers for 192.168.1.20")
	}
}

// TestOtherSitesRequestsRefused checks that a page of another site cannot read the preview or
// its event stream from the background, while a link from it still opens the preview.
func TestOtherSitesRequestsRefused(t *testing.T) {
	srv, _ := startServer(t, previewSite, Options{})
	own := "127.0.0.1:" + srv.port
	cases := []struct {
		name   string
		path   string
		header map[string]string
		status int
	}{
		{"event stream from another site", "/toolkit/_kith/events?path=/toolkit/", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"event stream from another port", "/toolkit/_kith/events?path=/toolkit/", map[string]string{"Origin": "http://127.0.0.1:1"}, http.StatusForbidden},
		{"event stream from a sandboxed frame", "/toolkit/_kith/events?path=/toolkit/", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"fetch from another site", "/toolkit/lessons/first/", map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"}, http.StatusForbidden},
		{"image from another site", "/toolkit/lessons/chart.png", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}, http.StatusForbidden},
		{"script from another port", "/toolkit/_kith/live.js", map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors"}, http.StatusForbidden},
		{"own event stream", "/toolkit/_kith/events?path=/toolkit/", map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}, http.StatusOK},
		{"own fetch naming its origin", "/toolkit/lessons/first/", map[string]string{"Origin": "http://" + own, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}, http.StatusOK},
		{"link from another site", "/toolkit/lessons/first/", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, http.StatusOK},
		{"address typed by the author", "/toolkit/lessons/first/", map[string]string{"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, http.StatusOK},
	}
	for _, c := range cases {
		res, body := request(t, srv, own, c.path, c.header)
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.name, res.StatusCode, c.status)
		}
		if c.status == http.StatusForbidden && (strings.Contains(body, "first text") || strings.Contains(body, "PNG")) {
			t.Errorf("%s: the refusal holds the site: %.200q", c.name, body)
		}
	}
}

// TestSecurityHeaders checks the headers every answer carries, and that pages, which may be
// drafts, are not kept in the browser's cache.
func TestSecurityHeaders(t *testing.T) {
	srv, _ := startServer(t, previewSite, Options{})
	own := "127.0.0.1:" + srv.port
	for _, c := range []struct{ host, path, cache string }{
		{own, "/toolkit/", "no-store"},
		{own, "/toolkit/lessons/first/", "no-store"},
		{own, "/toolkit/no/such/page/", "no-store"},
		{own, "/toolkit/sitemap.xml", "no-store"},
		{own, "/toolkit/_kith/live.js?v=1", ""},
		{own, "/", ""},
		{"evil.example", "/toolkit/", ""},
	} {
		res, _ := request(t, srv, c.host, c.path, nil)
		h := res.Header
		if h.Get("Content-Security-Policy") != browsertest.CSP || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cross-Origin-Resource-Policy") != "same-origin" {
			t.Errorf("%s %s: headers %v", c.host, c.path, h)
		}
		if c.cache != "" && h.Get("Cache-Control") != c.cache {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, h.Get("Cache-Control"), c.cache)
		}
	}
}

// evilBase is a base_url that would run a script if the preview wrote it into pages as it is.
const evilBase = `https://school.example/"><img src=x onerror=alert(1)>`

// TestBaseURLEscapedInPages checks that a base URL is written into the preview's pages as a
// URL, escaped, whether it comes from --base-url or from a site.toml that is refused for it.
func TestBaseURLEscapedInPages(t *testing.T) {
	srv, _ := startServer(t, previewSite, Options{BaseURL: evilBase})
	escaped := `/%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E/`
	if want := "http://" + srv.Addr() + escaped; srv.URL() != want {
		t.Errorf("URL() = %s, want %s", srv.URL(), want)
	}
	res, body := get(t, "http://"+srv.Addr()+escaped+"lessons/first/")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "The first text.") {
		t.Fatalf("the page under the escaped base path: %d", res.StatusCode)
	}
	if strings.Contains(body, "<img") {
		t.Errorf("the base URL reached the page unescaped:\n%s", body)
	}
	if !strings.Contains(body, `<script src="`+escaped+`_kith/live.js?v=`) {
		t.Errorf("the page lacks the live-reload client under the escaped base path:\n%s", body)
	}
	if res, _ := get(t, "http://"+srv.Addr()+escaped+"_kith/live.js"); res.StatusCode != http.StatusOK {
		t.Errorf("the live-reload client under the escaped base path: %d", res.StatusCode)
	}
	if res, _ := get(t, "http://"+srv.Addr()+"/"); res.Header.Get("Location") != escaped {
		t.Errorf("redirect from / to %q, want %q", res.Header.Get("Location"), escaped)
	}

	// In site.toml the base URL is an error: the page that lists it shows it as text, under a
	// base path of "/", not the refused one.
	files := map[string]string{}
	for k, v := range previewSite {
		files[k] = v
	}
	files["site.toml"] = "title = \"Preview\"\nbase_url = '" + evilBase + "'\n"
	srv, _ = startServer(t, files, Options{})
	res, body = get(t, "http://"+srv.Addr()+"/lessons/first/")
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "site.toml:2:1: error: base_url") {
		t.Fatalf("a site.toml with a refused base_url: %d %.300q", res.StatusCode, body)
	}
	if strings.Contains(body, "<img") || !strings.Contains(body, `&lt;img src=x onerror=alert(1)&gt;`) || !strings.Contains(body, `<script src="/_kith/live.js?v=`) {
		t.Errorf("the error page does not show the base URL as text:\n%s", body)
	}
}
