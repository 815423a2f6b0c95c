// Command release builds kith's binaries for every platform a school uses and writes their
// SHA256SUMS, so a teacher can download one file and check it:
//
//	go run ./scripts/release v0.3.0            # into dist/
//	go run ./scripts/release -o /tmp/out v0.3.0
//	go run ./scripts/release -targets windows/amd64 v0.3.0
//
// Each binary is named kith-VERSION-OS-ARCH (with .exe on Windows), built with -trimpath and
// without cgo so it runs on a machine with nothing installed, and says VERSION in `kith version`.
// It is a Go program rather than a shell script so that it runs on Windows too.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Targets are the platforms kith is released for: Windows, macOS and Linux on amd64 and arm64.
var Targets = []string{
	"linux/amd64", "linux/arm64",
	"darwin/amd64", "darwin/arm64",
	"windows/amd64", "windows/arm64",
}

var versionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

func main() {
	out := flag.String("o", "dist", "the `folder` the binaries and SHA256SUMS are written to")
	only := flag.String("targets", strings.Join(Targets, ","), "comma-separated `OS/ARCH` list to build")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/release [-o DIR] [-targets OS/ARCH,...] VERSION")
		fmt.Fprintln(os.Stderr, "VERSION is a semantic version with a leading v, such as v0.3.0 or v0.3.0-rc.1")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || !versionPattern.MatchString(flag.Arg(0)) {
		flag.Usage()
		os.Exit(2)
	}
	if err := release(flag.Arg(0), *out, strings.Split(*only, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func release(version, out string, targets []string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var sums []string
	for _, t := range targets {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok {
			return fmt.Errorf("target %q: write it as OS/ARCH, such as windows/amd64", t)
		}
		name := fmt.Sprintf("kith-%s-%s-%s", version, goos, goarch)
		if goos == "windows" {
			name += ".exe"
		}
		dest := filepath.Join(out, name)
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.release="+version, "-o", dest, ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building %s: %w", t, err)
		}
		sum, err := fileSum(dest)
		if err != nil {
			return err
		}
		sums = append(sums, sum+"  "+name+"\n")
		fmt.Println(dest)
	}
	sort.Strings(sums)
	return os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(strings.Join(sums, "")), 0o644)
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
