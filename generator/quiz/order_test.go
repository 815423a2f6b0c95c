package quiz

import (
	"fmt"
	"slices"
	"testing"
)

func TestOrderShownIsAStableShuffle(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	differs := false
	for n := 2; n <= len(items); n++ {
		for seed := range 50 {
			q := &Quiz{ID: fmt.Sprintf("quiz-%d", seed), Questions: []Question{
				{ID: "intro", Type: Reflection},
				{ID: "steps", Type: Order, Items: items[:n]},
			}}
			shown := q.OrderShown(1)
			sorted := slices.Sorted(slices.Values(shown))
			if len(shown) != n || isIdentity(shown) || !isIdentity(sorted) {
				t.Fatalf("%d items, quiz %s: shown %v is not a permutation other than the right order", n, q.ID, shown)
			}
			if again := q.OrderShown(1); !slices.Equal(shown, again) {
				t.Fatalf("shown %v, then %v: not stable", shown, again)
			}
			q.ID += "x"
			differs = differs || !slices.Equal(shown, q.OrderShown(1))
		}
	}
	if !differs {
		t.Error("the quiz id never changes the order shown")
	}
	q := &Quiz{Questions: []Question{{Type: Reflection}}}
	if q.OrderShown(0) != nil || q.OrderShown(1) != nil || q.OrderShown(-1) != nil {
		t.Error("OrderShown returned an order for a question that is not an order question")
	}
}
