package preview_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"kith/generator/diag"
	"kith/generator/preview"
	"kith/generator/site"
)

// TestEditsDuringTheFirstBuildEqualFull starts previews on demand, as kith serve does, and while
// their first build is still rendering asks for pages and saves random edits (those of
// TestIncrementalEqualsFull). Every page asked for must be what a full build of the files as
// they are then gives, and once the background build is done the whole site must be what a
// full build gives, with the same warnings, or the same errors: no edit is lost.
//
// In "steps", one goroutine interleaves batches of the background build, requests and edits
// in a random order it chooses; in "concurrent", the background build runs on its own
// goroutine beside the requests and edits, as in kith serve (run it with -race).
func TestEditsDuringTheFirstBuildEqualFull(t *testing.T) {
	defer preview.SetRenderBatch(2)()
	for _, c := range []struct {
		theme string
		make  func(testing.TB) string
	}{{"default", editSite}, {"cross", crossSite}} {
		for _, concurrent := range []bool{false, true} {
			name := c.theme + "/steps"
			if concurrent {
				name = c.theme + "/concurrent"
			}
			t.Run(name, func(t *testing.T) {
				runs := 12
				if testing.Short() {
					runs = 6
				}
				asked, edited, unrendered := 0, 0, 0
				for run := range runs {
					a, e, u := editDuringFirstBuild(t, c.make(t), c.theme, uint64(run), concurrent)
					asked, edited, unrendered = asked+a, edited+e, unrendered+u
				}
				// The test must reach what it is about: pages asked for that were not rendered
				// yet, and edits applied while outputs were left to render.
				if unrendered == 0 || edited < runs {
					t.Fatalf("%d pages asked for (%d not rendered yet), %d edits during the first build: too few to test it", asked, unrendered, edited)
				}
				t.Logf("%d pages asked for (%d not rendered yet), %d edits during the first build", asked, unrendered, edited)
			})
		}
	}
}

// editDuringFirstBuild runs one preview's first build with requests and edits during it, and
// returns how many pages were asked for, how many edits were saved while the build was
// partial, and how many pages asked for were not rendered yet.
func editDuringFirstBuild(t *testing.T, dir, themeName string, seed uint64, concurrent bool) (asked, edited, unrendered int) {
	t.Helper()
	opts := site.Options{Source: dir}
	rng := rand.New(rand.NewPCG(seed, 11))
	pv := preview.NewOnDemand(opts)
	snap, err := pv.Rebuild(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !snap.Partial || snap.All() != nil || snap.Rendered != 0 {
		t.Fatalf("the load rendered %d outputs (partial %v): it should render none", snap.Rendered, snap.Partial)
	}
	var wg sync.WaitGroup
	if concurrent {
		wg.Go(func() { pv.RenderRest(context.Background()) })
	}
	var broken []string
	var last error // the error of the last edit, nil when it built
	for step := range 8 {
		if !concurrent {
			for range rng.IntN(3) {
				pv.RenderBatch()
			}
		}
		// Ask for a page, as a browser does, and compare it with a full build of the files as
		// they are now. Not the search index's files, which an edit applied in place may leave
		// for Settle, nor while the last edit failed (the last good state is served then).
		if last == nil && snap != nil && pv.Partial() {
			paths := slices.Sorted(snap.Paths())
			p := paths[rng.IntN(len(paths))]
			if !strings.HasPrefix(p, "search/") {
				asked++
				if !pv.IsRendered(p) {
					unrendered++
				}
				got, ok, gotErr := snap.Open(p)
				full, fullErr := preview.New(opts).Rebuild(nil)
				switch {
				case fullErr != nil:
					// The full build finds errors in other pages too: nothing to compare here.
				case !ok || gotErr != nil:
					t.Fatalf("seed %d step %d: asking for %s gave ok=%v, %v; a full build has it", seed, step, p, ok, gotErr)
				case string(got) != string(full.All()[p]):
					t.Fatalf("seed %d step %d: %s on demand differs from a full build: %s", seed, step, p,
						compareFiles(map[string][]byte{p: got}, map[string][]byte{p: full.All()[p]}))
				}
			}
		}
		if !pv.Partial() {
			break
		}
		changed, what := randomEdit(t, rng, dir, themeName, int(seed)*100+step, &broken)
		if pv.Partial() {
			edited++
		}
		s, err := pv.Rebuild(changed)
		last = err
		if err == nil {
			snap = s
		}
		_ = what
	}
	if concurrent {
		wg.Wait()
	}
	pv.RenderRest(context.Background())
	final, err := pv.Finish()
	if final == nil && err == nil {
		// Nothing to finish: the site does not load (the last edit's error stands), or every
		// output was rendered by an edit that reloaded it (then its snapshot is complete).
		final, err = snap, last
	}
	if err == nil && final.Pending {
		if final, err = pv.Settle(); err != nil || final == nil {
			t.Fatalf("seed %d: Settle after the first build gave %v, %v", seed, final, err)
		}
	}
	full, fullErr := preview.New(opts).Rebuild(nil)
	if (err == nil) != (fullErr == nil) {
		t.Fatalf("seed %d: after the first build, error %v; a full build's error %v", seed, err, fullErr)
	}
	if err != nil {
		if !reflect.DeepEqual(diag.As(err), diag.As(fullErr)) {
			t.Fatalf("seed %d: errors differ:\nfirst build: %v\nfull: %v", seed, err, fullErr)
		}
		return
	}
	if final.Partial {
		t.Fatalf("seed %d: the first build is still partial after Finish", seed)
	}
	if diff := compareFiles(final.All(), full.All()); diff != "" {
		t.Fatalf("seed %d: after the first build: %s", seed, diff)
	}
	if !reflect.DeepEqual(final.Warnings, full.Warnings) {
		t.Fatalf("seed %d: warnings differ:\n%v\n%v", seed, final.Warnings, full.Warnings)
	}
	return
}
