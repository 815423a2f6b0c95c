// Package diag carries the problems kith finds in an author's files: each one names the file,
// the line and column, what is wrong and how to fix it.
package diag

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Severity says whether a Diagnostic stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported but the build goes on.
	Warning
)

// String is how the severity is written in messages: "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem in one place of an input file.
type Diagnostic struct {
	File     string // slash-separated path relative to the site's folder
	Line     int    // 1-based; 0 when the problem concerns the whole file
	Col      int    // 1-based; 0 when unknown
	Message  string // what is wrong and what to do about it
	Severity Severity
}

// Error formats the diagnostic as file:line:col: error|warning: message, the form compilers
// print and editors jump to, with the file's path written the way this system writes paths
// (content\lessons\a.md on Windows).
func (d *Diagnostic) Error() string { return d.Format(filepath.Separator) }

// Format is Error with the file's path written with sep between its folders, so that a test on
// any system can check what Windows users read.
func (d *Diagnostic) Format(sep rune) string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(Escape(Path(d.File, sep)))
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(Escape(d.Message))
	return b.String()
}

// Path writes a slash-separated path with sep between its folders, as a message shows it to the
// user: Path("content/a.md", filepath.Separator). Paths stay slash-separated inside kith, where
// they are compared and sorted the same way on every system.
func Path(file string, sep rune) string {
	if sep == '/' {
		return file
	}
	return strings.ReplaceAll(file, "/", string(sep))
}

// Escape writes control characters (and bytes that are not UTF-8) as Go escapes, \x1b or \u0085:
// a file named with a terminal's escape sequence, or a carriage return that rewinds the line,
// must not repaint the author's terminal or hide the rest of a message.
func Escape(s string) string {
	if !strings.ContainsFunc(s, isControl) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case isControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isControl reports a C0 or C1 control character or DEL. Tabs are escaped too: a message is one line.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 }

// In returns the diagnostic with its file named from dir, the site's folder as the user gave
// it, so that a command run from elsewhere prints paths an editor opens from where it ran. The
// file stays slash-separated, a folder's with its trailing slash; Error writes it the system's way.
func (d *Diagnostic) In(dir string) *Diagnostic {
	c := *d
	if c.File != "" && dir != "" && dir != "." && !filepath.IsAbs(filepath.FromSlash(c.File)) {
		folder := strings.HasSuffix(c.File, "/")
		c.File = path.Join(filepath.ToSlash(dir), c.File)
		if folder {
			c.File += "/"
		}
	}
	return &c
}

// Errorf returns an error-level Diagnostic.
func Errorf(file string, line, col int, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Col: col, Message: fmt.Sprintf(format, args...)}
}

// List collects diagnostics from many goroutines. The zero value is ready to use.
type List struct {
	mu    sync.Mutex
	items []*Diagnostic
}

// Add appends diagnostics to the list.
func (l *List) Add(ds ...*Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Errorf adds an error at file:line:col.
func (l *List) Errorf(file string, line, col int, format string, args ...any) {
	l.Add(Errorf(file, line, col, format, args...))
}

// Warnf adds a warning at file:line:col.
func (l *List) Warnf(file string, line, col int, format string, args ...any) {
	d := Errorf(file, line, col, format, args...)
	d.Severity = Warning
	l.Add(d)
}

// All returns every diagnostic, sorted by file, line and column.
func (l *List) All() []*Diagnostic {
	l.mu.Lock()
	out := append([]*Diagnostic(nil), l.items...)
	l.mu.Unlock()
	Sort(out)
	return out
}

// Warnings returns the warnings, sorted.
func (l *List) Warnings() []*Diagnostic { return filter(l.All(), Warning) }

// Err returns nil when the list holds no error, or an Errors value holding every error, sorted.
func (l *List) Err() error {
	errs := filter(l.All(), Error)
	if len(errs) == 0 {
		return nil
	}
	return Errors(errs)
}

func filter(ds []*Diagnostic, s Severity) []*Diagnostic {
	var out []*Diagnostic
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, line, column and message, so output is stable.
func Sort(ds []*Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Errors is every error one build found. It is what a failed build returns.
type Errors []*Diagnostic

// Error prints one diagnostic a line.
func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// As returns the diagnostics inside err: an Errors value, a single Diagnostic, or, for any other
// error, one Diagnostic without a position.
func As(err error) []*Diagnostic {
	switch e := err.(type) {
	case nil:
		return nil
	case Errors:
		return e
	case *Diagnostic:
		return []*Diagnostic{e}
	}
	return []*Diagnostic{{Message: err.Error()}}
}

// Count writes a number with the right form of its noun: "1 error", "3 errors".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// HasError reports whether any of ds is an error rather than a warning.
func HasError(ds []*Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d *Diagnostic) bool { return d.Severity == Error })
}
