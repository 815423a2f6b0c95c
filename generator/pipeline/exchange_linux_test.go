package pipeline

import (
	"path/filepath"
	"testing"
)

// TestSwapExchangesInOneStep checks that on Linux the new output and the old change places in
// one call, so that there is no moment without the destination: afterwards the staging folder
// holds the previous output (the two-rename fallback would have deleted it).
func TestSwapExchangesInOneStep(t *testing.T) {
	_, _, dir := swapped(t)
	if got := mustRead(t, filepath.Join(dir, "index.html")); got != "old" {
		t.Errorf("the staging folder holds %q after the swap; want the previous output, exchanged in one step", got)
	}
}
