package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// event is one line of go test -json (see go doc test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// testID names one test of one package.
type testID struct{ pkg, test string }

func (id testID) String() string { return shortPackage(id.pkg) + "." + id.test }

// skipped is a test that did not run, and the message it gave.
type skipped struct {
	id     testID
	reason string
}

// Summary reads go test -json, prints what go test would print, and remembers what failed and
// what was skipped.
type Summary struct {
	w       io.Writer
	verbose bool
	output  map[testID][]string // output of each running test, printed if it fails
	started map[testID]int      // the order in which tests started
	// failedBlocks holds the output of a top-level test's failed subtests until it ends.
	failedBlocks map[testID][]block
	failed       []testID
	skipped      []skipped
	pkgFails     []string
}

func newSummary(w io.Writer, verbose bool) *Summary {
	return &Summary{w: w, verbose: verbose, output: map[testID][]string{},
		started: map[testID]int{}, failedBlocks: map[testID][]block{}}
}

// Read consumes go test -json's output to its end. A line that is not JSON (go test printing on
// its own, before any test runs) is printed as it is.
func (s *Summary) Read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(s.w, "%s\n", line)
			continue
		}
		s.event(e)
	}
	return sc.Err()
}

func (s *Summary) event(e event) {
	id := testID{e.Package, e.Test}
	switch {
	case e.Action == "build-output":
		fmt.Fprint(s.w, e.Output)
	case e.Action == "output" && e.Test == "":
		// The package's own lines: "ok  kith/x 0.1s", "FAIL", "?  kith/y [no test files]".
		if s.verbose || e.Output != "PASS\n" {
			fmt.Fprint(s.w, e.Output)
		}
	case e.Action == "output":
		if s.verbose {
			fmt.Fprint(s.w, e.Output)
		} else if !strings.HasPrefix(e.Output, "=== ") {
			// Without -v go test prints no "=== RUN", "=== PAUSE" or "=== CONT" lines.
			s.output[id] = append(s.output[id], e.Output)
		}
	case e.Action == "run":
		s.started[id] = len(s.started)
	case e.Action == "fail" && e.Test == "":
		// A test that never finished (a panic, a timeout) still shows its subtests' failures.
		for r := range s.failedBlocks {
			if r.pkg == e.Package {
				s.printFailure(r)
			}
		}
		s.pkgFails = append(s.pkgFails, e.Package)
	case e.Action == "fail":
		s.failed = append(s.failed, id)
		if !s.verbose {
			r := root(id)
			s.failedBlocks[r] = append(s.failedBlocks[r], block{s.started[id], id, s.output[id]})
			if r == id {
				s.printFailure(r)
			}
		}
		delete(s.output, id)
	case e.Action == "skip" && e.Test != "":
		s.skipped = append(s.skipped, skipped{id, skipReason(s.output[id])})
		delete(s.output, id)
	case e.Action == "pass":
		delete(s.output, id)
	}
}

// block is the output of one failed test.
type block struct {
	started int
	id      testID
	lines   []string
}

// printFailure prints the failed test r and its failed subtests as go test does without -v: each
// "--- FAIL" line before the test's log and its subtests', indented by depth. go test -json gives
// them in -v's order instead, the line after the log and a subtest before its parent.
func (s *Summary) printFailure(r testID) {
	blocks := s.failedBlocks[r]
	delete(s.failedBlocks, r)
	slices.SortStableFunc(blocks, func(a, b block) int { return cmp.Compare(a.started, b.started) })
	for _, b := range blocks {
		indent := strings.Repeat("    ", strings.Count(b.id.test, "/"))
		var result, log []string
		for _, l := range b.lines {
			if strings.HasPrefix(l, "--- ") {
				result = append(result, l)
			} else {
				log = append(log, l)
			}
		}
		for _, l := range append(result, log...) {
			fmt.Fprint(s.w, indent+l)
		}
	}
}

// root is the top-level test of a subtest: TestA of TestA/b/c.
func root(id testID) testID {
	name, _, _ := strings.Cut(id.test, "/")
	return testID{id.pkg, name}
}

// logLine is a line t.Skip or t.Log prints: "    file_test.go:12: message".
var logLine = regexp.MustCompile(`^\s+[^\s:]+\.go:\d+: (.*)$`)

// skipReason finds the message t.Skip gave in a test's output: the last logged line before
// "--- SKIP".
func skipReason(output []string) string {
	reason := ""
	for _, line := range output {
		if m := logLine.FindStringSubmatch(strings.TrimRight(line, "\r\n")); m != nil {
			reason = m[1]
		}
	}
	if reason == "" {
		return "no reason given"
	}
	return reason
}

