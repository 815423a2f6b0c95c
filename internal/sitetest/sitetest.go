// Package sitetest writes sites for tests: a folder of files given by their slash paths.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// New writes files (slash paths from the site's folder → contents) into a new folder that is
// removed when the test ends, and returns the folder.
func New(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		Write(t, dir, name, text)
	}
	return dir
}

// Write writes one file of the site in dir, making its folders.
func Write(t testing.TB, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
