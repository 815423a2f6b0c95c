package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith/generator/corpus"
	"kith/internal/browsertest"
)

// Latency is measured from the moment a lesson's file is written to the moment the open tab
// has painted the new text, in a real browser:
//
//	go test ./generator/serve -run '^$' -bench Latency -benchtime 30x
//
// It reports the median (p50) and the 95th percentile in milliseconds, and the median and
// 95th percentile of the rebuild alone, from the server's log. With -v it also logs the median
// of each step of a save that the tab updated in place (see saveSteps).

// BenchmarkLatencyToolkit edits a lesson of the toolkit in this repository.
func BenchmarkLatencyToolkit(b *testing.B) {
	dir := b.TempDir()
	for _, name := range []string{"site.toml", "content", "quizzes"} {
		if err := copyTree(filepath.Join("..", "..", name), filepath.Join(dir, name)); err != nil {
			b.Fatal(err)
		}
	}
	benchmarkLatency(b, dir, "content/lessons/finding-balance.md", "lessons/finding-balance/")
}

// BenchmarkLatency10000 edits a lesson of a generated site of 10,000 lessons.
func BenchmarkLatency10000(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	benchmarkLatency(b, dir, "content/section-050/lesson-05000.md", "section-050/lesson-05000/")
}

// saveSteps are the steps of a save, each from the end of the one before, as the server's
// trace (saveTrace) and the tab's (live.js) time them.
var saveSteps = []struct{ name, from, to string }{
	{"event", "written", "event"},        // the file system event arrives
	{"watch", "event", "rebuilding"},     // the watcher settles the save and reads it
	{"rebuild", "rebuilding", "rebuilt"}, // the rebuild
	{"send", "rebuilt", "sent"},          // the server decides and encodes the message
	{"receive", "sent", "recv"},          // the tab receives and decodes it
	{"parse", "recv", "parsed"},          // the tab parses the new page
	{"swap", "parsed", "swapped"},        // the tab puts it in place, runs scripts
	{"frame", "swapped", "frame"},        // the next frame starts
	{"paint", "frame", "painted"},        // the frame is drawn
}

