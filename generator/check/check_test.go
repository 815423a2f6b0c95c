package check

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/scaffold"
	"kith/generator/site"
	"kith/internal/golden"
)

// TestCases runs kith check on each site in testdata and compares its exact output with the
// case's .want file: one site a kind of problem, and one with none.
func TestCases(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob("testdata/*")
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			Run(site.Options{Source: dir}).WriteText(&out)
			golden.Check(t, dir+".want", out.Bytes())
		})
	}
}

// TestJSONHoldsTheSameFindings checks that --format json reports what the text does.
func TestJSONHoldsTheSameFindings(t *testing.T) {
	t.Parallel()
	rep := Run(site.Options{Source: "testdata/links"})
	var text, js bytes.Buffer
	rep.WriteText(&text)
	rep.WriteJSON(&js)
	var got []finding
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatalf("the JSON does not parse: %v\n%s", err, js.String())
	}
	lines := strings.Split(strings.TrimSpace(text.String()), "\n")
	lines = lines[:len(lines)-1] // the count
	if len(got) != len(lines) || len(got) == 0 {
		t.Fatalf("JSON has %d findings, text %d", len(got), len(lines))
	}
	for i, f := range got {
		if want := lines[i]; !strings.HasPrefix(want, f.File+":") || !strings.HasSuffix(want, ": "+f.Severity+": "+f.Message) {
			t.Errorf("finding %d: JSON %+v, text %q", i, f, want)
		}
	}
	var empty bytes.Buffer
	Run(site.Options{Source: "testdata/clean"}).WriteJSON(&empty)
	if strings.TrimSpace(empty.String()) != "[]" {
		t.Errorf("no problems print %q; want an empty array", empty.String())
	}
}

// TestExampleTextIsKithNews checks that the example text kith check looks for is what kith new
// writes, so that an author who leaves it in is told.
func TestExampleTextIsKithNews(t *testing.T) {
	t.Parallel()
	golden.Check(t, "example-text.txt", []byte(strings.Join(scaffold.Placeholders(), "\n")+"\n"))
}
