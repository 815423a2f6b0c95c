package check

import (
	"path/filepath"
	"testing"

	"kith/generator/corpus"
	"kith/generator/site"
)

// benchmarkCheck checks a generated corpus and reports pages checked per second, to compare with
// BenchmarkBuild in generator/pipeline: a check renders every page as a build does, then inspects
// each page's Markdown.
func benchmarkCheck(b *testing.B, lessons int) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, lessons, 1); err != nil {
		b.Fatal(err)
	}
	pages := 0
	for b.Loop() {
		pages = Run(site.Options{Source: src}).Pages
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkCheck1000(b *testing.B)  { benchmarkCheck(b, 1000) }
func BenchmarkCheck10000(b *testing.B) { benchmarkCheck(b, 10000) }
