package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Teachers write on Windows and macOS as often as on Linux: every release target must compile and
// pass go vet, so an OS-specific call (like syscall.Stat_t in the watcher once) cannot slip in.
func TestEveryTargetBuildsAndVets(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: type-checking every target takes minutes")
	}
	for _, target := range []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"} {
		goos, goarch, _ := strings.Cut(target, "/")
		env := append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
		// go vet type-checks every package and its tests for the target; TestReleaseScript links
		// a Windows binary.
		cmd := exec.Command("go", "vet", "./...")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: go vet: %v\n%s", target, err, out)
		}
	}
}

// scripts/release makes the files a school downloads: a Windows executable among them, and a
// SHA256SUMS that matches each file, and the binary knows its version.
func TestReleaseScript(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building release binaries")
	}
	out := t.TempDir()
	host := runtime.GOOS + "/" + runtime.GOARCH
	cmd := exec.Command("go", "run", "./scripts/release", "-o", out, "-targets", "windows/amd64,"+host, "v0.0.1-test")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release: %v\n%s", err, b)
	}
	exe := filepath.Join(out, "kith-v0.0.1-test-windows-amd64.exe")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("MZ")) {
		t.Errorf("%s is not a Windows executable", exe)
	}
	sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	if len(lines) != 2 {
		t.Fatalf("SHA256SUMS has %d lines, want 2:\n%s", len(lines), sums)
	}
	for _, line := range lines {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q is not in sha256sum's format", line)
		}
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != sum {
			t.Errorf("SHA256SUMS is wrong for %s", name)
		}
	}
	native := filepath.Join(out, "kith-v0.0.1-test-"+runtime.GOOS+"-"+runtime.GOARCH)
	if runtime.GOOS == "windows" {
		native += ".exe"
	}
	v, err := exec.Command(native, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(v), "kith v0.0.1-test\n") {
		t.Errorf("kith version of a release says %q, want it to start with kith v0.0.1-test", v)
	}
}
