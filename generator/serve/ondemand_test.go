package serve

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kith/generator/corpus"
)

// TestAnswersBeforeTheBuildIsDone checks that kith serve answers as soon as the site is loaded:
// on a site of 400 generated lessons the home page and a lesson answer before the log says the
// whole build is done, with the bytes the complete build then serves.
func TestAnswersBeforeTheBuildIsDone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(dir, 400, 1); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	logw := &syncWriter{w: &log}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, Options{Source: dir, Log: logw})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	defer func() { cancel(); srv.Wait() }()
	logged := func() string {
		logw.mu.Lock()
		defer logw.mu.Unlock()
		return log.String()
	}
	host := "http://" + srv.Addr()
	lesson := host + "/section-002/lesson-00105/"
	res, home := get(t, host+"/")
	res2, page := get(t, lesson)
	early := logged()
	if res.StatusCode != 200 || res2.StatusCode != 200 {
		t.Fatalf("while the build runs: home page %d, lesson %d", res.StatusCode, res2.StatusCode)
	}
	if !strings.Contains(early, "ready to browse") || strings.Contains(early, "\nBuilt ") {
		t.Fatalf("the pages should answer once the site is loaded, before the build is done; the log then:\n%s", early)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(logged(), "\nBuilt 406 pages, 400 slide decks") {
		if time.Now().After(deadline) {
			t.Fatalf("the build did not finish in 2 minutes; the log:\n%q", logged())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, now := get(t, host+"/"); now != home {
		t.Error("the home page served before the build was done differs from the complete build's")
	}
	if _, now := get(t, lesson); now != page {
		t.Error("the lesson served before the build was done differs from the complete build's")
	}
}

// TestErrorsFoundInTheBackground checks that an error that only rendering finds (a lesson
// embeds a quiz that does not exist) is shown as before once the background build finds it:
// the open tab gets the overlay, every page the error page, and the log says so.
func TestErrorsFoundInTheBackground(t *testing.T) {
	files := map[string]string{}
	for k, v := range previewSite {
		files[k] = v
	}
	files["content/lessons/second.md"] = "+++\ntitle = \"Second lesson\"\nweight = 2\n+++\nText.\n\n```quiz\nnosuchquiz\n```\n"
	var log bytes.Buffer
	logw := &syncWriter{w: &log}
	srv, dir := startServer(t, files, Options{Log: logw})
	tab := events(t, srv, "/toolkit/", "")
	m := <-tab
	if m.Type == "reload" { // the tab was served no hash; the build may not be done yet
		m = expect(t, tab, "errors")
	}
	if m.Type != "errors" {
		t.Fatalf("message %+v, want errors", m)
	}
	if len(m.Errors) == 0 || !strings.Contains(m.Errors[0].Text, `no quiz "nosuchquiz"`) {
		t.Fatalf("errors %+v, want the missing quiz", m.Errors)
	}
	for _, p := range []string{"/toolkit/", "/toolkit/lessons/second/"} {
		res, body := get(t, "http://"+srv.Addr()+p)
		if res.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "nosuchquiz") {
			t.Fatalf("%s once the error is found: %d %.200q", p, res.StatusCode, body)
		}
	}
	logw.mu.Lock()
	text := log.String()
	logw.mu.Unlock()
	if !strings.Contains(text, "The site could not be built: 1 error.") {
		t.Fatalf("the log does not say the build failed:\n%s", text)
	}
	put(t, dir, "content/lessons/second.md", "+++\ntitle = \"Second lesson\"\nweight = 2\n+++\nFixed.\n")
	expect(t, tab, "ok")
	if res, body := get(t, "http://"+srv.Addr()+"/toolkit/lessons/second/"); res.StatusCode != 200 || !strings.Contains(body, "Fixed.") {
		t.Fatalf("after the fix: %d", res.StatusCode)
	}
}
