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
	os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://school.example/\"\ndescription = \"A test site.\"\n"), 0o644)
	fresh := t.TempDir()
	os.WriteFile(filepath.Join(fresh, "site.toml"), []byte("title = \"T\"\n"), 0o644)
	os.WriteFile(filepath.Join(site, "content", "_index.md"), []byte("+++\ntitle = \"Home\"\n+++\nHi.\n"), 0o644)
	warned := t.TempDir()
	os.MkdirAll(filepath.Join(warned, "content"), 0o755)
	os.WriteFile(filepath.Join(warned, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://school.example/\"\n"), 0o644)
	os.WriteFile(filepath.Join(warned, "content", "_index.md"), []byte("+++\ntitle = \"Home\"\n+++\nHi.\n"), 0o644)
	os.WriteFile(filepath.Join(site, "notes.zip"), []byte("notes"), 0o644)
	pretty := t.TempDir()
	os.MkdirAll(filepath.Join(pretty, "content"), 0o755)
	os.WriteFile(filepath.Join(pretty, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://school.example/\"\ndescription = \"A test site.\"\npretty_urls = true\n"), 0o644)
	os.WriteFile(filepath.Join(pretty, "content", "_index.md"), []byte("+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\nHi.\n"), 0o644)
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "site.toml"), []byte("title = \"T\"\ncolour = 1\n"), 0o644)

	cases := []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"no command", nil, exitUsage, "Commands:"},
		{"unknown command", []string{"bild"}, exitUsage, `unknown command "bild": did you mean build?`},
		{"flag before the command", []string{"--source", ".", "check"}, exitUsage, "flags come after the command, as in: kith check --source ."},
		{"another command's flag", []string{"build", "--strict"}, exitUsage, "unknown flag --strict: it is a flag of kith check"},
		{"flag without its value", []string{"new", "quiz", "x", "--kind"}, exitUsage, "--kind needs a value"},
		{"help", []string{"help"}, exitOK, "kith <command> [flags]"},
		{"help build", []string{"help", "build"}, exitOK, "--base-url URL"},
		{"build --help", []string{"build", "--help"}, exitOK, "--pretty-urls"},
		{"build --help, edition", []string{"build", "--help"}, exitOK, "--edition"},
		{"bad edition", []string{"build", "--edition", "pupils"}, exitUsage, `--edition "pupils": use "all", "students" or "teachers"`},
		{"check bad edition", []string{"check", "--edition", "staff"}, exitUsage, `--edition "staff": use "all", "students" or "teachers"`},
		{"serve bad edition", []string{"serve", "--edition", "x"}, exitUsage, `--edition "x": use "all", "students" or "teachers"`},
		{"portable and pretty", []string{"build", "--portable", "--pretty-urls"}, exitUsage, "contradict each other"},
		{"portable is the default", []string{"build", "--source", site, "--portable"}, exitOK, "--portable is now the default"},
		{"students' edition", []string{"check", "--source", site, "--edition", "students"}, exitOK, "of the students' edition."},
		{"pretty_urls costs", []string{"check", "--source", pretty}, exitOK, "site.toml:4:1: warning: pretty_urls = true: links name folders (lessons/first/), which only a web server turns into pages, so the site will not navigate when opened from disk"},
		{"unknown flag", []string{"build", "--nope"}, exitUsage, "unknown flag --nope"},
		{"stray argument", []string{"build", "site"}, exitUsage, `unexpected argument "site"`},
		{"version", []string{"version"}, exitOK, "\ngo1."},
		{"bad base URL", []string{"build", "--base-url", "school.example/toolkit"}, exitUsage, "must be an absolute http(s) URL"},
		{"good site", []string{"build", "--source", site, "--quiet"}, exitOK, ""},
		{"content error", []string{"build", "--source", broken}, exitContent, `site.toml:2:1: error: unknown key "colour"`},
		{"folder as argument", []string{"build", site}, exitUsage, "write --source " + site},
		{"build --zip", []string{"build", "--source", site, "--zip", filepath.Join(fresh, "site.zip")}, exitOK, "site.zip"},
		{"build --scorm", []string{"build", "--source", site, "--scorm", filepath.Join(fresh, "lms.zip")}, exitOK, "lms.zip"},
		{"build --zip not .zip", []string{"build", "--source", site, "--zip", "site.tar"}, exitUsage, "--zip site.tar must name a file ending in .zip"},
		{"build --zip and --scorm", []string{"build", "--zip", "a.zip", "--scorm", "b.zip"}, exitUsage, "give one of them"},
		{"build --zip and --dest", []string{"build", "--zip", "a.zip", "--dest", "out"}, exitUsage, "leave out --dest"},
		{"build --zip over an author's file", []string{"build", "--source", site, "--scorm", filepath.Join(site, "notes.zip")}, exitContent, "exists and is not a zip"},
		{"check clean", []string{"check", "--source", site}, exitOK, "No problems found in 1 page and 0 quizzes."},
		{"check error", []string{"check", "--source", broken}, exitContent, `site.toml:2:1: error: unknown key "colour"`},
		{"check warning", []string{"check", "--source", warned}, exitOK, "content/_index.md:1:1: warning: the page has no description"},
		{"check --strict", []string{"check", "--source", warned, "--strict"}, exitContent, "1 warning in 1 page and 0 quizzes."},
		{"check flags after", []string{"check", "--strict", "--source", warned, "--format", "json"}, exitContent, `"severity": "warning"`},
		{"check bad format", []string{"check", "--format", "xml"}, exitUsage, `--format "xml": use text or json`},
		{"new nothing", []string{"new"}, exitUsage, "say what to make: site, lesson or quiz"},
		{"new unknown", []string{"new", "page", "x"}, exitUsage, `cannot make "page"`},
		{"new lesson without path", []string{"new", "lesson"}, exitUsage, "lesson needs a PATH, as in: kith new lesson lessons/first-steps"},
		{"new --kind on a lesson", []string{"new", "lesson", "x", "--kind", "knowledge"}, exitUsage, "--kind is for kith new quiz"},
		{"new quiz, flags after", []string{"new", "quiz", "reflect", "--kind", "self-assessment", "--source", fresh}, exitOK, "```quiz\n    reflect\n    ```"},
		{"new quiz again", []string{"new", "quiz", "reflect", "--source", fresh}, exitContent, "already exists"},
		{"new quiz bad id", []string{"new", "quiz", "My Quiz", "--source", fresh}, exitUsage, "such as my-quiz"},
		{"new lesson outside a site", []string{"new", "lesson", "x", "--source", broken + "/nowhere"}, exitContent, "no site.toml in"},
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
