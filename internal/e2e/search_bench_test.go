package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kith/generator/corpus"
	"kith/generator/pipeline"
	"kith/generator/site"
	"kith/internal/browsertest"
)

// BenchmarkSearchLatency10000 measures, in Chromium, how long a search of a 10,000-lesson site
// takes from the student's typing to the first results on screen: cold (the first search after
// the page loads, which loads the runtime, the manifest, a word shard and the doc shard of the
// first result) and warm (two more words, typed while the doc shards and fragments of the first
// search's other results may still be loading). It reports the median and the 95th percentile,
// not a pass or fail:
//
//	go test ./internal/e2e/ -run '^$' -bench SearchLatency10000 -benchtime 20x
func BenchmarkSearchLatency10000(b *testing.B) {
	dir := corpus10000(b)
	searchLatency(b, browsertest.Serve(b, dir, "/course/")+"section-050/lesson-04950/")
}

// BenchmarkSearchRoundTrips10000 is BenchmarkSearchLatency10000 with every file answered 100 ms
// late, as over a slow network: the times are then about 100 ms for each round trip a search
// waits for before its first result, whatever the machine's load.
//
//	go test ./internal/e2e/ -run '^$' -bench SearchRoundTrips10000 -benchtime 5x
func BenchmarkSearchRoundTrips10000(b *testing.B) {
	dir := corpus10000(b)
	files := http.StripPrefix("/course", http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(roundTrip)
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	}))
	b.Cleanup(srv.Close)
	searchLatency(b, srv.URL+"/course/section-050/lesson-04950/")
}

// roundTrip is how late BenchmarkSearchRoundTrips10000 answers each request.
const roundTrip = 100 * time.Millisecond

// corpus10000 builds 10,000 generated lessons once for the whole run (go test calls a benchmark
// again for each b.N), removed by TestMain, and returns the site's folder.
func corpus10000(b *testing.B) string {
	builtMu.Lock()
	c, ok := built["corpus-10000"]
	if !ok {
		c = &builtSite{}
		built["corpus-10000"] = c
		dir, err := os.MkdirTemp("", "kith-search-corpus-")
		if err == nil {
			c.dir = filepath.Join(dir, "site")
			if c.err = corpus.Generate(filepath.Join(dir, "src"), 10000, 1); c.err == nil {
				_, c.err = pipeline.Build(site.Options{Source: filepath.Join(dir, "src"), Dest: c.dir})
			}
		}
		if err != nil {
			c.err = err
		}
	}
	builtMu.Unlock()
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c.dir
}

// searchLatency opens url b.N times and times a cold and a warm search on it.
func searchLatency(b *testing.B, url string) {
	ctx := browsertest.Browser(b)
	// search sets the box's value as if typed in one go and resolves, in ms, when the results
	// list has changed.
	const search = `(q) => new Promise(resolve => {
		const input = document.querySelector('.site-search-input'), list = document.querySelector('.site-search-results');
		const t0 = performance.now();
		new MutationObserver((_, o) => { if (list.querySelector('a')) { o.disconnect(); resolve(performance.now() - t0); } }).observe(list, {childList: true});
		input.focus(); input.value = q; input.dispatchEvent(new Event('input'));
	})`
	var cold, warm []float64
	b.ResetTimer()
	for range b.N {
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			b.Fatal(err)
		}
		c, err := chromedp.Run(ctx, chromedp.Evaluate[float64]("("+search+")('stream')", chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[float64]("("+search+")('tracing fold')", chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		cold = append(cold, c)
		warm = append(warm, w)
	}
	b.ReportMetric(percentile(cold, 50), "ms-cold-p50")
	b.ReportMetric(percentile(cold, 95), "ms-cold-p95")
	b.ReportMetric(percentile(warm, 50), "ms-warm-p50")
	b.ReportMetric(percentile(warm, 95), "ms-warm-p95")
}

// percentile returns the p-th percentile of ms, the nearest rank.
func percentile(ms []float64, p int) float64 {
	s := slices.Sorted(slices.Values(ms))
	return s[max(0, (len(s)*p+99)/100-1)]
}
