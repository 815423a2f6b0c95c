package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// env is this process's environment without CI and KITH_SAMPLE_FAIL, plus extra.
func env(extra ...string) []string {
	out := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "CI=") || strings.HasPrefix(kv, "KITH_SAMPLE_FAIL=")
	})
	return append(out, extra...)
}

// runSample runs this command on testdata/sample (or args) and returns its status and output.
func runSample(t *testing.T, environ []string, args ...string) (int, string) {
	t.Helper()
	if len(args) == 0 {
		args = []string{"-count=1", "-short", "./testdata/sample"}
	}
	var stdout, stderr strings.Builder
	code := run(args, &stdout, &stderr, environ)
	return code, stdout.String() + stderr.String()
}

// TestSkippedTestsAndHowToInstall is what a new contributor sees on a machine without Chromium:
// the run passes, and its last lines say which tests did not run, why, and the one command that
// installs what they need.
func TestSkippedTestsAndHowToInstall(t *testing.T) {
	t.Parallel()
	code, out := runSample(t, env())
	if code != 0 {
		t.Fatalf("exit status %d, want 0:\n%s", code, out)
	}
	for _, want := range []string{
		"\nSkipped 2 tests:\n" +
			"  Chromium missing (apt-get install -y chromium) for 1 test:\n" +
			"    scripts/test/testdata/sample.TestNeedsBrowser/phone\n" +
			"  \"a slow test: go test -short skips it\", 1 test:\n" +
			"    scripts/test/testdata/sample.TestSlow\n",
		"then run this again:\n    bash .ci/install\nPASS, except the tests skipped above, which did not run.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasPrefix(out, "ok  \tkith/scripts/test/testdata/sample\t") {
		t.Errorf("output does not start with go test's line for the package:\n%s", out)
	}
	if !strings.HasSuffix(out, "which did not run.\n") {
		t.Errorf("the summary is not at the end of the output:\n%s", out)
	}
}

// TestNothingSkipped: a run in which every test ran ends by saying so, so that a reader of CI's
// log need not wonder whether the browser tests were quietly left out.
func TestNothingSkipped(t *testing.T) {
	t.Parallel()
	code, out := runSample(t, env(), "-count=1", "-run", "TestPasses", "./testdata/sample")
	if code != 0 {
		t.Fatalf("exit status %d, want 0:\n%s", code, out)
	}
	if !strings.HasSuffix(out, "\nPASS: every test ran; none was skipped.\n") || strings.Contains(out, "Skipped") {
		t.Errorf("the run's end does not say that nothing was skipped:\n%s", out)
	}
}

// TestFailureIsShownAndExitsNonZero: a failing test's output is printed as go test prints it
// (without -v's "=== RUN" lines) and named again at the end.
func TestFailureIsShownAndExitsNonZero(t *testing.T) {
	t.Parallel()
	code, out := runSample(t, env("KITH_SAMPLE_FAIL=1"))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, want := range []string{
		`(?m)^--- FAIL: TestFailsWhenAsked \([0-9.]+s\)\n    sample_test.go:16: failed, as asked\n`,
		`(?m)^FAIL\tkith/scripts/test/testdata/sample\t`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "=== RUN") {
		t.Errorf("output shows -v's === RUN lines without -v:\n%s", out)
	}
	last := "FAIL: 1 test failed (output above): scripts/test/testdata/sample.TestFailsWhenAsked\n"
	if !strings.HasSuffix(out, last) {
		t.Errorf("output does not end with %q:\n%s", last, out)
	}
}

// TestMissingDependencyFailsUnderCI: under CI=true a browser test whose Chromium is missing
// fails instead of being skipped, and the run fails.
func TestMissingDependencyFailsUnderCI(t *testing.T) {
	t.Parallel()
	code, out := runSample(t, env("CI=true"))
	if code != 1 {
		t.Errorf("exit status %d, want 1:\n%s", code, out)
	}
	if want := `(?m)^--- FAIL: TestNeedsBrowser \([0-9.]+s\)\n    --- FAIL: TestNeedsBrowser/phone \([0-9.]+s\)\n        sample_test.go:\d+: Chromium is missing`; !regexp.MustCompile(want).MatchString(out) {
		t.Errorf("the failed subtest is not shown under its test, as go test shows it: want %q in\n%s", want, out)
	}
	if !strings.Contains(out, "FAIL: 1 test failed (output above): scripts/test/testdata/sample.TestNeedsBrowser/phone") {
		t.Errorf("the browser test did not fail:\n%s", out)
	}
	if strings.Contains(out, "bash .ci/install") {
		t.Errorf("under CI nothing is skipped for lack of a program, yet the install command is shown:\n%s", out)
	}
}

// TestBuildFailure: a package that does not compile shows the compiler's message and fails the run.
func TestBuildFailure(t *testing.T) {
	t.Parallel()
	code, out := runSample(t, env(), "./testdata/broken")
	if code != 1 {
		t.Errorf("exit status %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{"broken_test.go:6:", "FAIL: 1 package failed (output above): scripts/test/testdata/broken\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestVerbose: with -v every line go test prints comes through, and the summary still ends the output.
func TestVerbose(t *testing.T) {
	t.Parallel()
	code, out := runSample(t, env(), "-v", "-count=1", "-short", "./testdata/sample")
	if code != 0 {
		t.Errorf("exit status %d, want 0:\n%s", code, out)
	}
	for _, want := range []string{"=== RUN   TestPasses\n", "--- PASS: TestPasses", "\nSkipped 2 tests:\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestGoTestArgs(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{"", "test -json ./..."},
		{"-short", "test -json -short ./..."},
		{"-run Quiz", "test -json -run Quiz ./..."},
		{"-run=Quiz ./internal/e2e/", "test -json -run=Quiz ./internal/e2e/"},
		{"-count 1 -v ./generator/...", "test -json -count 1 -v ./generator/..."},
		{"-short -args -x", "test -json -short ./... -args -x"},
	} {
		got := strings.Join(goTestArgs(strings.Fields(c.args)), " ")
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.args, got, c.want)
		}
	}
}

// TestWrap: a long list of skipped tests is broken between names, each line within the width.
func TestWrap(t *testing.T) {
	got := wrap("internal/e2e.TestA, internal/e2e.TestB, internal/e2e.TestC", "    ", 44)
	want := "    internal/e2e.TestA, internal/e2e.TestB,\n    internal/e2e.TestC\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}
