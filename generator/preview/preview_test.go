package preview_test

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/generator/pipeline"
	"kith/generator/preview"
	"kith/generator/site"
	"kith/internal/sitetest"
)

// quizFile is a valid quiz with the given title.
func quizFile(title string) string {
	return "title = \"" + title + "\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"True?\"\nanswer = true\n"
}

func lessonFile(title string, weight int, body string) string {
	return fmt.Sprintf("+++\ntitle = %q\nweight = %d\n+++\n%s\n", title, weight, body)
}

//go:embed testdata/edit-site.txtar
var editSiteTxtar string

// editSite writes a small site with sections, quizzes that lessons embed, and a copied file.
func editSite(t testing.TB) string { return sitetest.Txtar(t, editSiteTxtar) }

var write = sitetest.Write

// lessons lists the site's lesson files, sorted.
func lessons(t testing.TB, dir string) []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && filepath.Base(p) != "_index.md" {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// TestIncrementalEqualsFull applies random sequences of edits and checks after each that the
// preview's incremental rebuild gives exactly what a full build of the same files gives: the
// same files with the same bytes, or the same errors.
func TestIncrementalEqualsFull(t *testing.T) {
	t.Parallel()
	incremental, warned, structural := 0, 0, 0
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			dir := editSite(t)
			opts := site.Options{Source: dir}
			pv := preview.New(opts)
			if _, err := pv.Rebuild(nil); err != nil {
				t.Fatal(err)
			}
			for step := range 60 {
				changed, what := randomEdit(t, rng, dir, step)
				snap, err := pv.Rebuild(changed)
				full, fullErr := preview.New(opts).Rebuild(nil)
				if (err == nil) != (fullErr == nil) {
					t.Fatalf("step %d (%s): incremental error %v, full error %v", step, what, err, fullErr)
				}
				if err != nil {
					if !reflect.DeepEqual(diag.As(err), diag.As(fullErr)) {
						t.Fatalf("step %d (%s): errors differ:\nincremental: %v\nfull: %v", step, what, err, fullErr)
					}
					continue
				}
				if !snap.Full {
					incremental++
					if strings.HasPrefix(what, "new ") || strings.HasPrefix(what, "deleted ") {
						structural++
					}
					if len(full.Warnings) > 0 {
						warned++
					}
				}
				if diff := compareFiles(snap.Files, full.Files); diff != "" {
					t.Fatalf("step %d (%s, full=%v): %s", step, what, snap.Full, diff)
				}
				if !reflect.DeepEqual(snap.Warnings, full.Warnings) {
					t.Fatalf("step %d (%s): warnings differ:\n%v\n%v", step, what, snap.Warnings, full.Warnings)
				}
			}
		})
	}
	if incremental == 0 || warned == 0 || structural == 0 {
		t.Fatalf("%d rebuilds were incremental, %d with warnings, %d adding or deleting a lesson: the edits do not test the feed rules",
			incremental, warned, structural)
	}
	t.Logf("%d incremental rebuilds, %d of them adding or deleting a lesson", incremental, structural)
}

