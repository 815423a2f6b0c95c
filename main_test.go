package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitCodesAndHelp(t *testing.T) {
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"T\"\n"), 0o644)
	os.WriteFile(filepath.Join(site, "content", "_index.md"), []byte("+++\ntitle = \"Home\"\n+++\nHi.\n"), 0o644)
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "site.toml"), []byte("title = \"T\"\ncolour = 1\n"), 0o644)

	cases := []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"no command", nil, exitUsage, "Commands:"},
		{"unknown command", []string{"bild"}, exitUsage, `unknown command "bild"`},
		{"help", []string{"help"}, exitOK, "kith <command> [flags]"},
		{"help build", []string{"help", "build"}, exitOK, "--base-url URL"},
		{"build --help", []string{"build", "--help"}, exitOK, "--portable"},
		{"unknown flag", []string{"build", "--nope"}, exitUsage, "flag provided but not defined: -nope"},
		{"stray argument", []string{"build", "site"}, exitUsage, `unexpected argument "site"`},
		{"version", []string{"version"}, exitOK, ""},
		{"bad base URL", []string{"build", "--base-url", "school.example/toolkit"}, exitUsage, "must be an absolute http(s) URL"},
		{"good site", []string{"build", "--source", site, "--quiet"}, exitOK, ""},
		{"content error", []string{"build", "--source", broken}, exitContent, `site.toml:2:1: error: unknown key "colour"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(c.args, &stdout, &stderr)
			if code != c.code {
				t.Errorf("exit code %d; want %d\nstdout: %s\nstderr: %s", code, c.code, stdout.String(), stderr.String())
			}
			if all := stdout.String() + stderr.String(); !strings.Contains(all, c.output) {
				t.Errorf("output lacks %q:\n%s", c.output, all)
			}
		})
	}
}
