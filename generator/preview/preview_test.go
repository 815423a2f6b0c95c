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
	"kith/generator/search"
	"kith/generator/site"
	"kith/internal/sitetest"
)

// quizFile is a valid quiz with the given title.
func quizFile(title string) string {
	return "title = \"" + title + "\"\nkind = \"knowledge\"\n\n[[questions]]\ntype = \"truefalse\"\nprompt = \"True?\"\nanswer = true\n"
}

// selfAssessment is a valid self-assessment with the given title: a quiz of the other kind,
// which no lesson's progress counts.
func selfAssessment(title string) string {
	return "title = \"" + title + "\"\nkind = \"self-assessment\"\nscale = [\"No\", \"Yes\"]\n\n[[questions]]\ntype = \"likert\"\nprompt = \"Often?\"\n\n" +
		"[[bands]]\nid = \"low\"\nmin = 0\nmax = 0\ntitle = \"Low\"\n\n[[bands]]\nid = \"high\"\nmin = 1\nmax = 1\ntitle = \"High\"\n"
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

//go:embed testdata/cross-theme.txtar
var crossThemeTxtar string

// crossSite is editSite with a theme that reads across pages in every way a template can.
func crossSite(t testing.TB) string {
	dir := editSite(t)
	for name, text := range sitetest.Parse(crossThemeTxtar) {
		write(t, dir, name, text)
	}
	return dir
}

// TestIncrementalEqualsFull applies random sequences of edits and checks after each that the
// preview's incremental rebuild gives exactly what a full build of the same files gives: the
// same files with the same bytes, or the same errors. It does so with the default theme and
// with one that reads across pages, for which no rule was written.
func TestIncrementalEqualsFull(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		theme string
		make  func(testing.TB) string
	}{{"default", editSite}, {"cross", crossSite}} {
		t.Run(c.theme, func(t *testing.T) {
			t.Parallel()
			steps := 200
			if testing.Short() {
				steps = 120
			}
			rng := rand.New(rand.NewPCG(1, 7))
			dir := c.make(t)
			opts := site.Options{Source: dir}
			pv := preview.New(opts)
			if _, err := pv.Rebuild(nil); err != nil {
				t.Fatal(err)
			}
			narrow, warned, ok, inPlace, reloaded, pending, kinds := 0, 0, 0, 0, 0, 0, map[string]int{}
			var broken []string
			for step := range steps {
				changed, what := randomEdit(t, rng, dir, c.theme, step, &broken)
				snap, err := pv.Rebuild(changed)
				full, fullErr := preview.New(opts).Rebuild(nil)
				if (err == nil) != (fullErr == nil) {
					t.Fatalf("step %d (%s): incremental error %v, full error %v", step, what, err, fullErr)
				}
				if err != nil {
					if !reflect.DeepEqual(diag.As(err), diag.As(fullErr)) {
						t.Fatalf("step %d (%s): errors differ:\nincremental: %v\nfull: %v", step, what, err, fullErr)
					}
					if os.Getenv("KITH_DEBUG") != "" {
						t.Logf("step %d (%s): %v", step, what, err)
					}
					continue
				}
				if snap.Pending {
					// The pages are up to date at once, the search index once Settle ran.
					if diff := compareFiles(withoutSearch(snap.All()), withoutSearch(full.All())); diff != "" {
						t.Fatalf("step %d (%s, before Settle): %s", step, what, diff)
					}
					pending++
					if snap, err = pv.Settle(); err != nil || snap == nil || snap.Pending {
						t.Fatalf("step %d (%s): Settle gave %v, %v", step, what, snap, err)
					}
				}
				if diff := compareFiles(snap.All(), full.All()); diff != "" {
					if os.Getenv("KITH_DEBUG") != "" {
						t.Logf("rendered %v (reloaded %v)", snap.Outputs, snap.Reloaded)
					}
					t.Fatalf("step %d (%s, full=%v): %s", step, what, snap.Full, diff)
				}
				if !reflect.DeepEqual(snap.Warnings, full.Warnings) {
					t.Fatalf("step %d (%s): warnings differ:\n%v\n%v", step, what, snap.Warnings, full.Warnings)
				}
				ok++
				switch {
				case snap.Reloaded:
					reloaded++
				case !snap.Full:
					inPlace++
				}
				if !snap.Full && snap.Rendered < len(snap.All())/2 {
					narrow++
					kinds[strings.Fields(what)[0]]++
				}
				if len(full.Warnings) > 0 {
					warned++
				}
			}
			// The edits must reach the cases where recording matters: most rebuilds render
			// little, of every kind of edit, some with warnings carried over, many applied in
			// place and many after loading the site again.
			if narrow < ok/3 || warned == 0 || len(kinds) < 8 || inPlace < ok/4 || reloaded < ok/10 || pending == 0 {
				t.Fatalf("%d of %d successful rebuilds rendered less than half the site (by edit: %v), %d had warnings, %d applied in place, %d reloaded: the edits do not test recorded dependencies",
					narrow, ok, kinds, warned, inPlace, reloaded)
			}
			t.Logf("%d of %d successful rebuilds rendered less than half the site; %d applied in place, %d reloaded; by edit: %v", narrow, ok, inPlace, reloaded, kinds)
		})
	}
}