// randomEdit changes the site one way an author might and returns the files it touched.
func randomEdit(t testing.TB, rng *rand.Rand, dir string, step int) ([]string, string) {
	ls := lessons(t, dir)
	pick := func() string { return ls[rng.IntN(len(ls))] }
	word := fmt.Sprintf("w%d", step)
	switch n := rng.IntN(12); {
	case n < 4 && len(ls) > 0: // body edit, keeping the front matter
		f := pick()
		src, _ := os.ReadFile(filepath.Join(dir, f))
		front, _, _ := strings.Cut(strings.TrimPrefix(string(src), "+++\n"), "+++\n")
		body := "Edited " + word + ".\n\n## Heading\n"
		if rng.IntN(3) == 0 {
			// A new heading id: the anchors other pages link to change.
			body += "\n## Heading " + word + "\n"
		}
		switch rng.IntN(6) {
		case 0:
			body += "\n```quiz\nq1\n```\n"
		case 1:
			body += "\n```quiz\nq2\n```\n"
		case 2:
			body += "\nSee [the first](/a/one.md).\n"
		case 3:
			// An anchor that may or may not be there: a warning, not an error.
			body += "\nSee [its heading](/" + strings.TrimPrefix(pick(), "content/") + "#heading).\n"
		case 4:
			body += "\nSee [a missing heading](/a/two.md#nope).\n"
		}
		write(t, dir, f, "+++\n"+front+"+++\n"+body)
		return []string{f}, "body of " + f
	case n == 4 && len(ls) > 0: // title and weight: the navigation changes
		f := pick()
		write(t, dir, f, lessonFile("Title "+word, rng.IntN(4), "Retitled."))
		return []string{f}, "front matter of " + f
	case n == 5: // a new lesson, maybe in a new folder
		f := fmt.Sprintf("content/%s/new-%d.md", []string{"a", "b", "c"}[rng.IntN(3)], step)
		write(t, dir, f, lessonFile("New "+word, 0, "Brand new."))
		return []string{f}, "new " + f
	case n == 6 && len(ls) > 2: // a deleted lesson
		f := pick()
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
		return []string{f}, "deleted " + f
	case n == 7: // a quiz edit, sometimes one that breaks it until its next edit
		f := fmt.Sprintf("quizzes/q%d.toml", 1+rng.IntN(2))
		text := quizFile("Quiz " + word)
		if rng.IntN(4) == 0 {
			text = strings.Replace(text, "knowledge", "nope", 1)
		}
		write(t, dir, f, text)
		return []string{f}, "quiz " + f
	case n == 9: // a lesson's description, objectives or duration
		f := pick()
		src, _ := os.ReadFile(filepath.Join(dir, f))
		_, body, _ := strings.Cut(strings.TrimPrefix(string(src), "+++\n"), "+++\n")
		title := strings.TrimSuffix(strings.TrimPrefix(f[strings.LastIndex(f, "/")+1:], "new-"), ".md")
		front := fmt.Sprintf("title = %q\nweight = %d\ndescription = \"About %s\"\nobjectives = [\"Learn %s\"]\nduration = \"%d min\"\n",
			"Lesson "+title, rng.IntN(4), word, word, 10+rng.IntN(40))
		write(t, dir, f, "+++\n"+front+"+++\n"+body)
		return []string{f}, "description of " + f
	case n == 10: // a layout or a partial of the theme, sometimes broken until its next edit
		f := []string{"themes/default/layouts/section.html", "themes/default/layouts/lesson.html",
			"themes/default/layouts/partials/footer.html"}[rng.IntN(3)]
		text := "<p class=\"edited\">" + word + "</p>\n"
		if !strings.Contains(f, "partials") {
			text = "{{define \"main\"}}" + text + "<h1>{{.Page.Title}}</h1>{{.Content}}{{end}}\n"
		}
		if rng.IntN(5) == 0 {
			text = strings.Replace(text, "</p>", "{{.Nope}}</p>", 1)
		}
		write(t, dir, f, text)
		return []string{f}, "layout " + f
	case n == 8: // a copied file
		write(t, dir, "content/b/picture.png", "\x89PNG\r\n\x1a\n"+word)
		return []string{"content/b/picture.png"}, "picture"
	default: // a broken link, an error until the page is edited again
		if len(ls) == 0 {
			return nil, "nothing"
		}
		f := pick()
		src, _ := os.ReadFile(filepath.Join(dir, f))
		front, _, _ := strings.Cut(strings.TrimPrefix(string(src), "+++\n"), "+++\n")
		write(t, dir, f, "+++\n"+front+"+++\nA [broken link](missing.md).\n")
		return []string{f}, "broken link in " + f
	}
}

func compareFiles(got, want map[string][]byte) string {
	for p, w := range want {
		g, ok := got[p]
		if !ok {
			return "missing " + p
		}
		if !bytes.Equal(g, w) {
			return "differs: " + p
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			return "extra " + p
		}
	}
	return ""
}

