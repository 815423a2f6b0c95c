package pipeline

import (
	"path/filepath"
	"testing"
)

// TestSwapExchangesInOneStep checks that on Linux the new output and the old change places in
// one call, so that there is no moment without the destination: afterwards the staging folder
// holds the previous output (the two-rename fallback would have deleted it).
func TestSwapExchangesInOneStep(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	writeFile(t, filepath.Join(dest, "index.html"), "old")
	dir, err := stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "index.html"), "new")
	if err := swap(dir, dest); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, filepath.Join(dest, "index.html")); got != "new" {
		t.Errorf("after the swap dest holds %q", got)
	}
	if got := mustRead(t, filepath.Join(dir, "index.html")); got != "old" {
		t.Errorf("the staging folder holds %q after the swap; want the previous output, exchanged in one step", got)
	}
}
