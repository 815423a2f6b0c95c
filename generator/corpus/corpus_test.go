package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// 250 lessons: three sections, the last one partly filled.
const testLessons = 250

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func generate(t *testing.T, lessons int, seed int64) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := Generate(dir, lessons, seed); err != nil {
		t.Fatal(err)
	}
	return readTree(t, dir)
}

func TestGenerateDeterministic(t *testing.T) {
	a := generate(t, testLessons, 7)
	b := generate(t, testLessons, 7)
	if len(a) != len(b) {
		t.Fatalf("file counts differ: %d vs %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
	// Spot-check the layout: three sections, the last one partly filled.
	for _, name := range []string{"site.toml", "hugo.toml", "content/_index.md",
		"content/section-003/_index.md", "content/section-003/lesson-00250.md",
		"layouts/_default/baseof.html", "layouts/_default/_markup/render-link.html"} {
		if a[name] == nil {
			t.Errorf("missing %s", name)
		}
	}
	if a["content/section-004/_index.md"] != nil {
		t.Error("unexpected fourth section")
	}

	c := generate(t, testLessons, 8)
	if bytes.Equal(a["content/section-001/lesson-00001.md"], c["content/section-001/lesson-00001.md"]) {
		t.Error("different seeds gave the same lesson")
	}
}

var (
	mdLink    = regexp.MustCompile(`\]\(([^)\s]*\.md)(#[^)\s]*)?\)`)
	headingRe = regexp.MustCompile(`(?m)^#{2,3} (.+)$`)
)

func TestLinksResolve(t *testing.T) {
	files := generate(t, testLessons, 1)
	lessons, links, anchors := 0, 0, 0
	for name, data := range files {
		if !strings.HasPrefix(name, "content/") || path.Base(name) == "_index.md" {
			continue
		}
		lessons++
		if n := len(strings.Fields(string(data))); n < 300 || n > 1200 {
			t.Errorf("%s: %d words", name, n)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(data), -1) {
			links++
			target := path.Join(path.Dir(name), m[1])
			body, ok := files[target]
			if !ok {
				t.Errorf("%s: link to missing %s", name, m[1])
				continue
			}
			if m[2] == "" {
				continue
			}
			anchors++
			found := false
			for _, h := range headingRe.FindAllStringSubmatch(string(body), -1) {
				found = found || "#"+anchor(h[1]) == m[2]
			}
			if !found {
				t.Errorf("%s: link to missing heading %s%s", name, m[1], m[2])
			}
		}
	}
	if lessons != testLessons || links < 2*testLessons || anchors < testLessons {
		t.Errorf("got %d lessons, %d .md links, %d with anchors", lessons, links, anchors)
	}
}

func TestSingleLesson(t *testing.T) {
	files := generate(t, 1, 1)
	if mdLink.Match(files["content/section-001/lesson-00001.md"]) {
		t.Error("a lone lesson links to another lesson")
	}
}
