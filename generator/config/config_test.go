package config

import (
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	cases := []struct {
		url  string
		want string // part of the error; "" when the URL is accepted
	}{
		{"https://school.example/toolkit/", ""},
		{"https://school.example/toolkit", ""},
		{"https://school.example", ""},
		{"http://localhost:8080/", ""},
		{"/", ""},
		{"/toolkit/", ""},
		{"/toolkit", ""},
		{"/le%C3%A7ons/", ""},
		{"/leçons/", ""},
		{"ftp:/x", `"ftp:/x" must be an absolute http(s) URL such as "https://your.school/toolkit/", or a path that starts with "/" such as "/toolkit/"`},
		{"ftp://school.example/", "must be an absolute http(s) URL"},
		{"school.example/toolkit", "must be an absolute http(s) URL"},
		{"toolkit/", "must be an absolute http(s) URL"},
		{"http:///toolkit/", "must be an absolute http(s) URL"},
		{"https:school.example", "must be an absolute http(s) URL"},
		{"javascript:alert(1)", "must be an absolute http(s) URL"},
		{`C:\site\`, "must be an absolute http(s) URL"},
		{"//evil.example/", "must be an absolute http(s) URL"},
		{"/bad%zz/", "must be an absolute http(s) URL"},
		{"https://school.example//evil.example/", `without "//", "./" or "../"`},
		{"/toolkit/../", `without "//", "./" or "../"`},
		{"/toolkit/%2e%2e/", `without "//", "./" or "../"`},
		{"/./toolkit/", `without "//", "./" or "../"`},
		{"https://school.example/toolkit/?v=1", "must not have a query or fragment"},
		{"/toolkit/#top", "must not have a query or fragment"},
		{"https://me:secret@school.example/", "must not hold a user name or password"},
		{`https://school.example/"><img src=x onerror=alert(1)>`, `holds '"', which a URL must escape: write "https://school.example/%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E"`},
		{"/my toolkit/", `holds ' ', which a URL must escape: write "/my%20toolkit/"`},
		{"/tool<kit/", "which a URL must escape"},
	}
	for _, c := range cases {
		got := CheckBaseURL(c.url)
		if c.want == "" && got != "" {
			t.Errorf("%q: refused: %s", c.url, got)
		}
		if c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%q: got %q, want it to say %q", c.url, got, c.want)
		}
	}
}

// TestParseBaseURL checks that site.toml's base_url is checked where it is written, and that a
// path alone gives the site its base path.
func TestParseBaseURL(t *testing.T) {
	_, ds := Parse([]byte("title = \"T\"\n\nbase_url = \"ftp:/x\"\n"))
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), `site.toml:3:1: error: base_url "ftp:/x" must be an absolute http(s) URL`) {
		t.Fatalf("errors %v, want one at site.toml:3:1", ds)
	}
	for url, base := range map[string]string{"/toolkit": "/toolkit/", "https://school.example/kit/": "/kit/", "": "/"} {
		c, ds := Parse([]byte("title = \"T\"\nbase_url = \"" + url + "\"\n"))
		if len(ds) > 0 {
			t.Fatalf("base_url %q: %v", url, ds)
		}
		if got := c.BasePath(); got != base {
			t.Errorf("base_url %q: base path %q, want %q", url, got, base)
		}
	}
}

// FuzzCheckBaseURL checks that every base URL CheckBaseURL accepts gives a base path the preview
// can serve under: one path on this host, without dot segments. (It may hold characters such
// as '"' once decoded; whoever writes it into a page escapes it.)
func FuzzCheckBaseURL(f *testing.F) {
	for _, s := range []string{"/", "/toolkit/", "https://school.example/kit", "https://x//y/", "/a/../b", `/"><x>`, "/%2e%2e/", "http://[::1]:80/p/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckBaseURL(s) != "" {
			return
		}
		base := (&Config{BaseURL: NormalizeBaseURL(s)}).BasePath()
		if !strings.HasPrefix(base, "/") || !strings.HasSuffix(base, "/") || strings.Contains(base, "//") ||
			strings.Contains(base+"/", "/../") || strings.Contains(base+"/", "/./") {
			t.Fatalf("base_url %q accepted, with base path %q", s, base)
		}
	})
}

// TestParseMasteryScore checks that mastery_score must be a percentage, reported where it is written.
func TestParseMasteryScore(t *testing.T) {
	for _, c := range []struct {
		toml string
		want string // the start of the error; "" when accepted
	}{
		{"title = \"T\"\nmastery_score = 80\n", ""},
		{"title = \"T\"\nmastery_score = 66.5\n", ""},
		{"title = \"T\"\n", ""},
		{"title = \"T\"\nmastery_score = 120\n", "site.toml:2:1: error: mastery_score 120 is not a percentage"},
		{"title = \"T\"\nmastery_score = -1\n", "site.toml:2:1: error: mastery_score -1 is not a percentage"},
		{"title = \"T\"\nmastery_score = \"80\"\n", "site.toml:2"},
	} {
		_, ds := Parse([]byte(c.toml))
		switch {
		case c.want == "" && len(ds) > 0:
			t.Errorf("%q: refused: %v", c.toml, ds)
		case c.want != "" && (len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), c.want)):
			t.Errorf("%q: errors %v, want one starting %q", c.toml, ds, c.want)
		}
	}
}
