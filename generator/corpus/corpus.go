// Package corpus generates a deterministic synthetic course site for
// benchmarking kith, together with a Hugo configuration and layouts that
// build the same content with Hugo, so the two can be compared fairly.
package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// LessonsPerSection is the number of lessons in each generated section;
// the last section holds whatever remains.
const LessonsPerSection = 100

// Title is the site title written to both site.toml and hugo.toml.
const Title = "Kith Benchmark Course"

// hugoFiles holds the Hugo layouts, copied verbatim under dir/layouts.
//
//go:embed all:hugo
var hugoFiles embed.FS

// Random streams: each lesson or section draws from its own generator,
// keyed by (seed, stream, number), so any lesson's plan can be recomputed
// on its own when another lesson links to one of its headings.
const (
	streamPlan uint64 = iota + 1
	streamBody
	streamSection
	streamHome
)

// Generate writes a complete site with the given number of lessons into
// dir: site.toml and content/ for kith, plus hugo.toml and layouts/ with
// which Hugo builds the same pages. The files depend only on lessons and
// seed: the same arguments always give byte-identical output. Files of the
// same name are overwritten; anything else already in dir is left alone,
// so dir should be empty or missing.
func Generate(dir string, lessons int, seed int64) error {
	if lessons < 1 {
		return errors.New("corpus: need at least one lesson")
	}
	g := &gen{dir: dir, lessons: lessons, seed: uint64(seed)}
	if err := g.write("site.toml", g.siteTOML()); err != nil {
		return err
	}
	if err := g.write("hugo.toml", g.hugoTOML()); err != nil {
		return err
	}
	if err := g.writeLayouts(); err != nil {
		return err
	}
	if err := g.write("content/_index.md", g.home()); err != nil {
		return err
	}
	for s := 1; s <= g.sections(); s++ {
		if err := g.write(fmt.Sprintf("content/section-%03d/_index.md", s), g.section(s)); err != nil {
			return err
		}
	}
	for n := 1; n <= lessons; n++ {
		if err := g.write("content/"+lessonPath(n), g.lesson(n)); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	dir     string
	lessons int
	seed    uint64
}

func (g *gen) rng(stream uint64, n int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream<<48|uint64(n)))
}

func (g *gen) sections() int { return (g.lessons + LessonsPerSection - 1) / LessonsPerSection }

func (g *gen) write(rel string, data []byte) error {
	p := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func (g *gen) writeLayouts() error {
	// fs.WalkDir visits entries in lexical order, so the output is stable.
	return fs.WalkDir(hugoFiles, "hugo", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoFiles.ReadFile(p)
		if err != nil {
			return err
		}
		return g.write(strings.TrimPrefix(p, "hugo/"), data)
	})
}

func (g *gen) siteTOML() []byte {
	return fmt.Appendf(nil, `title = %q
base_url = "https://example.org/"
language = "en"
description = "A synthetic course of %d lessons for build benchmarks."
`, Title, g.lessons)
}

// hugoTOML configures Hugo to build the same content/ as kith. Hugo's
// Goldmark defaults (typographer, tables, GitHub-style heading IDs) are
// kept; only what kith does not produce is switched off.
func (g *gen) hugoTOML() []byte {
	return fmt.Appendf(nil, `# Hugo configuration for the same corpus kith builds from site.toml.
baseURL = "https://example.org/"
title = %q
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS"]

[markup.tableOfContents]
startLevel = 2
endLevel = 3
ordered = false
`, Title)
}

// section returns the section number (1-based) that holds lesson n.
func section(n int) int { return (n-1)/LessonsPerSection + 1 }

// lessonPath is lesson n's path relative to content/.
func lessonPath(n int) string {
	return fmt.Sprintf("section-%03d/lesson-%05d.md", section(n), n)
}

// relLink is the relative .md link from lesson from to lesson to.
func relLink(from, to int) string {
	name := fmt.Sprintf("lesson-%05d.md", to)
	if section(from) == section(to) {
		return name
	}
	return fmt.Sprintf("../section-%03d/%s", section(to), name)
}

// anchor is the heading ID that both Goldmark's auto IDs and Hugo's
// GitHub-style IDs give a heading made of plain words and spaces.
func anchor(heading string) string {
	return strings.ReplaceAll(strings.ToLower(heading), " ", "-")
}

