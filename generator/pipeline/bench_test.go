package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"

	"kith/generator/corpus"
	"kith/generator/pipeline"
	"kith/generator/site"
)

// benchmarkBuild builds a generated corpus of the given size into a fresh
// destination on each iteration and reports pages built per second.
// Generating the corpus and removing the previous output are not timed.
func benchmarkBuild(b *testing.B, lessons int) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, lessons, 1); err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(b.TempDir(), "public")
	pages := 0
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := pipeline.Build(site.Options{Source: src, Dest: dest})
		if err != nil {
			b.Fatal(err)
		}
		pages = res.Pages
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkBuild1000(b *testing.B)  { benchmarkBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B) { benchmarkBuild(b, 10000) }
