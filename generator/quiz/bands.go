package quiz

import (
	"fmt"
	"sort"
	"strings"

	"kith/generator/tomlx"
)

// span is the totals min..max of one band whose bounds are both written and in order.
type span struct {
	band     int
	min, max int
}

// checkBands reports bands that are incomplete, and totals that no band or two bands cover: a
// self-assessment must turn every total its answers can reach into exactly one result.
func (c *checker) checkBands() {
	f := c.f
	if f.Kind != SelfAssessment {
		return
	}
	top, known := possibleTop(f)
	if len(f.Bands) == 0 {
		cover := ""
		if known {
			cover = fmt.Sprintf(" covering %s", totals(0, top))
		}
		c.errorf(c.at("kind"), "a self-assessment needs [[bands]] to turn its total into a result: add [[bands]] with id, min, max and title%s", cover)
		return
	}
	var spans []span
	bounded := true // every band has a min and max in order; otherwise gaps are only a symptom
	ids := map[string]int{}
	for i, bf := range f.Bands {
		b := fmt.Sprintf("bands[%d]", i)
		name := bandName(f, i)
		switch {
		case bf.ID == "":
			c.errorf(c.at(b), `%s: missing id: add id = "..." (lowercase letters, digits and hyphens)`, name)
		case !IsSlug(bf.ID):
			c.errorf(c.at(b+".id", b), "%s: id %q is not a safe id: use lowercase letters, digits and hyphens, e.g. %q", name, bf.ID, suggestBandID(bf.ID, i))
		default:
			if j, dup := ids[bf.ID]; dup {
				c.errorf(c.at(b+".id", b), "%s: id %q is already used by band %d: give each band a different id", name, bf.ID, j+1)
			} else {
				ids[bf.ID] = i
			}
		}
		if strings.TrimSpace(bf.Title) == "" {
			c.errorf(c.at(b), `%s: missing title: add title = "..."`, name)
		}
		if bf.Min == nil {
			c.errorf(c.at(b), "%s: missing min: add min = <the lowest total in this band>", name)
		}
		if bf.Max == nil {
			c.errorf(c.at(b), "%s: missing max: add max = <the highest total in this band>", name)
		}
		if bf.Min == nil || bf.Max == nil {
			bounded = false
			continue
		}
		lo, hi := *bf.Min, *bf.Max
		if lo > hi {
			c.errorf(c.at(b+".min", b), "%s: min %d is greater than max %d: swap them", name, lo, hi)
			bounded = false
			continue
		}
		if known && lo < 0 {
			c.errorf(c.at(b+".min", b), "%s: min %d is below the lowest possible total; possible totals are 0–%d", name, lo, top)
		}
		if known && hi > top {
			c.errorf(c.at(b+".max", b), "%s: max %d is above the highest possible total; possible totals are 0–%d", name, hi, top)
		}
		if known {
			lo, hi = max(lo, 0), min(hi, top)
			if lo > hi {
				continue
			}
		}
		spans = append(spans, span{i, lo, hi})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].min < spans[j].min })
	c.checkOverlaps(spans)
	if known && bounded {
		c.checkGaps(spans, top)
	}
}

// checkOverlaps reports every pair of bands that share totals, at the later band.
func (c *checker) checkOverlaps(spans []span) {
	for i, a := range spans {
		for _, b := range spans[i+1:] {
			lo, hi := max(a.min, b.min), min(a.max, b.max)
			if lo > hi {
				continue
			}
			first, second := min(a.band, b.band), max(a.band, b.band)
			p := fmt.Sprintf("bands[%d]", second)
			c.errorf(c.at(p+".min", p), "%s and %s both cover %s: each total must fall in exactly one band",
				bandName(c.f, first), bandName(c.f, second), totals(lo, hi))
		}
	}
}

// checkGaps reports the totals from 0 to top that no band covers; spans are sorted by min. A gap
// is reported at the min of the band just above it, or at the max of the band just below.
func (c *checker) checkGaps(spans []span, top int) {
	next := 0 // the lowest total no band seen so far covers
	below := c.at("bands[0]", "bands")
	for _, s := range spans {
		p := fmt.Sprintf("bands[%d]", s.band)
		if s.min > next {
			c.gap(next, s.min-1, top, c.at(p+".min", p))
		}
		if s.max+1 > next {
			next = s.max + 1
			below = c.at(p+".max", p)
		}
	}
	if next <= top {
		c.gap(next, top, top, below)
	}
}

func (c *checker) gap(lo, hi, top int, p tomlx.Pos) {
	c.errorf(p, "bands leave %s uncovered; possible totals are 0–%d: extend a band or add one", totals(lo, hi), top)
}

// possibleTop returns the highest total a self-assessment can reach, if its scale says.
func possibleTop(f *quizFile) (int, bool) {
	if len(f.Scale) < 2 {
		return 0, false
	}
	n := 0
	for _, q := range f.Questions {
		if q.Type == Likert {
			n++
		}
	}
	return n * (len(f.Scale) - 1), n > 0
}

// totals writes a range of totals: "total 4" or "totals 4–5".
func totals(lo, hi int) string {
	if lo == hi {
		return fmt.Sprintf("total %d", lo)
	}
	return fmt.Sprintf("totals %d–%d", lo, hi)
}

// bandName names band i in messages: band 2 ("low").
func bandName(f *quizFile, i int) string {
	if id := f.Bands[i].ID; id != "" {
		return fmt.Sprintf("band %d (%q)", i+1, id)
	}
	return fmt.Sprintf("band %d", i+1)
}

func suggestBandID(id string, i int) string {
	if s := Slugify(id); s != "" {
		return s
	}
	return fmt.Sprintf("band-%d", i+1)
}
