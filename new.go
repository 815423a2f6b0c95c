package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"kith/generator/config"
	"kith/generator/scaffold"
)

const newUsage = `kith new site DIR [--title TITLE]
       kith new lesson PATH [--source DIR] [--title TITLE]
       kith new quiz ID [--kind knowledge|self-assessment] [--source DIR] [--title TITLE]

site    makes DIR, a new site that builds and passes kith check: site.toml, a Lessons
        section, a lesson that shows objectives, a table and both kinds of quiz, the two
        quizzes (a knowledge check and a self-assessment), and a README for its authors.
lesson  writes content/PATH.md, such as content/lessons/first-steps.md, as a draft: its
        title comes from the file name and its weight follows the section's last lesson.
quiz    writes quizzes/ID.toml, a commented quiz of the kind asked for that validates.

kith new never replaces a file that exists.`

func newFlags(fs *flag.FlagSet, stdout, stderr io.Writer) action {
	var source, kind, title string
	sourceFlag(fs, &source)
	fs.StringVar(&kind, "kind", "knowledge", "for a quiz, its `kind`: knowledge (questions with right answers) or self-assessment (statements on a scale, added up into bands)")
	fs.StringVar(&title, "title", "", "the `title` to give it (default: made from its name)")
	return func(args []string) int {
		usageErr := func(format string, a ...any) int {
			fmt.Fprintf(stderr, "kith new: "+format+"\nRun 'kith help new' for what it makes.\n", a...)
			return exitUsage
		}
		if len(args) == 0 {
			return usageErr("say what to make: site, lesson or quiz")
		}
		what := args[0]
		if what != "site" && what != "lesson" && what != "quiz" {
			return usageErr("cannot make %q: make a site, a lesson or a quiz", what)
		}
		arg := map[string]string{"site": "DIR", "lesson": "PATH", "quiz": "ID"}[what]
		article := "a "
		if arg == "ID" {
			article = "an "
		}
		switch {
		case len(args) < 2:
			return usageErr("%s needs %s%s, as in: kith new %s %s", what, article, arg, what, example(what))
		case len(args) > 2:
			return usageErr("unexpected argument %q: kith new %s takes one %s", args[2], what, arg)
		}
		kindSet, sourceSet := false, false
		fs.Visit(func(f *flag.Flag) {
			kindSet = kindSet || f.Name == "kind"
			sourceSet = sourceSet || f.Name == "source"
		})
		if kindSet && what != "quiz" {
			return usageErr("--kind is for kith new quiz")
		}
		if sourceSet && what == "site" {
			return usageErr("kith new site makes the folder it is given: write kith new site %s", filepath.Join(source, args[1]))
		}
		var files, sections []string
		var err error
		if what == "site" {
			if above, ok := config.Enclosing(filepath.Dir(args[1])); ok {
				fmt.Fprintf(stderr, "Note: %s is inside the site in %s; the new site is a separate site of its own.\n", args[1], above)
			}
		}
		switch what {
		case "site":
			files, err = scaffold.Site(args[1], title)
		case "lesson":
			var f string
			f, sections, err = scaffold.Lesson(source, args[1], title)
			files = []string{f}
		case "quiz":
			var f string
			f, err = scaffold.Quiz(source, args[1], kind, title)
			files = []string{f}
		}
		if e := (*scaffold.Error)(nil); errors.As(err, &e) && e.BadName {
			return usageErr("%v", err)
		}
		if err != nil {
			fmt.Fprintf(stderr, "kith new: %v\n", err)
			return exitContent
		}
		next(stdout, what, args[1], source, files)
		if what == "lesson" {
			lessonNotes(stdout, files[0], sections)
		}
		return exitOK
	}
}

// lessonNotes says where a new lesson landed when that may not be what the author meant.
func lessonNotes(w io.Writer, file string, sections []string) {
	if strings.Count(file, "/") == 1 {
		fmt.Fprintf(w, "It is at the top of the site, outside any section; to put it in one, name the section's folder, as in kith new lesson lessons/%s.\n", strings.TrimSuffix(filepath.Base(file), ".md"))
	}
	for _, s := range sections {
		dir := filepath.FromSlash(s) + string(filepath.Separator)
		fmt.Fprintf(w, "%s is a new section, titled from its folder's name; write %s_index.md to give it a title and an introduction.\n", dir, dir)
	}
}

func example(what string) string {
	return map[string]string{"site": "my-toolkit", "lesson": "lessons/first-steps", "quiz": "first-steps-check"}[what]
}

// next says what was made and what to do with it.
func next(w io.Writer, what, name, source string, files []string) {
	dir := source
	if what == "site" {
		dir = name
	}
	for _, f := range files {
		fmt.Fprintf(w, "Created %s\n", filepath.Join(dir, filepath.FromSlash(f)))
	}
	in := ""
	if dir != "." {
		in = " --source " + dir
	}
	switch what {
	case "site":
		fmt.Fprint(w, "\nNext:\n")
		if filepath.Clean(name) != "." {
			fmt.Fprintf(w, "  cd %s\n", name)
		}
		fmt.Fprint(w, "  kith serve        preview it in your browser while you edit\n  kith check        list any problems\n  kith build        write the site to public/\n")
	case "lesson":
		fmt.Fprintf(w, "\nIt is a draft: see it with kith serve --drafts%s, and delete draft = true when it is ready.\n", in)
	case "quiz":
		id := strings.TrimSuffix(filepath.Base(files[0]), ".toml")
		fmt.Fprintf(w, "\nShow it in a lesson with a quiz block:\n\n    ```quiz\n    %s\n    ```\n", id)
	}
}
