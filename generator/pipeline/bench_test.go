package pipeline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"kith/generator/content"
	"kith/generator/corpus"
	"kith/generator/diag"
	"kith/generator/markdown"
	"kith/generator/pipeline"
	"kith/generator/render"
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

// BenchmarkStages10000 times the stages of a build of 10,000 generated lessons one by one, on
// one goroutine, beside the bare library calls they wrap, so the performance notes in
// docs/development.md can say how close each stage is to what it costs to call the library:
//
//   - load: reading and parsing the site (content, front matter, quizzes, theme) and listing
//     its outputs;
//   - goldmark: goldmark alone, with the extensions and parser options kith uses, parsing and
//     rendering every page's Markdown once;
//   - markdown: kith's Markdown renderer on the same pages (goldmark with kith's transformer:
//     links resolved and checked, ids collected, quizzes, videos and cards embedded);
//   - render: every output rendered into memory, as a build does but on one core, with the
//     seconds spent on each kind of output reported apart (lesson pages, slides, the search
//     index, everything else);
//   - write-bare: os.MkdirAll and os.WriteFile of files of the same sizes into a new folder,
//     the file system's cost of the output alone;
//   - write: the same bytes through the build's own writer.
//
// Run with: go test -run '^$' -bench Stages10000 -benchtime 1x ./generator/pipeline/
func BenchmarkStages10000(b *testing.B) {
	src := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(src, 10000, 1); err != nil {
		b.Fatal(err)
	}
	opts := site.Options{Source: src}.WithDefaults()
	var s *site.Site
	var outs []site.Output
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			var list diag.List
			s, outs = pipeline.Prepare(opts, &list)
			if s == nil {
				b.Fatal(list.Err())
			}
		}
	})
	var pages []*content.Page
	for _, p := range s.Content.Pages {
		if p.File != "" {
			pages = append(pages, p)
		}
	}
	b.Run("goldmark", func(b *testing.B) {
		md := goldmark.New(
			goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.TaskList,
				extension.Footnote, extension.Typographer, extension.Table),
			goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()))
		var buf bytes.Buffer
		for b.Loop() {
			for _, p := range pages {
				buf.Reset()
				if err := md.Convert(p.Body, &buf); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
	})
	b.Run("markdown", func(b *testing.B) {
		for b.Loop() {
			for _, p := range pages {
				root := strings.Repeat("../", strings.Count(p.Path, "/"))
				res := s.Markdown.Render(p.Body, &markdown.Document{File: p.File, FirstLine: p.BodyLine,
					Resolve: func(dest string) (string, string, bool) { return s.Resolve(p, root, dest) },
					Quiz:    func(string) ([]byte, string) { return nil, "" }})
				if len(res.HTML) == 0 {
					b.Fatalf("%s rendered to nothing", p.File)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
	})
	sizes := make([]int, len(outs))
	b.Run("render", func(b *testing.B) {
		spent := map[string]time.Duration{}
		var buf bytes.Buffer
		for b.Loop() {
			r := render.New(s)
			for i, o := range outs {
				buf.Reset()
				var list diag.List
				start := time.Now()
				if _, err := r.Render(o, &buf, &list); err != nil {
					b.Fatal(err)
				}
				kind := string(o.Kind)
				if o.Kind != site.Lesson && o.Kind != site.Slides && o.Kind != site.Search {
					kind = "other"
				}
				spent[kind] += time.Since(start)
				sizes[i] = buf.Len()
			}
		}
		for kind, d := range spent {
			b.ReportMetric(d.Seconds()/float64(b.N), "s-"+kind)
		}
	})
	write := func(b *testing.B, bare bool) {
		data := make([]byte, slices.Max(sizes))
		for b.Loop() {
			b.StopTimer()
			dir := filepath.Join(b.TempDir(), "out")
			if err := os.Mkdir(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			sink := pipeline.DirSink(dir)
			for i, o := range outs {
				var err error
				if bare {
					full := filepath.Join(dir, filepath.FromSlash(o.Path))
					if err = os.MkdirAll(filepath.Dir(full), 0o755); err == nil {
						err = os.WriteFile(full, data[:sizes[i]], 0o644)
					}
				} else {
					err = sink.Write(o.Path, data[:sizes[i]])
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("write-bare", func(b *testing.B) { write(b, true) })
	b.Run("write", func(b *testing.B) { write(b, false) })
}