func benchmarkLatency(b *testing.B, dir, file, page string) {
	tracing.Store(true)
	b.Cleanup(func() { tracing.Store(false) })
	ctx := browsertest.Browser(b)
	var log strings.Builder
	sw := &syncWriter{w: &log}
	logged := func() string { sw.mu.Lock(); defer sw.mu.Unlock(); return log.String() }
	srv, err := Start(b.Context(), Options{Source: dir, Log: sw})
	if err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL()+page)); err != nil {
		b.Fatal(err)
	}
	// kith serve answers before its first build is done; the saves are timed once it is, so
	// that they measure a save, not a save queued behind the rest of the first build.
	for deadline := time.Now().Add(5 * time.Minute); !strings.Contains("\n"+logged(), "\nBuilt "); {
		if time.Now().After(deadline) {
			b.Fatalf("the first build did not end within 5 minutes:\n%s", logged())
		}
		time.Sleep(50 * time.Millisecond)
	}
	original, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		b.Fatal(err)
	}
	var ms []float64
	steps := map[string][]float64{}
	hows := map[string]int{} // how the tab updated: "patch", "body"
	n := 0
	for b.Loop() {
		n++
		waitUntil(b, ctx, `document.documentElement.dataset.kithLive === "connected"`)
		// Gone after a reload, which tells one from an update in place.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.kithProbe = 1`)); err != nil {
			b.Fatal(err)
		}
		marker := fmt.Sprintf("Latency probe %d", n)
		text := append(append([]byte{}, original...), "\n\n"+marker+"\n"...)
		written := time.Now()
		if err := os.WriteFile(filepath.Join(dir, file), text, 0o644); err != nil {
			b.Fatal(err)
		}
		waitUntil(b, ctx, `document.body !== null && document.body.innerText.includes("`+marker+`")`)
		// When the new text was drawn, by the browser's own clock (the same wall clock): the
		// frame after the page was updated in place, or, after a reload, its first paint.
		waitUntil(b, ctx, `document.documentElement.dataset.kithUpdated !== undefined || (window.kithProbe === undefined && document.readyState === "complete")`)
		painted, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const updated = document.documentElement.dataset.kithUpdated;
			if (updated) return Number(updated);
			const p = performance.getEntriesByName("first-contentful-paint")[0] || performance.getEntriesByName("first-paint")[0];
			const at = p ? p.startTime : performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
			return performance.timeOrigin + at;
		})()`))
		if err != nil {
			b.Fatal(err)
		}
		ms = append(ms, painted-float64(written.UnixNano())/1e6)
		trace, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.kithTrace || ""`))
		if err != nil {
			b.Fatal(err)
		}
		if trace != "" {
			var t map[string]any
			if err := json.Unmarshal([]byte(trace), &t); err != nil {
				b.Fatal(err)
			}
			how, _ := t["how"].(string)
			hows[how]++
			at := func(k string) float64 {
				v, _ := t[k].(float64)
				return v
			}
			t["written"] = float64(written.UnixNano()) / 1e6
			t["rebuilding"] = at("rebuilt") - at("rebuild")
			for _, st := range saveSteps {
				steps[st.name] = append(steps[st.name], at(st.to)-at(st.from))
			}
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`delete document.documentElement.dataset.kithUpdated; delete document.documentElement.dataset.kithTrace`)); err != nil {
			b.Fatal(err)
		}
	}
	if len(steps) > 0 {
		waited := 0
		for _, d := range steps["watch"] {
			if d >= 5 {
				waited++
			}
		}
		b.Logf("%d of %d saves waited for the watcher's Quiet (their watch step took 5 ms or more)", waited, len(steps["watch"]))
		var line strings.Builder
		fmt.Fprintf(&line, "the steps of %d saves updated in place %v, p50 (p95) in ms:", len(steps["event"]), hows)
		for _, st := range saveSteps {
			fmt.Fprintf(&line, " %s %.1f (%.1f)", st.name, percentile(steps[st.name], 50), percentile(steps[st.name], 95))
		}
		b.Log(line.String())
	}
	b.ReportMetric(percentile(ms, 50), "ms-p50")
	b.ReportMetric(percentile(ms, 95), "ms-p95")
	// The part of it that is the rebuild, from the server's "Rebuilt in" lines.
	var rebuilds, indexes []float64
	for _, line := range strings.Split(logged(), "\n") {
		if d, ok := strings.CutPrefix(line, "Rebuilt in "); ok {
			if t, err := time.ParseDuration(strings.Fields(d)[0]); err == nil {
				rebuilds = append(rebuilds, float64(t)/1e6)
			}
		}
		// The search index, brought up to date 200 ms after a save: a save that comes while
		// it is, waits for it.
		if d, ok := strings.CutPrefix(line, "Search index updated in "); ok {
			if t, err := time.ParseDuration(strings.Fields(d)[0]); err == nil {
				indexes = append(indexes, float64(t)/1e6)
			}
		}
	}
	if len(indexes) > 0 {
		b.Logf("the search index was brought up to date %d times, in %.1f ms (p50), %.1f ms (p95)",
			len(indexes), percentile(indexes, 50), percentile(indexes, 95))
	}
	if len(rebuilds) > 0 {
		b.ReportMetric(percentile(rebuilds, 50), "ms-rebuild-p50")
		b.ReportMetric(percentile(rebuilds, 95), "ms-rebuild-p95")
	}
	b.ReportMetric(0, "ns/op")
}

// percentile returns the p-th percentile of xs by the nearest rank: of 30 saves, the 95th
// percentile is the 29th fastest.
func percentile(xs []float64, p int) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100 // ceil(p/100 × n)
	return s[max(rank, 1)-1]
}

func waitUntil(b *testing.B, ctx context.Context, js string) {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.Fatalf("timed out waiting for %s", js)
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dest := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dest, 0o755)
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dest, data, 0o644)
	})
}