// heading is one ## or ### heading of a lesson.
type heading struct {
	level int
	text  string
}

// plan is what other lessons need to know about a lesson to link to it.
type plan struct {
	title    string
	headings []heading // in document order
}

func (g *gen) plan(n int) plan {
	r := g.rng(streamPlan, n)
	p := plan{title: headingText(r)}
	seen := map[string]bool{}
	unique := func() string {
		for {
			if h := headingText(r); !seen[anchor(h)] {
				seen[anchor(h)] = true
				return h
			}
		}
	}
	for range 3 + r.IntN(2) {
		p.headings = append(p.headings, heading{2, unique()})
		for range r.IntN(3) {
			p.headings = append(p.headings, heading{3, unique()})
		}
	}
	return p
}

func (g *gen) home() []byte {
	r := g.rng(streamHome, 0)
	var b bytes.Buffer
	fmt.Fprintf(&b, "+++\ntitle = %q\ndescription = %q\n+++\n\n", Title, description(r))
	fmt.Fprintf(&b, "Welcome to the course. It has %d sections and %d lessons.\n\n", g.sections(), g.lessons)
	b.WriteString(paragraph(r, 3))
	return b.Bytes()
}

func (g *gen) section(s int) []byte {
	r := g.rng(streamSection, s)
	var b bytes.Buffer
	fmt.Fprintf(&b, "+++\ntitle = %q\ndescription = %q\nweight = %d\n+++\n\n",
		fmt.Sprintf("Section %d: %s", s, headingText(r)), description(r), s)
	b.WriteString(paragraph(r, 3+r.IntN(3)))
	b.WriteString(paragraph(r, 2+r.IntN(3)))
	return b.Bytes()
}

func (g *gen) lesson(n int) []byte {
	p := g.plan(n)
	r := g.rng(streamBody, n)
	var b bytes.Buffer

	fmt.Fprintf(&b, "+++\ntitle = %q\ndescription = %q\nweight = %d\nduration = \"%d min\"\nobjectives = [",
		p.title, description(r), 10*((n-1)%LessonsPerSection+1), durations[r.IntN(len(durations))])
	for i := range 2 + r.IntN(3) {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", capitalize(imperative(r)))
	}
	b.WriteString("]\n+++\n\n")

	b.WriteString(paragraph(r, 3+r.IntN(3)))
	if g.lessons > 1 {
		// Link to a neighbour: the previous lesson, or the next for the first.
		other := n - 1
		if other < 1 {
			other = n + 1
		}
		fmt.Fprintf(&b, "This lesson follows on from [%s](%s).\n\n", g.plan(other).title, relLink(n, other))
	}

	h2 := 0
	for _, h := range p.headings {
		fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", h.level), h.text)
		if h.level == 3 {
			b.WriteString(paragraph(r, 3+r.IntN(3)))
			continue
		}
		b.WriteString(paragraph(r, 5+r.IntN(3)))
		switch h2 {
		case 0:
			b.WriteString(list(r, "-"))
			fmt.Fprintf(&b, "The [%s reference](https://example.com/docs/%s) covers the details.\n\n",
				pick(r, nouns), pick(r, nouns))
		case 1:
			b.WriteString(list(r, "1."))
			if g.lessons > 1 {
				b.WriteString(g.crossLink(r, n, true))
			}
		case 2:
			if r.IntN(3) == 0 {
				b.WriteString(table(r))
			}
			if g.lessons > 1 && r.IntN(2) == 0 {
				b.WriteString(g.crossLink(r, n, false))
			}
		}
		h2++
	}
	return b.Bytes()
}

// crossLink links lesson n to another random lesson, possibly in another
// section, and with withAnchor to one of that lesson's headings.
func (g *gen) crossLink(r *rand.Rand, n int, withAnchor bool) string {
	to := r.IntN(g.lessons-1) + 1
	if to >= n {
		to++
	}
	target := g.plan(to)
	if !withAnchor {
		return fmt.Sprintf("Compare this with [%s](%s).\n\n", target.title, relLink(n, to))
	}
	h := target.headings[r.IntN(len(target.headings))]
	return fmt.Sprintf("For background, see [%s](%s#%s) in *%s*.\n\n",
		strings.ToLower(h.text), relLink(n, to), anchor(h.text), target.title)
}
