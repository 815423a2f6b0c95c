// Command test runs kith's whole test suite, the README's test command, and ends with what it
// could not run and the one command that installs what those tests need:
//
//	go run ./scripts/test                          # every package, as go test ./... does
//	go run ./scripts/test -short                   # arguments go to go test
//	go run ./scripts/test -run Quiz ./internal/e2e/
//
// It runs go test -json, prints go test's usual lines while it runs (a line a package, the output
// of each failing test), then a summary: the tests that failed, the tests that were skipped and
// why, and, when a skipped test needs a browser or a checker, the command that installs them.
// `go test ./...` says none of this without -v, so a new contributor would never learn that the
// browser tests did not run. It exits with go test's status. It is a Go program rather than a
// shell script so that it runs on Windows too.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// InstallCommand installs everything the skipped tests can ask for (see .ci/install).
const InstallCommand = "bash .ci/install"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, nil))
}

// run runs go test with args and returns the exit status: 0 when every test that ran passed.
// env, when not nil, is go test's environment.
func run(args []string, stdout, stderr io.Writer, env []string) int {
	args = goTestArgs(args)
	cmd := exec.Command("go", args...)
	cmd.Stdin, cmd.Stderr, cmd.Env = os.Stdin, stderr, env
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(stderr, "test:", err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "test: running go test:", err)
		return 2
	}
	s := newSummary(stdout, hasFlag(args, "v"))
	readErr := s.Read(out)
	waitErr := cmd.Wait()
	if readErr != nil {
		fmt.Fprintln(stderr, "test: reading go test's output:", readErr)
	}
	if !s.Write(waitErr == nil && readErr == nil) {
		return 1
	}
	return 0
}

// goTestArgs turns this command's arguments into go test's: -json first, and ./... when no
// package is named.
func goTestArgs(args []string) []string {
	out := []string{"test", "-json"}
	if namesPackage(args) {
		return append(out, args...)
	}
	// Packages go before -args, which passes what follows to the tests.
	i := slices.Index(args, "-args")
	if i < 0 {
		i = len(args)
	}
	out = append(out, args[:i]...)
	out = append(out, "./...")
	return append(out, args[i:]...)
}

// valueFlags are go test's flags that take the next argument as their value when written without
// "=", so that in `-run Quiz` Quiz is not read as a package.
var valueFlags = map[string]bool{
	"run": true, "skip": true, "bench": true, "benchtime": true, "count": true, "cpu": true,
	"parallel": true, "timeout": true, "p": true, "tags": true, "shuffle": true, "fuzz": true,
	"fuzztime": true, "fuzzminimizetime": true, "list": true, "o": true, "exec": true,
	"ldflags": true, "gcflags": true, "asmflags": true, "mod": true, "modfile": true,
	"overlay": true, "pgo": true, "coverprofile": true, "covermode": true, "coverpkg": true,
	"cpuprofile": true, "memprofile": true, "blockprofile": true, "mutexprofile": true,
	"outputdir": true, "trace": true, "memprofilerate": true, "blockprofilerate": true,
	"mutexprofilefraction": true, "C": true, "json": false,
}

// namesPackage reports whether args name a package rather than only flags.
func namesPackage(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-args" {
			return false
		}
		if !strings.HasPrefix(a, "-") {
			return true
		}
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && valueFlags[name] {
			i++
		}
	}
	return false
}

// hasFlag reports whether args set the boolean flag name (-v, -v=true).
func hasFlag(args []string, name string) bool {
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			continue
		}
		a := strings.TrimLeft(args[i], "-")
		if a == name || a == name+"=true" {
			return true
		}
		if valueFlags[a] {
			i++
		}
	}
	return false
}
