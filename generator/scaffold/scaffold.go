// Package scaffold writes what kith new starts authors with: a whole site that builds and passes
// kith check, a lesson with its front matter filled in, and commented quizzes that validate.
// It never overwrites a file.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/quiz"
	"kith/generator/sitefs"
)

//go:embed all:site templates
var files embed.FS

// Error is a request kith new cannot carry out, with what to do instead.
type Error struct {
	Msg string
	// BadName is true when the name given cannot be used: the command line is wrong, not the site.
	BadName bool
}

func (e *Error) Error() string { return e.Msg }

func badName(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), BadName: true}
}

// Site writes a new site into dir, which must be empty or not yet exist, and returns the files
// written: slash paths inside dir.
func Site(dir, title string) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, &Error{Msg: dir + " is not empty: give a new folder's name, and kith new site creates it"}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if title == "" {
		title = Humanize(filepath.Base(abs))
	}
	data := map[string]string{"Title": title, "Slug": quiz.Slugify(filepath.Base(abs))}
	if data["Slug"] == "" {
		data["Slug"] = "toolkit"
	}
	var written []string
	err = fs.WalkDir(files, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "site/"), ".tmpl")
		out, err := expand(p, data)
		if err != nil {
			return err
		}
		if err := create(filepath.Join(dir, filepath.FromSlash(rel)), out); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	return written, err
}

// Lesson writes content/<name>.md in the site in siteDir: name is a slash path such as
// "lessons/first-steps", with or without .md. The lesson is a draft, weighted after the last
// lesson of its section. It returns the file written, as a slash path inside siteDir, and the
// section folders it had to make, from the top.
func Lesson(siteDir, name, title string) (file string, sections []string, err error) {
	if err := isSite(siteDir); err != nil {
		return "", nil, err
	}
	name = strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(name), content.Dir+"/"), ".md")
	parts := strings.Split(name, "/")
	for _, part := range parts {
		if !quiz.IsSlug(part) {
			return "", nil, badName("%q: a lesson's path is made of lowercase words joined by hyphens, which become its address, such as lessons/%s", name, suggest(parts[len(parts)-1], "my-lesson"))
		}
	}
	if parts[len(parts)-1] == "index" {
		return "", nil, badName("%q: a section's own page is _index.md; write it by hand, or choose another name", name)
	}
	rel := content.Dir + "/" + name + ".md"
	if title == "" {
		title = Humanize(parts[len(parts)-1])
	}
	section := filepath.Join(siteDir, content.Dir, filepath.FromSlash(path.Dir(name)))
	quizID := parts[len(parts)-1] + "-check"
	out, err := expand("templates/lesson.md.tmpl", map[string]any{"Title": title, "Weight": nextWeight(section), "QuizID": quizID})
	if err != nil {
		return "", nil, err
	}
	for i := range parts[:len(parts)-1] {
		dir := content.Dir + "/" + strings.Join(parts[:i+1], "/")
		if _, err := os.Stat(filepath.Join(siteDir, filepath.FromSlash(dir))); err != nil {
			sections = append(sections, dir)
		}
	}
	return rel, sections, create(filepath.Join(siteDir, filepath.FromSlash(rel)), out)
}

// Quiz kinds, as kith new quiz --kind takes them.
var Kinds = []string{quiz.Knowledge, quiz.SelfAssessment}

// Quiz writes quizzes/<id>.toml in the site in siteDir, a commented quiz of the given kind that
// validates, and returns the file written.
func Quiz(siteDir, id, kind, title string) (string, error) {
	if err := isSite(siteDir); err != nil {
		return "", err
	}
	id = strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(id), quiz.Dir+"/"), ".toml")
	if !quiz.IsSlug(id) {
		return "", badName("%q: a quiz's id is lowercase words joined by hyphens, such as %s", id, suggest(id, "lesson-1-check"))
	}
	if kind != quiz.Knowledge && kind != quiz.SelfAssessment {
		return "", badName("--kind %q: use %s or %s", kind, quiz.Knowledge, quiz.SelfAssessment)
	}
	if title == "" {
		title = Humanize(id)
	}
	rel := quiz.Dir + "/" + id + ".toml"
	out, err := expand("templates/"+kind+".toml.tmpl", map[string]string{"Title": title, "ID": id})
	if err != nil {
		return "", err
	}
	return rel, create(filepath.Join(siteDir, filepath.FromSlash(rel)), out)
}

// Placeholders returns the example text of the lesson and quiz skeletons, which an author is
// meant to replace: every quoted string and line of prose of the templates that has a space
// and some length, so that a single word or an id such as "knowledge" never counts.
func Placeholders() []string {
	placeholdersOnce.Do(func() {
		entries, _ := fs.ReadDir(files, "templates")
		for _, e := range entries {
			src, _ := files.ReadFile("templates/" + e.Name())
			inCode := false
			for _, line := range strings.Split(string(src), "\n") {
				line = strings.TrimSpace(line)
				if strings.HasPrefix(line, "```") {
					inCode = !inCode
				}
				// not_applicable's label is one an author may well keep as it is.
				if inCode || strings.HasPrefix(line, "#") || line == "+++" || strings.HasPrefix(line, "not_applicable") {
					continue
				}
				if strings.HasSuffix(e.Name(), ".md.tmpl") && !strings.Contains(line, "=") && !strings.HasPrefix(line, "\"") {
					addPlaceholder(strings.TrimPrefix(line, "- "))
				}
				for _, m := range quotedRE.FindAllStringSubmatch(line, -1) {
					addPlaceholder(m[1])
				}
			}
		}
	})
	return placeholders
}

var (
	placeholdersOnce sync.Once
	placeholders     []string
	quotedRE         = regexp.MustCompile(`"([^"]+)"`)
)

func addPlaceholder(s string) {
	if i := strings.Index(s, "{{"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if len(s) >= 12 && strings.Contains(s, " ") && !slices.Contains(placeholders, s) {
		placeholders = append(placeholders, s)
	}
}

// Humanize turns a file name into a title: "first-steps" → "First steps", "how-i-sleep" → "How I sleep".
func Humanize(name string) string {
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if len(words) == 0 {
		return "Untitled"
	}
	for i, w := range words {
		if w == "i" || i == 0 {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func suggest(name, fallback string) string {
	if s := quiz.Slugify(name); s != "" {
		return s
	}
	return fallback
}

func isSite(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, config.FileName)); err != nil {
		return &Error{Msg: fmt.Sprintf("no %s in %s: run this inside a site's folder, or pass --source with the site's folder (kith new site DIR starts one)", config.FileName, dir)}
	}
	return nil
}

// nextWeight is one more than the highest weight among the lessons in a section's folder.
func nextWeight(section string) int {
	entries, _ := os.ReadDir(section)
	top := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || e.Name() == "_index.md" || sitefs.Ignored(e.Name()) {
			continue
		}
		src, err := sitefs.ReadFile(section, e.Name())
		if err != nil {
			continue
		}
		if fm, _, _, ds := content.ParseFrontMatter(e.Name(), src); len(ds) == 0 {
			top = max(top, fm.Weight)
		}
	}
	return top + 1
}

func expand(name string, data any) ([]byte, error) {
	src, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".tmpl") {
		return src, nil
	}
	t, err := template.New(name).Funcs(template.FuncMap{"toml": tomlString}).Parse(string(src))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, data)
	return b.Bytes(), err
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// create writes a new file, making its folder, and fails rather than replace one.
func create(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &Error{Msg: file + " already exists, and kith new never replaces a file: choose another name, or delete it first"}
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