// need is the message internal/browsertest.Need gives: "Chromium is missing; to run this test:
// apt-get install -y chromium".
var need = regexp.MustCompile(`^(.+) is missing; to run this test: (.+)$`)

// group is the skipped tests that gave one reason.
type group struct {
	reason  string // the message, or what is missing
	install string // how to install what is missing; "" for a skip on purpose
	tests   []testID
}

// groups gathers the skipped tests by what they miss or, for other skips, by their message, in
// the order first seen.
func (s *Summary) groups() []*group {
	var out []*group
	byReason := map[string]*group{}
	for _, sk := range s.skipped {
		reason, install := sk.reason, ""
		if m := need.FindStringSubmatch(sk.reason); m != nil {
			reason, install = m[1], m[2]
		}
		g := byReason[reason]
		if g == nil {
			g = &group{reason: reason, install: install}
			byReason[reason] = g
			out = append(out, g)
		}
		g.tests = append(g.tests, sk.id)
	}
	// What can be installed first: it is what the reader can act on.
	slices.SortStableFunc(out, func(a, b *group) int {
		return cmp.Compare(boolInt(a.install == ""), boolInt(b.install == ""))
	})
	return out
}

// Write prints the summary and reports whether the run passed: goTestOK says go test itself
// exited 0 (it does not when a package fails to build, for one).
func (s *Summary) Write(goTestOK bool) bool {
	ok := goTestOK && len(s.failed) == 0 && len(s.pkgFails) == 0
	groups := s.groups()
	if len(groups) > 0 || !ok {
		fmt.Fprintln(s.w)
	}
	if len(groups) > 0 {
		fmt.Fprintf(s.w, "Skipped %s:\n", count(len(s.skipped), "test", "tests"))
		missing := false
		for _, g := range groups {
			if g.install != "" {
				missing = true
				fmt.Fprintf(s.w, "  %s missing (%s) for %s:\n", g.reason, g.install, count(len(g.tests), "test", "tests"))
			} else {
				fmt.Fprintf(s.w, "  %q, %s:\n", g.reason, count(len(g.tests), "test", "tests"))
			}
			fmt.Fprint(s.w, wrap(names(g.tests), "    ", 100))
		}
		if missing {
			fmt.Fprintf(s.w, "To run the tests that miss something, install it all (Chromium, Java, Node.js and the\n"+
				"checkers in .ci/package.json; on Debian or Ubuntu, with sudo when not root), then run this again:\n    %s\n", InstallCommand)
		}
	}
	switch {
	case len(s.failed) > 0:
		failed := leaves(s.failed)
		fmt.Fprintf(s.w, "FAIL: %s failed (output above): %s\n", count(len(failed), "test", "tests"), names(failed))
	case !ok && len(s.pkgFails) > 0:
		fmt.Fprintf(s.w, "FAIL: %s failed (output above): %s\n", count(len(s.pkgFails), "package", "packages"), strings.Join(shortPackages(s.pkgFails), ", "))
	case !ok:
		fmt.Fprintln(s.w, "FAIL: go test failed (output above)")
	case len(groups) > 0:
		fmt.Fprintln(s.w, "PASS, except the tests skipped above, which did not run.")
	default:
		fmt.Fprintln(s.w, "\nPASS: every test ran; none was skipped.")
	}
	return ok
}

// leaves drops from failed the tests that failed only because a subtest failed: that subtest
// names the problem.
func leaves(failed []testID) []testID {
	return slices.DeleteFunc(slices.Clone(failed), func(parent testID) bool {
		return slices.ContainsFunc(failed, func(sub testID) bool {
			return sub.pkg == parent.pkg && strings.HasPrefix(sub.test, parent.test+"/")
		})
	})
}

// wrap breaks text into lines of at most width characters after indent, between words, so that
// a long list of tests stays readable in a terminal.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	return b.String() + line + "\n"
}

// names lists tests as package.Test, comma-separated.
func names(ids []testID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id.String()
	}
	return strings.Join(parts, ", ")
}

// shortPackage drops the module's name from an import path: "kith/internal/e2e" is
// "internal/e2e"; the root package stays "kith".
func shortPackage(pkg string) string { return strings.TrimPrefix(pkg, "kith/") }

func shortPackages(pkgs []string) []string {
	out := make([]string, len(pkgs))
	for i, p := range pkgs {
		out[i] = shortPackage(p)
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// count writes a number with its noun: "1 test", "3 tests".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
