package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"kith/generator/config"
	"kith/generator/diag"
	"kith/generator/export"
	"kith/generator/quiz"
	"kith/generator/tomlx"
)

const exportUsage = `kith export moodle [--out FILE.xml] [QUIZ...]
       kith export canvas --out FILE.zip [QUIZ...]

Writes the site's knowledge checks for a school's learning management system, to be taken and
graded in its own quiz engine. Name quizzes by id (their file name in quizzes/, without .toml)
to export only those; without names, every knowledge check is exported.

moodle  one Moodle XML file, each quiz in a question category named after its title. Import it
        with Question bank > Import > Moodle XML format. It goes to standard output unless
        --out names a file.
canvas  a QTI 1.2 package, one Classic Quiz per knowledge check. Import it with Settings >
        Import Course Content > QTI .zip file. A zip cannot go to a terminal: --out is needed
        (--out - writes it to standard output).

Self-assessments are never exported: they have no right answers, and their answers stay on the
student's device. Reflections become essay questions worth 0 points, which the teacher reads.
Scoring changes a little in each LMS: see "Quizzes in Moodle and Canvas" in the README.
When a quiz has errors nothing is written; they are listed as kith check lists them.`

// exportFormat is what one LMS needs: the extension of its file and the writer of it.
type exportFormat struct {
	ext   string
	write func([]*quiz.Quiz) ([]byte, error)
}

var exportFormats = map[string]exportFormat{
	"moodle": {".xml", export.Moodle},
	"canvas": {".zip", export.Canvas},
}

func exportFlags(fs *flag.FlagSet, stdout, stderr io.Writer) action {
	var source, out string
	sourceFlag(fs, &source)
	fs.StringVar(&out, "out", "", "the `file` to write: FILE.xml for moodle (default: standard output), FILE.zip for canvas (needed); - for standard output")
	return func(args []string) int {
		usageErr := func(format string, a ...any) int {
			fmt.Fprintf(stderr, "kith export: "+format+"\nRun 'kith help export' for how to use it.\n", a...)
			return exitUsage
		}
		if len(args) == 0 {
			return usageErr("say which system to export for: moodle or canvas, as in: kith export moodle --out quizzes.xml")
		}
		name := strings.ToLower(args[0])
		format, ok := exportFormats[name]
		if !ok {
			if near := tomlx.Suggest(name, []string{"canvas", "moodle"}); near != "" {
				return usageErr("cannot export for %q: did you mean %s?", args[0], near)
			}
			return usageErr("cannot export for %q: kith exports for moodle or canvas", args[0])
		}
		switch {
		case out == "" && name == "canvas":
			return usageErr("name the zip to write with --out, as in: kith export canvas --out quizzes.zip")
		case out != "" && out != "-" && !strings.EqualFold(filepath.Ext(out), format.ext):
			return usageErr("--out %s: a %s export is a %s file; name it like quizzes%s", out, name, format.ext, format.ext)
		}
		if st, err := os.Stat(out); err == nil && st.IsDir() {
			return usageErr("--out %s is a folder: name the file to write in it, as in %s", out, filepath.Join(out, "quizzes"+format.ext))
		}
		if st, err := os.Stat(filepath.Join(source, config.FileName)); err != nil || st.IsDir() {
			fmt.Fprintf(stderr, "kith export: no %s in %s: run kith export in a site's folder, or name it with --source\n", config.FileName, source)
			return exitContent
		}

		all, ds := quiz.LoadDir(source)
		selected, ds, code := selectQuizzes(all, ds, args[1:], stderr)
		if code != exitOK {
			return code
		}
		if printProblems(stderr, source, ds) {
			fmt.Fprintf(stderr, "kith export: %s in the quizzes; nothing was written\n", diag.Count(countErrors(ds), "error", "errors"))
			return exitContent
		}
		if len(selected) == 0 {
			fmt.Fprintln(stderr, "kith export: the site has no knowledge checks to export: make one with kith new quiz ID")
			return exitContent
		}
		data, err := format.write(selected)
		if err != nil {
			ds := diag.As(err)
			printProblems(stderr, source, ds)
			fmt.Fprintf(stderr, "kith export: %s; nothing was written\n", diag.Count(len(ds), "error", "errors"))
			return exitContent
		}
		questions := 0
		for _, q := range selected {
			questions += len(q.Questions)
		}
		summary := fmt.Sprintf("%s (%s) for %s",
			diag.Count(len(selected), "knowledge check", "knowledge checks"), diag.Count(questions, "question", "questions"), strings.ToUpper(name[:1])+name[1:])
		if out == "" || out == "-" {
			if _, err := stdout.Write(data); err != nil {
				fmt.Fprintf(stderr, "kith export: cannot write to standard output: %v\n", err)
				return exitContent
			}
			fmt.Fprintf(stderr, "Exported %s.\n", summary)
			return exitOK
		}
		if err := writeAtomically(out, data); err != nil {
			fmt.Fprintf(stderr, "kith export: cannot write %s: %v\n", out, err)
			return exitContent
		}
		fmt.Fprintf(stdout, "Exported %s → %s\n", summary, out)
		return exitOK
	}
}

