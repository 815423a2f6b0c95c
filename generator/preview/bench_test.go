package preview_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"kith/generator/corpus"
	"kith/generator/preview"
	"kith/generator/site"
)

// BenchmarkPreviewBodyEdit1000 times kith serve's rebuild after the text of one lesson of a
// generated 1000-lesson site changed, its front matter kept: reading that file again and
// rendering the outputs that read its text.
func BenchmarkPreviewBodyEdit1000(b *testing.B) {
	benchmarkEdit(b, func(src string, i int) string { return src + fmt.Sprintf("\nEdit %d.\n", i) })
}

// BenchmarkPreviewTitleEdit1000 times the rebuild after one lesson's title changed: its
// section's pages, which list it, render again.
func BenchmarkPreviewTitleEdit1000(b *testing.B) {
	benchmarkEdit(b, func(src string, i int) string {
		return frontLine(src, "title", fmt.Sprintf("%q", fmt.Sprint("Edited ", i)))
	})
}

// BenchmarkPreviewSlugEdit1000 times the rebuild after one lesson's slug changed, which loads
// the site again and compares it with the last load.
func BenchmarkPreviewSlugEdit1000(b *testing.B) {
	benchmarkEdit(b, func(src string, i int) string {
		return frontLine(src, "slug", fmt.Sprintf("%q", fmt.Sprint("moved-", i)))
	})
}

// BenchmarkPreviewBodyEdit10000 is BenchmarkPreviewBodyEdit1000 on 10,000 lessons: the rebuild
// after a body edit should not grow with the site.
func BenchmarkPreviewBodyEdit10000(b *testing.B) {
	benchmarkEditN(b, 10000, func(src string, i int) string { return src + fmt.Sprintf("\nEdit %d.\n", i) })
}

func benchmarkEdit(b *testing.B, edit func(src string, i int) string) { benchmarkEditN(b, 1000, edit) }

func benchmarkEditN(b *testing.B, lessonCount int, edit func(src string, i int) string) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, lessonCount, 1); err != nil {
		b.Fatal(err)
	}
	pv := preview.New(site.Options{Source: src})
	if _, err := pv.Rebuild(nil); err != nil {
		b.Fatal(err)
	}
	file := lessons(b, src)[0]
	original, err := os.ReadFile(filepath.Join(src, file))
	if err != nil {
		b.Fatal(err)
	}
	rendered := 0
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		write(b, src, file, edit(string(original), i))
		b.StartTimer()
		snap, err := pv.Rebuild([]string{file})
		if err != nil {
			b.Fatal(err)
		}
		rendered = snap.Rendered
	}
	b.ReportMetric(float64(rendered), "rendered")
}

// BenchmarkPreviewFull1000 times kith serve's first build of a 1000-lesson site, which records
// what every output reads.
func BenchmarkPreviewFull1000(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, 1000, 1); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := preview.New(site.Options{Source: src}).Rebuild(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreviewReady1000 times kith serve's start on a 1000-lesson site until the home page
// and a lesson are ready: the site loaded, and those two rendered on demand. Compare it with
// BenchmarkPreviewFull1000, which kith serve used to wait for.
func BenchmarkPreviewReady1000(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, 1000, 1); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		snap, err := preview.NewOnDemand(site.Options{Source: src}).Rebuild(nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range []string{"index.html", "section-001/lesson-00001/index.html"} {
			if _, ok, err := snap.Open(p); !ok || err != nil {
				b.Fatalf("%s: %v %v", p, ok, err)
			}
		}
	}
}
