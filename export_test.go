package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exportCheck = `title = "Check"
kind = "knowledge"

[[questions]]
type = "truefalse"
prompt = "True?"
answer = true
`

const exportMood = `title = "Mood"
kind = "self-assessment"
scale = ["No", "Yes"]

[[questions]]
type = "likert"
prompt = "I am fine."

[[bands]]
id = "all"
min = 0
max = 1
title = "All"
advice = "Fine."
`

// exportSite writes a site with a knowledge check, a self-assessment and the given extra quizzes.
func exportSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	site := t.TempDir()
	files := map[string]string{"site.toml": "title = \"T\"\n", "quizzes/check.toml": exportCheck, "quizzes/mood.toml": exportMood}
	for name, text := range extra {
		files[name] = text
	}
	for name, text := range files {
		os.MkdirAll(filepath.Join(site, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(site, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

func runKith(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestExportCommand(t *testing.T) {
	site := exportSite(t, nil)
	os.Mkdir(filepath.Join(site, "quizzes.zip"), 0o755)
	broken := exportSite(t, map[string]string{"quizzes/bad.toml": "title = \"Bad\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"single\"\nprompt = \"?\"\n"})
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no system", []string{"export", "--source", site}, exitUsage, "say which system to export for: moodle or canvas"},
		{"misspelt system", []string{"export", "moodel", "--source", site}, exitUsage, `cannot export for "moodel": did you mean moodle?`},
		{"canvas to the terminal", []string{"export", "canvas", "--source", site}, exitUsage, "name the zip to write with --out"},
		{"wrong extension", []string{"export", "moodle", "--source", site, "--out", filepath.Join(site, "q.toml")}, exitUsage, "a moodle export is a .xml file"},
		{"out is a folder", []string{"export", "canvas", "--source", site, "--out", filepath.Join(site, "quizzes.zip")}, exitUsage, "is a folder: name the file to write in it"},
		{"misspelt quiz", []string{"export", "moodle", "chek", "--source", site}, exitUsage, `no quiz "chek" in quizzes/: did you mean check?`},
		{"unknown quiz", []string{"export", "moodle", "zzzzzz", "--source", site}, exitUsage, "the knowledge checks are check"},
		{"self-assessment named", []string{"export", "moodle", "mood", "--source", site}, exitUsage, "mood is a self-assessment, and self-assessments have no right answers"},
		{"not a site", []string{"export", "moodle", "--source", t.TempDir()}, exitContent, "no site.toml in"},
		{"a quiz with errors", []string{"export", "moodle", "--source", broken}, exitContent, "bad.toml:4:1: error: question 1: a single question needs at least 2 options"},
		{"a quiz with errors, named", []string{"export", "moodle", "bad", "--source", broken}, exitContent, "nothing was written"},
		{"another quiz than the one with errors", []string{"export", "moodle", "check", "--source", broken}, exitOK, "Exported 1 knowledge check (1 question) for Moodle."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runKith(c.args...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, c.code, c.stderr)
			}
		})
	}
}

func TestExportWrites(t *testing.T) {
	site := exportSite(t, nil)
	code, stdout, stderr := runKith("export", "moodle", "--source", site)
	var parsed struct {
		Questions []struct {
			Type string `xml:"type,attr"`
		} `xml:"question"`
	}
	if code != exitOK || xml.Unmarshal([]byte(stdout), &parsed) != nil || len(parsed.Questions) != 2 || parsed.Questions[1].Type != "truefalse" {
		t.Fatalf("moodle to standard output: exit %d, %d questions, stdout:\n%s", code, len(parsed.Questions), stdout)
	}
	if !strings.Contains(stderr, "Note: left out 1 self-assessment (mood)") {
		t.Errorf("stderr %q: want a note on the self-assessment left out", stderr)
	}

	out := filepath.Join(t.TempDir(), "quizzes.zip")
	if code, stdout, stderr := runKith("export", "canvas", "--source", site, "--out", out); code != exitOK || !strings.Contains(stdout, "→ "+out) {
		t.Fatalf("canvas: exit %d\n%s%s", code, stdout, stderr)
	}
	first, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(first, []byte("PK")) {
		t.Fatalf("canvas wrote no zip to %s: %v", out, err)
	}
	runKith("export", "canvas", "--source", site, "--out", out)
	if second, _ := os.ReadFile(out); !bytes.Equal(first, second) {
		t.Error("two exports of the same site differ")
	}

	// A failed export leaves the previous file as it was, and leaves no temporary file behind.
	os.WriteFile(filepath.Join(site, "quizzes", "check.toml"), []byte("title = 1\n"), 0o644)
	if code, _, stderr := runKith("export", "canvas", "--source", site, "--out", out); code != exitContent || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("broken quiz: exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(first, after) {
		t.Error("a failed export changed the previous file")
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("%d files next to the export, want only it", len(entries))
	}
}
