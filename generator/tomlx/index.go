package tomlx

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// Pos is a 1-based line and column in a TOML document.
type Pos struct{ Line, Col int }

// Index knows where each key and table header of a TOML document is written. Paths name array
// elements by index: "questions[2].options[0].correct", and a table header by its path: "bands[1]".
// The TOML library reports positions only for syntax errors; this lets validation that runs after
// decoding point at the very line an author must change.
type Index struct {
	at     map[string]Pos
	order  []string
	values map[string]string // the start of each key's value as written, for its type

	byKeyOnce sync.Once
	byKey     map[string][]Pos // positions by path without array indices, built on first use
}

// Locate scans a TOML document for its keys and headers. It never fails: what it cannot read it
// skips, and positions it does not know are simply absent.
func Locate(data []byte) *Index {
	ix := &Index{at: map[string]Pos{}, values: map[string]string{}}
	counts := map[string]int{}
	current := ""
	multi := ""
	depth := 0
	for n, line := range strings.Split(string(data), "\n") {
		lineNo := n + 1
		if multi != "" {
			if strings.Contains(line, multi) {
				multi = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDepth(line)
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		switch {
		case trimmed == "" || trimmed[0] == '#':
		case strings.HasPrefix(trimmed, "[["):
			segs, _ := parseKey(trimmed[2:])
			current = indexed(segs, counts, true)
			ix.add(current, Pos{lineNo, col})
		case trimmed[0] == '[':
			segs, _ := parseKey(trimmed[1:])
			current = indexed(segs, counts, false)
			ix.add(current, Pos{lineNo, col})
		default:
			segs, rest := parseKey(trimmed)
			rest = strings.TrimLeft(rest, " \t")
			if len(segs) == 0 || !strings.HasPrefix(rest, "=") {
				continue
			}
			path := strings.Join(segs, ".")
			if current != "" {
				path = current + "." + path
			}
			ix.add(path, Pos{lineNo, col})
			value := rest[1:]
			ix.values[path] = strings.TrimSpace(value)
			for _, delim := range []string{`"""`, `'''`} {
				if strings.Count(value, delim)%2 == 1 {
					multi = delim
				}
			}
			if multi == "" {
				depth = bracketDepth(value)
			}
		}
	}
	return ix
}

func (ix *Index) add(path string, p Pos) {
	if _, dup := ix.at[path]; !dup {
		ix.order = append(ix.order, path)
	}
	ix.at[path] = p
}

// At returns the position of an indexed path such as "questions[2].options[0].text".
func (ix *Index) At(path string) (Pos, bool) {
	p, ok := ix.at[path]
	return p, ok
}

// AtOr returns the position of the first of paths that is written in the document, or of line 1.
func (ix *Index) AtOr(paths ...string) Pos {
	for _, path := range paths {
		if p, ok := ix.at[path]; ok {
			return p
		}
	}
	return Pos{1, 1}
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// Find returns every position of a key as the TOML library names it (without array indices).
// Looking every key up once keeps reporting thousands of unknown keys linear.
func (ix *Index) Find(key toml.Key) []Pos {
	ix.byKeyOnce.Do(func() {
		ix.byKey = make(map[string][]Pos, len(ix.order))
		for _, path := range ix.order {
			k := indexRE.ReplaceAllString(path, "")
			ix.byKey[k] = append(ix.byKey[k], ix.at[path])
		}
	})
	return ix.byKey[strings.Join(key, ".")]
}

// Pos returns the first position of a key given without array indices.
func (ix *Index) Pos(key []string) (Pos, bool) {
	ps := ix.Find(key)
	if len(ps) == 0 {
		return Pos{}, false
	}
	return ps[0], true
}

// indexed turns a header's segments into an indexed path, counting array-of-tables elements.
func indexed(segs []string, counts map[string]int, isArray bool) string {
	path := ""
	for i, s := range segs {
		if path != "" {
			path += "."
		}
		path += s
		if i == len(segs)-1 && isArray {
			counts[path]++
			return path + "[" + strconv.Itoa(counts[path]-1) + "]"
		}
		if c := counts[path]; c > 0 {
			path += "[" + strconv.Itoa(c-1) + "]"
		}
	}
	return path
}

// parseKey reads a dotted key (bare or quoted segments) and returns its segments and the rest.
func parseKey(s string) ([]string, string) {
	var segs []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return segs, s
		}
		var seg string
		switch s[0] {
		case '"', '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return segs, s
			}
			seg, s = s[1:end+1], s[end+2:]
		default:
			end := 0
			for end < len(s) && isBare(s[end]) {
				end++
			}
			if end == 0 {
				return segs, s
			}
			seg, s = s[:end], s[end:]
		}
		segs = append(segs, seg)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return segs, s
		}
		s = s[1:]
	}
}

func isBare(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// bracketDepth returns how many more [ than ] the line opens, outside strings and comments.
func bracketDepth(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return d
		case c == '[':
			d++
		case c == ']':
			d--
		}
	}
	return d
}
