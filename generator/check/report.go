package check

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"kith/generator/content"
	"kith/generator/diag"
)

// WriteText prints one line a problem, path:line:col: error|warning: message, then a line that
// counts them. Paths are written the system's way: content\lessons\a.md on Windows.
func (r Report) WriteText(w io.Writer) { r.writeText(w, filepath.Separator) }

// writeText is WriteText with paths written with sep between folders.
func (r Report) writeText(w io.Writer, sep rune) {
	for _, d := range r.Diagnostics {
		fmt.Fprintln(w, placed(d.In(r.Dir)).Format(sep))
	}
	fmt.Fprintln(w, r.summary())
}

func (r Report) summary() string {
	errs, warns := r.Counts()
	what := fmt.Sprintf("%s and %s", diag.Count(r.Pages, "page", "pages"), diag.Count(r.Quizzes, "quiz", "quizzes"))
	if r.Drafts > 0 {
		what += " (" + diag.Count(r.Drafts, "draft", "drafts") + " not checked: --drafts checks drafts)"
	}
	if r.Edition == content.Students {
		what += " of the students' edition"
	}

	if errs == 0 && warns == 0 {
		return "No problems found in " + what + "."
	}
	var parts []string
	if errs > 0 {
		parts = append(parts, diag.Count(errs, "error", "errors"))
	}
	if warns > 0 {
		parts = append(parts, diag.Count(warns, "warning", "warnings"))
	}
	if !r.Loaded {
		return strings.Join(parts, " and ") + "; the site could not be loaded, so its pages and quizzes were not checked."
	}
	return strings.Join(parts, " and ") + " in " + what + "."
}

// placed gives a problem with a whole file a line and a column, its start, as editors and CI
// expect. A problem with a folder, or with no file, keeps none.
func placed(d *diag.Diagnostic) *diag.Diagnostic {
	if d.File != "" && !strings.HasSuffix(d.File, "/") {
		d.Line, d.Col = max(d.Line, 1), max(d.Col, 1)
	}
	return d
}

// finding is a diagnostic as WriteJSON prints it.
type finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// WriteJSON prints the problems as a JSON array of objects with file (written the system's way,
// as in WriteText), line, column, severity ("error" or "warning") and message; an empty array
// when there are none.
func (r Report) WriteJSON(w io.Writer) { r.writeJSON(w, filepath.Separator) }

// writeJSON is WriteJSON with paths written with sep between folders.
func (r Report) writeJSON(w io.Writer, sep rune) {
	out := make([]finding, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		p := placed(d.In(r.Dir))
		out[i] = finding{diag.Path(p.File, sep), p.Line, p.Col, p.Severity.String(), p.Message}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}
