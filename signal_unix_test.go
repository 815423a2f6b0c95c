//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kith/generator/corpus"
)

// TestBuildInterruptedLeavesNothingBehind runs kith build on a site large enough to take a
// while, interrupts it as soon as its staging folder appears, and checks that the previous
// output is untouched and no staging folder is left.
func TestBuildInterruptedLeavesNothingBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kith binary")
	}
	bin := filepath.Join(t.TempDir(), "kith")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := t.TempDir()
	if err := corpus.Generate(site, 3000, 1); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(site, "public")
	if out, err := exec.Command(bin, "build", "--quiet", "--source", site).CombinedOutput(); err != nil {
		t.Fatalf("the first build failed: %v\n%s", err, out)
	}
	before, err := os.ReadFile(filepath.Join(public, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "_index.md"), []byte("+++\ntitle = \"Changed\"\n+++\nChanged.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			var stderr strings.Builder
			cmd := exec.Command(bin, "build", "--quiet", "--source", site)
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			staging := ""
			for deadline := time.Now().Add(time.Minute); staging == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if m, _ := filepath.Glob(filepath.Join(site, ".public.kith-new-*")); len(m) > 0 {
					staging = m[0]
				}
			}
			if staging == "" {
				_ = cmd.Process.Kill()
				t.Fatal("no staging folder appeared within a minute")
			}
			_ = cmd.Process.Signal(sig)
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
				t.Fatalf("kith build ended with %v; want exit status %d\n%s", err, 128+int(sig), stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted; ") || !strings.Contains(stderr.String(), "public was not changed") {
				t.Errorf("kith build said %q", stderr.String())
			}
			if m, _ := filepath.Glob(filepath.Join(site, ".public.kith-new-*")); len(m) > 0 {
				t.Errorf("the interrupted build left %v behind", m)
			}
			if after, err := os.ReadFile(filepath.Join(public, "index.html")); err != nil || string(after) != string(before) {
				t.Error("the interrupted build changed the previous output")
			}
		})
	}
}
