package sitetest

import (
	"strings"
	"testing"
)

// Parse reads a site written as txtar text, the format of golang.org/x/tools/txtar: a line
// "-- name --" starts each file, named by its slash path from the site's folder, and the lines
// up to the next such line are its contents. Text before the first file is a comment. It is a
// reader of our own because the format is this small.
func Parse(archive string) map[string]string {
	files := map[string]string{}
	name := ""
	var body strings.Builder
	for _, line := range strings.SplitAfter(archive, "\n") {
		if next, ok := fileMarker(line); ok {
			if name != "" {
				files[name] = body.String()
			}
			name = next
			body.Reset()
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	if name != "" {
		files[name] = body.String()
	}
	return files
}

// fileMarker returns the name in a "-- name --" line.
func fileMarker(line string) (string, bool) {
	line = strings.TrimRight(line, "\r\n")
	if len(line) < 7 || !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") {
		return "", false
	}
	name := strings.TrimSpace(line[3 : len(line)-3])
	return name, name != ""
}

// Txtar writes the site given as txtar text into a new folder that is removed when the test
// ends, and returns the folder.
func Txtar(t testing.TB, archive string) string {
	t.Helper()
	return New(t, Parse(archive))
}
