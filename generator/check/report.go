package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"kith/generator/diag"
)

// WriteText prints one line a problem, path:line:col: error|warning: message, then a line that
// counts them. Every line has a line and a column, as editors and CI expect: a problem with a
// whole file is placed at its start.
func (r Report) WriteText(w io.Writer) {
	for _, d := range r.Diagnostics {
		c := d.In(r.Dir)
		c.Line, c.Col = max(c.Line, 1), max(c.Col, 1)
		fmt.Fprintln(w, c.Error())
	}
	fmt.Fprintln(w, r.summary())
}

func (r Report) summary() string {
	errs, warns := r.Counts()
	what := fmt.Sprintf("%s and %s", diag.Count(r.Pages, "page", "pages"), diag.Count(r.Quizzes, "quiz", "quizzes"))
	if r.Drafts > 0 {
		what += " (" + diag.Count(r.Drafts, "draft", "drafts") + " not checked: --drafts checks drafts)"
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

// finding is a diagnostic as WriteJSON prints it.
type finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// WriteJSON prints the problems as a JSON array of objects with file, line, column, severity
// ("error" or "warning") and message; an empty array when there are none.
func (r Report) WriteJSON(w io.Writer) {
	out := make([]finding, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		out[i] = finding{d.In(r.Dir).File, max(d.Line, 1), max(d.Col, 1), d.Severity.String(), d.Message}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}