// frontLine sets key = value in the front matter of the page src, or removes it when value is "".
func frontLine(src, key, value string) string {
	front, body, _ := strings.Cut(strings.TrimPrefix(src, "+++\n"), "+++\n")
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(front, "\n"), "\n") {
		if l != "" && !strings.HasPrefix(l, key+" =") {
			lines = append(lines, l)
		}
	}
	if value != "" {
		lines = append(lines, key+" = "+value)
	}
	return "+++\n" + strings.Join(lines, "\n") + "\n+++\n" + body
}

// randomEdit changes the site one way an author might and returns the files it touched and
// what it did, starting with a word that names the kind of edit. Some edits break a file; broken
// lists them, and now and then one is mended, so that most steps build.
func randomEdit(t testing.TB, rng *rand.Rand, dir, themeName string, step int, broken *[]string) ([]string, string) {
	if len(*broken) > 0 && rng.IntN(3) == 0 {
		f := (*broken)[0]
		*broken = (*broken)[1:]
		switch {
		case strings.HasPrefix(f, "quizzes/"):
			write(t, dir, f, quizFile("Mended"))
		case strings.HasPrefix(f, "themes/"):
			os.Remove(filepath.Join(dir, f))
		default:
			src, _ := os.ReadFile(filepath.Join(dir, f))
			front, _, _ := strings.Cut(strings.TrimPrefix(string(src), "+++\n"), "+++\n")
			write(t, dir, f, "+++\n"+front+"+++\nMended.\n")
		}
		return []string{f}, "mend " + f
	}
	ls := lessons(t, dir)
	pick := func() string { return ls[rng.IntN(len(ls))] }
	// Lessons a and b link to stay published, so that most steps build without errors.
	var loose []string
	for _, f := range ls {
		if f != "content/a/one.md" && f != "content/a/two.md" {
			loose = append(loose, f)
		}
	}
	pickLoose := func() string { return loose[rng.IntN(len(loose))] }
	read := func(f string) string { src, _ := os.ReadFile(filepath.Join(dir, f)); return string(src) }
	edit := func(f, key, value, what string) ([]string, string) {
		write(t, dir, f, frontLine(read(f), key, value))
		return []string{f}, what + " " + f
	}
	remove := func(f string) {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	word := fmt.Sprintf("w%d", step)
	switch n := rng.IntN(23); {
	case n < 4 && len(ls) > 0: // body edit, keeping the front matter
		f := pick()
		front, _, _ := strings.Cut(strings.TrimPrefix(read(f), "+++\n"), "+++\n")
		body := "Edited " + word + ".\n\n## Heading\n"
		if rng.IntN(3) == 0 {
			// A new heading id: the anchors other pages link to change.
			body += "\n## Heading " + word + "\n"
		}
		switch rng.IntN(7) {
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
		case 5:
			body += "\n```quiz\nq3\n```\n" // there only now and then
			*broken = append(*broken, f)
		}
		write(t, dir, f, "+++\n"+front+"+++\n"+body)
		return []string{f}, "body of " + f
	case n == 4 && len(ls) > 0:
		return edit(pick(), "title", fmt.Sprintf("%q", "Title "+word), "title")
	case n == 5 && len(ls) > 0:
		return edit(pick(), "weight", fmt.Sprint(rng.IntN(4)), "weight")
	case n == 6 && len(ls) > 0: // a lesson's description, objectives and duration
		f := pick()
		src := frontLine(read(f), "description", fmt.Sprintf("%q", "About "+word))
		src = frontLine(src, "objectives", fmt.Sprintf("[%q]", "Learn "+word))
		write(t, dir, f, frontLine(src, "duration", fmt.Sprintf("\"%d min\"", 10+rng.IntN(40))))
		return []string{f}, "description of " + f
	case n == 7 && len(ls) > 0: // a slug, or none
		slug := ""
		if rng.IntN(3) > 0 {
			slug = fmt.Sprintf("%q", "s-"+word)
		}
		return edit(pick(), "slug", slug, "slug")
	case n == 8 && len(loose) > 0: // a lesson made a draft, or published
		draft := ""
		if rng.IntN(2) == 0 {
			draft = "true"
		}
		return edit(pickLoose(), "draft", draft, "draft")
	case n == 9: // a new lesson in a folder that has lessons
		f := fmt.Sprintf("content/%s/new-%d.md", []string{"a", "b", "b/deeper"}[rng.IntN(3)], step)
		write(t, dir, f, lessonFile("New "+word, rng.IntN(3), "Brand new."))
		return []string{f}, "new " + f
	case n == 10: // a new lesson in a new folder, at the top or inside a section
		f := fmt.Sprintf("content/%sf%d/new.md", []string{"", "b/"}[rng.IntN(2)], step)
		write(t, dir, f, lessonFile("Folder "+word, 0, "In a new folder."))
		return []string{f}, "folder " + f
	case n == 11 && len(loose) > 2:
		f := pickLoose()
		remove(f)
		return []string{f}, "deleted " + f
	case n == 12: // a quiz edit, sometimes one of its kind, sometimes one that breaks it until its next edit
		f := fmt.Sprintf("quizzes/q%d.toml", 1+rng.IntN(2))
		text := quizFile("Quiz " + word)
		if rng.IntN(4) == 0 {
			text = selfAssessment("Self " + word)
		} else if rng.IntN(4) == 0 {
			text = strings.Replace(text, "knowledge", "nope", 1)
			*broken = append(*broken, f)
		}
		write(t, dir, f, text)
		return []string{f}, "quiz " + f
	case n == 13: // a quiz added or deleted
		f := fmt.Sprintf("quizzes/q%d.toml", 3+rng.IntN(2))
		if rng.IntN(2) == 0 {
			remove(f)
			return []string{f}, "unquiz " + f
		}
		write(t, dir, f, quizFile("Added "+word))
		return []string{f}, "addquiz " + f
	case n == 14: // a section's own page: its title, description or text, or its deletion
		f := []string{"content/_index.md", "content/a/_index.md", "content/b/_index.md", "content/b/deeper/_index.md"}[rng.IntN(4)]
		switch rng.IntN(4) {
		case 0:
			write(t, dir, f, "+++\ntitle = \"Section "+word+"\"\n+++\nAbout it.\n")
		case 1:
			write(t, dir, f, "+++\ntitle = \"Section\"\ndescription = \"Described "+word+"\"\n+++\nAbout it.\n")
		case 2:
			write(t, dir, f, "+++\ntitle = \"Section\"\n+++\nText "+word+".\n")
		default:
			if f == "content/_index.md" {
				return nil, "nothing"
			}
			remove(f)
		}
		return []string{f}, "section " + f
	case n == 15: // site.toml: the title, a string, the description
		text := "title = \"Edits\"\nbase_url = \"https://school.example/toolkit/\"\n"
		if themeName != "default" {
			text += "theme = \"" + themeName + "\"\n"
		}
		switch rng.IntN(3) {
		case 0:
			text = strings.Replace(text, "Edits", "Edits "+word, 1)
		case 1:
			text += "description = \"Site " + word + "\"\n"
		default:
			text += "\n[strings]\nhome = \"Start " + word + "\"\n"
		}
		write(t, dir, "site.toml", text)
		return []string{"site.toml"}, "config"
	case n == 16: // a layout or a partial of the theme, sometimes broken until its next edit
		layouts := []string{"layouts/section.html", "layouts/lesson.html", "layouts/partials/toc.html",
			"layouts/partials/nav.html", "layouts/partials/quiz.html", "layouts/partials/footer.html"}
		f := layouts[rng.IntN(len(layouts))]
		f = "themes/" + themeName + "/" + f
		text := "<p class=\"edited\">" + word + "</p>\n"
		if !strings.Contains(f, "partials") {
			text = "{{define \"main\"}}" + text + "<h1>{{.Page.Title}}</h1>{{.Content}}{{end}}\n"
		}
		if rng.IntN(5) == 0 {
			text = strings.Replace(text, "</p>", "{{.Nope}}</p>", 1)
			*broken = append(*broken, f)
		}
		write(t, dir, f, text)
		return []string{f}, "layout " + f
	case n == 17: // a copied file
		write(t, dir, "content/b/picture.png", "\x89PNG\r\n\x1a\n"+word)
		return []string{"content/b/picture.png"}, "picture"
	case n == 18 && len(ls) > 0: // a broken link, an error until the page is edited again
		f := pick()
		front, _, _ := strings.Cut(strings.TrimPrefix(read(f), "+++\n"), "+++\n")
		write(t, dir, f, "+++\n"+front+"+++\nA [broken link](missing.md).\n")
		*broken = append(*broken, f)
		return []string{f}, "broken link in " + f
	case n == 19 && len(ls) > 0: // a body that starts or stops embedding a quiz, nothing else
		f := pick()
		front, _, _ := strings.Cut(strings.TrimPrefix(read(f), "+++\n"), "+++\n")
		body := "Quizzed " + word + ".\n"
		if rng.IntN(2) == 0 {
			body += "\n```quiz\nq" + fmt.Sprint(1+rng.IntN(2)) + "\n```\n"
		}
		write(t, dir, f, "+++\n"+front+"+++\n"+body)
		return []string{f}, "quizzes of " + f
	default:
		return nil, "nothing"
	}
}

// withoutSearch returns files without the search index's.
func withoutSearch(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for p, data := range files {
		if !strings.HasPrefix(p, "search/") {
			out[p] = data
		}
	}
	return out
}

func compareFiles(got, want map[string][]byte) string {
	for p, w := range want {
		g, ok := got[p]
		if !ok {
			return "missing " + p
		}
		if !bytes.Equal(g, w) {
			gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					return fmt.Sprintf("differs: %s, line %d:\n got %s\nwant %s", p, i+1, gl[i], wl[i])
				}
			}
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
	if diff := compareFiles(snap.All(), onDisk); diff != "" {
		t.Fatal(diff)
	}
}

// TestInPlaceEditsRenderWhatReadThem checks the edits kith serve applies to the loaded site
// without loading it again: each renders exactly the outputs that read what it changed.
func TestInPlaceEditsRenderWhatReadThem(t *testing.T) {
	t.Parallel()
	dir := editSite(t)
	opts := site.Options{Source: dir}
	pv := preview.New(opts)
	first, err := pv.Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	var index []string // the search index's files: a fragment a page beside the shards
	for p := range first.All() {
		if strings.HasPrefix(p, search.Dir) {
			index = append(index, p)
		}
	}
	slices.Sort(index)
	steps := []struct {
		what  string
		file  string
		text  string
		want  []string // exactly the outputs rendered, the search index's files aside
		index bool     // and the search index's files
	}{
		{"a lesson's text is read by its page and its slides",
			"content/a/one.md", lessonFile("One", 1, "New text, same quiz.\n\n```quiz\nq1\n```\n"),
			[]string{"a/one/index.html", "a/one/slides/index.html"}, true},
		{"a lesson that stops embedding a quiz changes its quiz's page and every page that shows its progress",
			"content/a/one.md", lessonFile("One", 1, "The quiz removed, a lesson still.\n\n```quiz\nq2\n```\n"),
			[]string{"a/one/index.html", "a/one/slides/index.html", "quizzes/q1/index.html", "quizzes/q2/index.html",
				"a/index.html", "a/two/index.html", "index.html", "my-results/index.html"}, true},
		{"a lesson that embeds another knowledge check in its place changes only what names the quizzes",
			"content/a/one.md", lessonFile("One", 1, "Another quiz, same kind.\n\n```quiz\nq2\n```\n\n```quiz\nq1\n```\n"),
			[]string{"a/one/index.html", "a/one/slides/index.html", "quizzes/q1/index.html",
				"a/index.html", "a/two/index.html", "index.html", "my-results/index.html"}, true},
		{"a quiz is read by its page, the pages that embed it and their slides, and Class results",
			"quizzes/q1.toml", quizFile("Quiz one, renamed"),
			[]string{"quizzes/q1/index.html", "class-results/index.html", "a/one/index.html", "a/one/slides/index.html"}, false},
		{"a quiz embedded by two lessons",
			"quizzes/q2.toml", quizFile("Quiz two, renamed"),
			[]string{"quizzes/q2/index.html", "class-results/index.html", "a/one/index.html", "a/one/slides/index.html", "b/three/index.html", "b/three/slides/index.html"}, false},
		{"a section's own text is read by its own page",
			"content/a/_index.md", "+++\ntitle = \"Section A\"\n+++\nAbout A, edited.\n",
			[]string{"a/index.html"}, true},
		{"a lesson's description is read by its page, its slides and its section's list",
			"content/b/three.md", "+++\ntitle = \"Three\"\nweight = 1\ndescription = \"Described\"\n+++\nThird.\n\n```quiz\nq2\n```\n",
			[]string{"b/three/index.html", "b/three/slides/index.html", "b/index.html"}, true},
		{"a copied file is read by its copy",
			"content/b/picture.png", "\x89PNG\r\n\x1a\nnew",
			[]string{"b/picture.png"}, false},
	}
	for _, s := range steps {
		write(t, dir, s.file, s.text)
		snap, err := pv.Rebuild([]string{s.file})
		if err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		full, err := preview.New(opts).Rebuild(nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := compareFiles(withoutSearch(snap.All()), withoutSearch(full.All())); diff != "" {
			t.Fatalf("%s: %s", s.what, diff)
		}
		if snap.Full || snap.Reloaded {
			t.Errorf("%s: loaded the site again (full = %v)", s.what, snap.Full)
			continue
		}
		want := slices.Sorted(slices.Values(s.want))
		if !slices.Equal(snap.Outputs, want) {
			t.Errorf("%s: rendered %v, want %v", s.what, snap.Outputs, want)
		}
		// The search index holds every page's text: it is rendered again when the edits pause.
		if snap.Pending != s.index {
			t.Errorf("%s: search index pending = %v, want %v", s.what, snap.Pending, s.index)
		}
		settled, err := pv.Settle()
		if err != nil {
			t.Fatal(err)
		}
		// Settle writes again only files of the index, those the edit changed (the page's
		// fragment, doc shard and words' files).
		if s.index && (settled == nil || len(settled.Outputs) == 0 || !isSubset(settled.Outputs, index)) {
			var got []string
			if settled != nil {
				got = settled.Outputs
			}
			t.Errorf("%s: Settle rendered %v, want some of the search index %v", s.what, got, index)
		}
		if settled != nil {
			snap = settled
		}
		if diff := compareFiles(snap.All(), full.All()); diff != "" {
			t.Fatalf("%s, settled: %s", s.what, diff)
		}
	}
}

// TestEditsRenderOnlyWhatReadThem checks, for the edits that once rendered the whole site, that
// the preview renders the outputs that read what changed and leaves the others as they were.
func TestEditsRenderOnlyWhatReadThem(t *testing.T) {
	t.Parallel()
	dir := editSite(t)
	opts := site.Options{Source: dir}
	pv := preview.New(opts)
	if _, err := pv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	const a1, a2, b3 = "a/one/index.html", "a/two/index.html", "b/three/index.html"
	steps := []struct {
		what    string
		files   map[string]string // "" deletes the file
		want    []string          // rendered, exactly when exact
		exact   bool
		notWant []string // not rendered
	}{
		{what: "a subsection's title shows in its section's pages",
			files:   map[string]string{"content/b/deeper/_index.md": "+++\ntitle = \"Deeper still\"\n+++\n"},
			want:    []string{"b/index.html", b3, "b/deeper/index.html", "b/deeper/four/index.html"},
			notWant: []string{a1, a2, "index.html", "404.html"}},
		{what: "a new folder inside a section shows in that section's pages",
			files:   map[string]string{"content/b/extra/five.md": lessonFile("Five", 1, "Fifth.")},
			want:    []string{"b/extra/five/index.html", "b/extra/index.html", "b/index.html", b3, "sitemap.xml"},
			notWant: []string{a1, a2, "a/index.html", "404.html"}},
		{what: "a draft leaves its section",
			files:   map[string]string{"content/b/extra/five.md": "+++\ntitle = \"Five\"\ndraft = true\n+++\n"},
			want:    []string{"b/index.html", b3, "sitemap.xml"},
			notWant: []string{a1, a2}},
		{what: "a slug moves a page, and the pages that link to it or list it follow",
			files:   map[string]string{"content/a/one.md": "+++\ntitle = \"One\"\nweight = 1\nslug = \"first\"\n+++\nFirst.\n\n```quiz\nq1\n```\n"},
			want:    []string{"a/first/index.html", a2, "a/index.html", "quizzes/q1/index.html", "sitemap.xml"},
			notWant: []string{b3, "b/deeper/four/index.html", "quizzes/q2/index.html"}},
		{what: "a new quiz adds its page, and pages that embed other quizzes stay",
			files:   map[string]string{"quizzes/q3.toml": quizFile("Quiz three")},
			want:    []string{"quizzes/q3/index.html", "sitemap.xml"},
			notWant: []string{"a/first/index.html", b3, "quizzes/q1/index.html", "my-results/index.html"}},
		{what: "a deleted quiz takes its page away",
			files:   map[string]string{"quizzes/q3.toml": ""},
			want:    []string{"sitemap.xml"},
			notWant: []string{"a/first/index.html", b3, "quizzes/q1/index.html"}},
		{what: "site.toml's title is on every page, but not in the assets or the copied files",
			files:   map[string]string{"site.toml": "title = \"Edits, renamed\"\nbase_url = \"https://school.example/toolkit/\"\n"},
			want:    []string{"index.html", a2, b3, "404.html", "quizzes/q1/index.html"},
			notWant: []string{"b/picture.png"}},
	}
	for _, s := range steps {
		var changed []string
		for f, text := range s.files {
			if text == "" {
				os.Remove(filepath.Join(dir, f))
			} else {
				write(t, dir, f, text)
			}
			changed = append(changed, f)
		}
		snap, err := pv.Rebuild(changed)
		if err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		full, err := preview.New(opts).Rebuild(nil)
		if err != nil {
			t.Fatal(err)
		}
		files := snap.All()
		if snap.Pending {
			if diff := compareFiles(withoutSearch(files), withoutSearch(full.All())); diff != "" {
				t.Fatalf("%s, before Settle: %s", s.what, diff)
			}
			settled, err := pv.Settle()
			if err != nil {
				t.Fatal(err)
			}
			files = settled.All()
		}
		if diff := compareFiles(files, full.All()); diff != "" {
			t.Fatalf("%s: %s", s.what, diff)
		}
		if snap.Full {
			t.Errorf("%s: rendered everything", s.what)
			continue
		}
		for _, p := range s.want {
			if !slices.Contains(snap.Outputs, p) {
				t.Errorf("%s: %s was not rendered (rendered %v)", s.what, p, snap.Outputs)
			}
		}
		if s.exact && len(snap.Outputs) != len(s.want) {
			t.Errorf("%s: rendered %v, want only %v", s.what, snap.Outputs, s.want)
		}
		for _, p := range append(s.notWant, "robots.txt") {
			if slices.Contains(snap.Outputs, p) {
				t.Errorf("%s: %s was rendered, though it reads nothing that changed", s.what, p)
			}
		}
		for _, p := range snap.Outputs {
			if strings.HasPrefix(p, "assets/") {
				t.Errorf("%s: the asset %s was rendered", s.what, p)
			}
		}
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
	page := func(snap *preview.Snapshot) string { return string(snap.All()["a/one/index.html"]) }
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

// isSubset reports whether every string of a is in b.
func isSubset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// TestReorderUpdatesQuizUsers checks that a weight edit that changes the order of two lessons
// embedding the same quiz, applied in place, renders the quiz's page again: it lists the
// lessons that embed it in reading order.
func TestReorderUpdatesQuizUsers(t *testing.T) {
	t.Parallel()
	dir := editSite(t)
	opts := site.Options{Source: dir}
	pv := preview.New(opts)
	write(t, dir, "content/a/one.md", lessonFile("One", 1, "First.\n\n```quiz\nq2\n```\n"))
	write(t, dir, "content/a/two.md", lessonFile("Two", 2, "Second.\n\n```quiz\nq2\n```\n"))
	if _, err := pv.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/a/one.md", lessonFile("One", 3, "First.\n\n```quiz\nq2\n```\n"))
	snap, err := pv.Rebuild([]string{"content/a/one.md"})
	if err != nil {
		t.Fatal(err)
	}
	full, err := preview.New(opts).Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := compareFiles(withoutSearch(snap.All()), withoutSearch(full.All())); diff != "" {
		t.Fatal(diff)
	}
	if snap.Full || snap.Reloaded {
		t.Errorf("a weight edit loaded the site again; it is applied in place")
	}
	q := string(snap.All()["quizzes/q2/index.html"])
	if two, one := strings.Index(q, `a/two/index.html">Two`), strings.Index(q, `a/one/index.html">One`); two < 0 || one < 0 || two > one {
		t.Errorf("the quiz's page does not list Two before One after One's weight went past Two's:\n%s", q)
	}
}

// TestSnapshotsKeepTheirOutputs checks that a snapshot kith serve is still serving from keeps
// its outputs while later edits render theirs, through enough edits that the preview folds
// the outputs it rendered into a new base.
func TestSnapshotsKeepTheirOutputs(t *testing.T) {
	t.Parallel()
	dir := editSite(t)
	pv := preview.New(site.Options{Source: dir})
	first, err := pv.Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := first.All()
	var mid *preview.Snapshot
	var midWant map[string][]byte
	for i := range 100 {
		write(t, dir, "content/a/two.md", lessonFile("Two", 2, fmt.Sprintf("Edit %d, linking to [one](one.md).\n", i)))
		// A new title for another lesson renders every page that shows the navigation.
		write(t, dir, "content/b/three.md", lessonFile(fmt.Sprintf("Three %d", i), 1, "Third.\n\n```quiz\nq2\n```\n"))
		snap, err := pv.Rebuild([]string{"content/a/two.md", "content/b/three.md"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 10 {
			mid, midWant = snap, snap.All()
		}
		if got, _ := snap.File("a/two/index.html"); !strings.Contains(string(got), fmt.Sprintf("Edit %d,", i)) {
			t.Fatalf("edit %d: the page does not show it", i)
		}
	}
	if diff := compareFiles(first.All(), want); diff != "" {
		t.Errorf("the first snapshot changed: %s", diff)
	}
	if diff := compareFiles(mid.All(), midWant); diff != "" {
		t.Errorf("the eleventh snapshot changed: %s", diff)
	}
	if got, _ := mid.File("a/two/index.html"); !strings.Contains(string(got), "Edit 10,") {
		t.Errorf("the eleventh snapshot does not show its own edit")
	}
}
