// Package sample is a package of tests for scripts/test's own test: one passes, one fails when
// asked, one is skipped by -short and one needs a browser that is never there.
package sample

import (
	"os"
	"testing"

	"kith/internal/browsertest"
)

func TestPasses(t *testing.T) {}

func TestFailsWhenAsked(t *testing.T) {
	if os.Getenv("KITH_SAMPLE_FAIL") != "" {
		t.Error("failed, as asked")
	}
}

func TestSlow(t *testing.T) {
	if testing.Short() {
		t.Skip("a slow test: go test -short skips it")
	}
}

func TestNeedsBrowser(t *testing.T) {
	t.Run("phone", func(t *testing.T) {
		browsertest.Need(t, "Chromium", "apt-get install -y chromium")
	})
}