// selectQuizzes picks the knowledge checks to export, in the order of their ids: those named,
// or all of them. It keeps the problems of the files it picked, says on stderr which
// self-assessments it left out, and returns a non-zero exit code for a name it cannot export.
func selectQuizzes(all map[string]*quiz.Quiz, ds []*diag.Diagnostic, names []string, stderr io.Writer) ([]*quiz.Quiz, []*diag.Diagnostic, int) {
	broken := map[string]bool{} // quizzes whose files have errors, which LoadDir leaves out
	for _, d := range ds {
		if id, ok := strings.CutPrefix(d.File, quiz.Dir+"/"); ok && strings.HasSuffix(id, ".toml") {
			broken[strings.TrimSuffix(id, ".toml")] = true
		}
	}
	var ids, checks []string
	for id := range all {
		ids = append(ids, id)
	}
	for id := range broken {
		if all[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if q := all[id]; q == nil || q.Kind == quiz.Knowledge {
			checks = append(checks, id)
		}
	}
	var picked []string
	if len(names) == 0 {
		picked = checks
		var left []string
		for _, id := range ids {
			if q := all[id]; q != nil && q.Kind != quiz.Knowledge {
				left = append(left, id)
			}
		}
		if len(left) > 0 {
			fmt.Fprintf(stderr, "Note: left out %s (%s): %s.\n", diag.Count(len(left), "self-assessment", "self-assessments"), strings.Join(left, ", "), export.SelfAssessmentReason)
		}
	} else {
		for _, name := range names {
			id := strings.TrimSuffix(filepath.Base(name), ".toml")
			switch q := all[id]; {
			case q == nil && !broken[id]:
				msg := fmt.Sprintf("kith export: no quiz %q in %s/", name, quiz.Dir)
				if near := tomlx.Suggest(id, ids); near != "" {
					msg += fmt.Sprintf(": did you mean %s?", near)
				} else if len(checks) > 0 {
					msg += ": the knowledge checks are " + strings.Join(checks, ", ")
				}
				fmt.Fprintln(stderr, msg)
				return nil, nil, exitUsage
			case q != nil && q.Kind != quiz.Knowledge:
				fmt.Fprintf(stderr, "kith export: %s is a self-assessment, and %s.\n", id, export.SelfAssessmentReason)
				return nil, nil, exitUsage
			}
			if !slices.Contains(picked, id) {
				picked = append(picked, id)
			}
		}
		slices.Sort(picked)
		var kept []*diag.Diagnostic
		for _, d := range ds {
			if id := strings.TrimSuffix(strings.TrimPrefix(d.File, quiz.Dir+"/"), ".toml"); !broken[id] || slices.Contains(picked, id) {
				kept = append(kept, d)
			}
		}
		ds = kept
	}
	var out []*quiz.Quiz
	for _, id := range picked {
		if q := all[id]; q != nil {
			out = append(out, q)
		}
	}
	return out, ds, exitOK
}

// printProblems prints problems as kith check does, a problem with a whole file placed at its
// start so that editors can jump to it, and reports whether any is an error.
func printProblems(w io.Writer, source string, ds []*diag.Diagnostic) bool {
	for _, d := range ds {
		d = d.In(source)
		if d.File != "" && !strings.HasSuffix(d.File, "/") {
			d.Line, d.Col = max(d.Line, 1), max(d.Col, 1)
		}
		fmt.Fprintln(w, d.Error())
	}
	return countErrors(ds) > 0
}

func countErrors(ds []*diag.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

// writeAtomically replaces file with data only once all of data is written, so that a failed
// export leaves the previous file as it was.
func writeAtomically(file string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return errors.Unwrap(err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