// TestPreviewEqualsBuild checks that the preview renders what kith build writes.
func TestPreviewEqualsBuild(t *testing.T) {
	t.Parallel()
	dir := editSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Build(site.Options{Source: dir, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	snap, err := preview.New(site.Options{Source: dir}).Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string][]byte{}
	_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != pipeline.Marker { // the marker says who made the folder; a preview has none
			rel, _ := filepath.Rel(dest, p)
			onDisk[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	if diff := compareFiles(snap.Files, onDisk); diff != "" {
		t.Fatal(diff)
	}
}

// TestFeedRules checks what a lesson's body feeds, and that a body edit renders only that.
func TestFeedRules(t *testing.T) {
	t.Parallel()
	dir := editSite(t)
	pv := preview.New(site.Options{Source: dir})
	if _, err := pv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file, body string
		want       []string
	}{
		{"content/a/one.md", "New text, same quiz.\n\n```quiz\nq1\n```\n", []string{"a/one/index.html", "a/one/slides/index.html"}},
		// A lesson whose quizzes change also feeds everything that shows the lesson, where the
		// navigation and My results name its knowledge checks for progress.
		{"content/a/one.md", "The quiz removed.", []string{"a/one/index.html", "a/one/slides/index.html", "index.html", "a/index.html", "a/two/index.html", "quizzes/q1/index.html", "quizzes/q2/index.html", "my-results/index.html", "404.html", "sitemap.xml"}},
		{"content/a/one.md", "```quiz\nq2\n```\n", []string{"a/one/index.html", "a/one/slides/index.html", "index.html", "a/index.html", "a/two/index.html", "quizzes/q1/index.html", "quizzes/q2/index.html", "my-results/index.html", "404.html", "sitemap.xml"}},
		{"content/a/two.md", "```quiz\nq1\n```\n", []string{"a/two/index.html", "index.html", "a/index.html", "a/one/index.html", "a/one/slides/index.html", "quizzes/q1/index.html", "quizzes/q2/index.html", "my-results/index.html", "404.html", "sitemap.xml"}},
		{"content/a/two.md", "```quiz\nnot-a-quiz\n```\n", []string{"a/two/index.html", "index.html", "a/index.html", "a/one/index.html", "a/one/slides/index.html", "quizzes/q1/index.html", "quizzes/q2/index.html", "my-results/index.html", "404.html", "sitemap.xml"}},
		{"content/_index.md", "New welcome.", []string{"index.html"}},
		{"content/nope.md", "", nil},
	}
	for _, c := range cases {
		if got := pv.BodyFeeds(c.file, []byte(c.body)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("BodyFeeds(%s, %q) = %v, want %v", c.file, c.body, got, c.want)
		}
	}
	if got, want := pv.QuizFeeds("q1"), []string{"a/one/index.html", "a/one/slides/index.html", "class-results/index.html", "my-results/index.html", "quizzes/q1/index.html"}; !reflect.DeepEqual(got, want) {
		t.Errorf("QuizFeeds(q1) = %v, want %v", got, want)
	}
	// Editing a quiz renders the pages that embed it and their slides, its page, My results and Class results.
	write(t, dir, "quizzes/q2.toml", quizFile("Quiz two, renamed"))
	snap, err := pv.Rebuild([]string{"quizzes/q2.toml"})
	if err != nil {
		t.Fatal(err)
	}
	// The lesson, its slides, the quiz's page, My results and Class results.
	if snap.Full || snap.Rendered != 5 || !bytes.Contains(snap.Files["b/three/index.html"], []byte("Quiz two, renamed")) || !bytes.Contains(snap.Files["b/three/slides/index.html"], []byte("Quiz two, renamed")) {
		t.Fatalf("a quiz edit: full = %v, rendered %d; want an incremental rebuild of 5 showing the new title", snap.Full, snap.Rendered)
	}
	// Moving the quiz from q1 to q2 re-renders the lesson, its slides and both quizzes' pages.
	write(t, dir, "content/a/one.md", lessonFile("One", 1, "First.\n\n```quiz\nq2\n```\n"))
	prev := snap
	snap, err = pv.Rebuild([]string{"content/a/one.md"})
	if err != nil {
		t.Fatal(err)
	}
	// The pages that show the lesson (their progress names its knowledge checks), its slides and
	// both quizzes' pages; not the search index, as the lesson's text is the same and quiz blocks
	// are not indexed.
	if snap.Full || snap.Rendered != 10 {
		t.Fatalf("full = %v, rendered %d outputs; want an incremental rebuild of 10", snap.Full, snap.Rendered)
	}
	want := []string{"a/index.html", "a/one/index.html", "a/one/slides/index.html", "a/two/index.html", "index.html", "my-results/index.html", "quizzes/q1/index.html", "quizzes/q2/index.html"}
	if got := pv.QuizFeeds("q2"); !slices.Contains(got, "a/one/index.html") {
		t.Errorf("after the move QuizFeeds(q2) = %v, which lacks a/one/index.html", got)
	}
	var changed []string
	for p, data := range snap.Files {
		if !bytes.Equal(data, prev.Files[p]) {
			changed = append(changed, p)
		}
	}
	sort.Strings(changed)
	if !reflect.DeepEqual(changed, want) {
		t.Fatalf("changed %v, want %v", changed, want)
	}
	// A lesson's title feeds its section's pages (navigation, pager, list), the sections above
	// it, the quiz pages, the 404 page and the sitemap; not section b.
	write(t, dir, "content/a/one.md", lessonFile("One, renamed", 1, "First.\n\n```quiz\nq2\n```\n"))
	snap, err = pv.Rebuild([]string{"content/a/one.md"})
	if err != nil || snap.Full {
		t.Fatalf("a title change: full = %v, err = %v; want an incremental rebuild", snap != nil && snap.Full, err)
	}
	for _, p := range []string{"a/one/index.html", "a/two/index.html", "a/index.html", "quizzes/q2/index.html"} {
		if !bytes.Contains(snap.Files[p], []byte("One, renamed")) {
			t.Errorf("%s does not show the new title", p)
		}
	}
	if bytes.Contains(snap.Files["b/three/index.html"], []byte("One, renamed")) || snap.Rendered >= len(snap.Files)-5 {
		t.Errorf("a title change in section a rendered %d of %d outputs, section b's among them", snap.Rendered, len(snap.Files))
	}
	// A section's own title is in every page's navigation: everything.
	write(t, dir, "content/a/_index.md", "+++\ntitle = \"Section A, renamed\"\n+++\nAbout A.\n")
	if snap, err := pv.Rebuild([]string{"content/a/_index.md"}); err != nil || !snap.Full {
		t.Fatalf("a section title change: full = %v, err = %v; want a full rebuild", snap != nil && snap.Full, err)
	}
	// A layout feeds the pages rendered with it.
	write(t, dir, "themes/default/layouts/section.html", "{{define \"main\"}}<p class=\"custom\">{{.Page.Title}}</p>{{end}}\n")
	snap, err = pv.Rebuild([]string{"themes/default/layouts/section.html"})
	if err != nil || snap.Full || !bytes.Contains(snap.Files["a/index.html"], []byte(`<p class="custom">`)) {
		t.Fatalf("a layout edit: full = %v, err = %v; want an incremental rebuild showing the new layout", snap != nil && snap.Full, err)
	}
	if snap.Rendered != 3 { // a/, b/ and b/deeper/
		t.Errorf("a change to layouts/section.html rendered %d outputs; want the 3 section pages", snap.Rendered)
	}
	// A new lesson in an existing section adds its page and updates the section's lists; its
	// deletion, when no page mentions it, takes them back.
	write(t, dir, "content/b/five.md", lessonFile("Five", 2, "Fifth."))
	snap, err = pv.Rebuild([]string{"content/b/five.md"})
	if err != nil || snap.Full || !bytes.Contains(snap.Files["b/five/index.html"], []byte("Fifth.")) ||
		!bytes.Contains(snap.Files["b/three/index.html"], []byte("Five")) {
		t.Fatalf("a new lesson: full = %v, err = %v; want an incremental rebuild with its page in the navigation", snap != nil && snap.Full, err)
	}
	os.Remove(filepath.Join(dir, "content/b/five.md"))
	snap, err = pv.Rebuild([]string{"content/b/five.md"})
	if err != nil || snap.Full || snap.Files["b/five/index.html"] != nil || bytes.Contains(snap.Files["b/three/index.html"], []byte("Five")) {
		t.Fatalf("a deleted lesson: full = %v, err = %v; want an incremental rebuild without it", snap != nil && snap.Full, err)
	}
	// Deleting a lesson that another page links to needs the full build, which reports the link.
	os.Remove(filepath.Join(dir, "content/a/one.md"))
	if _, err := pv.Rebuild([]string{"content/a/one.md"}); err == nil || !strings.Contains(err.Error(), `broken link "one.md"`) {
		t.Fatalf("deleting a linked lesson: err = %v; want the broken link reported", err)
	}
}

// TestCaptionsAddedOrRemovedReachTheVideo checks that saving or deleting a video's .vtt file
// while previewing adds or removes the captions of the page that plays it, which never names it.
func TestCaptionsAddedOrRemovedReachTheVideo(t *testing.T) {
	dir := sitetest.New(t, map[string]string{
		"site.toml":               "title = \"T\"\nbase_url = \"https://school.example/\"\n",
		"content/_index.md":       "+++\ntitle = \"Home\"\n+++\n",
		"content/a/_index.md":     "+++\ntitle = \"A\"\n+++\n",
		"content/a/one.md":        lessonFile("One", 1, "![A clip](clip.mp4)\n"),
		"content/a/clip.mp4":      "video",
		"content/a/unrelated.txt": "text",
	})
	pv := preview.New(site.Options{Source: dir})
	if _, err := pv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	page := func(snap *preview.Snapshot) string { return string(snap.Files["a/one/index.html"]) }
	sitetest.Write(t, dir, "content/a/clip.vtt", "WEBVTT\n")
	snap, err := pv.Rebuild([]string{"content/a/clip.vtt"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page(snap), `<track kind="captions" src="../../a/clip.vtt"`) {
		t.Errorf("after clip.vtt was added, the page has no captions:\n%s", page(snap))
	}
	if err := os.Remove(filepath.Join(dir, "content", "a", "clip.vtt")); err != nil {
		t.Fatal(err)
	}
	snap, err = pv.Rebuild([]string{"content/a/clip.vtt"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page(snap), "<track") {
		t.Errorf("after clip.vtt was deleted, the page still has captions:\n%s", page(snap))
	}
}
