// Package browsertest starts Debian's Chromium for tests, serves a built site to it the way
// schools host one, and runs axe-core in the page. Outside CI a test whose browser or checker is
// missing is skipped with a message saying what to install; under CI=true it fails.
package browsertest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// CSP is the Content-Security-Policy the test server sends, the strictest a school might use.
const CSP = "default-src 'self'"

// Need skips the test (fails it under CI=true) when a dependency is missing.
func Need(t testing.TB, missing, install string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: %s", missing, install)
	}
	t.Skipf("%s is missing; to run this test: %s", missing, install)
}

// ChromiumPath returns the browser's path, or "" when none is installed.
func ChromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser starts a headless Chromium with a fresh profile and returns a context for one tab.
// The browser is closed when the test ends. With go test -short the test is skipped instead.
func Browser(t testing.TB) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test: go test -short skips it")
	}
	path := ChromiumPath()
	if path == "" {
		Need(t, "Chromium", "apt-get install -y chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// Serve serves dir under the URL prefix (such as "/toolkit/") with a strict
// Content-Security-Policy, and returns the site's address. Paths outside the prefix are 404.
func Serve(t testing.TB, dir, prefix string) string {
	t.Helper()
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", CSP)
		// Tests rebuild a site and reload within the same second; Last-Modified has one-second
		// granularity, so a revalidation could wrongly answer 304 and show the old page.
		w.Header().Set("Cache-Control", "no-store")
		r.Header.Del("If-Modified-Since")
		r.Header.Del("If-None-Match")
		if !strings.HasPrefix(r.URL.Path, prefix) {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

// Violation is one axe-core finding.
type Violation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// AxePath finds axe.min.js: $AXE_CORE_JS, or the copy .ci/run installs under .ci/node_modules.
func AxePath() string {
	if p := os.Getenv("AXE_CORE_JS"); p != "" {
		return p
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", ".ci", "node_modules", "axe-core", "axe.min.js")
}

// Axe runs axe-core's WCAG 2.x A and AA rules on the current page and returns the violations.
func Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src, err := os.ReadFile(AxePath())
	if err != nil {
		Need(t, "axe-core", "bash .ci/run installs it, or: npm install --prefix .ci axe-core")
	}
	run := `(async () => { const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa","best-practice"]}}); return JSON.stringify(r.violations); })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("reading axe-core's result: %v", err)
	}
	return vs
}

// FormatViolations prints violations one a line, for a test failure.
func FormatViolations(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.ID + ": " + v.Help + "\n")
		for _, n := range v.Nodes {
			b.WriteString("    " + n.HTML + "\n")
		}
	}
	return b.String()
}
