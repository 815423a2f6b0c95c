package tomlx

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// MaxSize is the largest TOML document kith decodes: 128 KiB, some ten times a long quiz.
const MaxSize = 128 << 10

// MaxDepth is how deeply a TOML document may nest. Each part of a table header ([a.b] is 2,
// [[a]] is 2: the list and its table), each part of a dotted key (a.b.c = is 3) and each [ or {
// of a value counts one level. A quiz nests 5 deep ([[questions.options]] and a key); the TOML
// library's cost grows with the square of the depth (4,000 levels of {a= allocate 1.9 GB), so the
// check runs before it.
const MaxDepth = 16

// overLimit scans data once, without decoding it, and returns where it first goes past MaxSize
// or MaxDepth and what to do about it, or "" when it stays within both. It reads strings,
// comments, keys and values only as far as needed to count levels, and never allocates: a
// level is a number on a stack of at most MaxDepth entries.
func overLimit(data []byte) (Pos, string) {
	if len(data) > MaxSize {
		return Pos{1, 1}, fmt.Sprintf("the file is %d KiB; kith reads TOML files of at most %d KiB: split it or shorten it",
			(len(data)+1023)/1024, MaxSize>>10)
	}
	var (
		open  [MaxDepth + 1]container // the [ and { of values that are not yet closed
		sp    int
		table int // levels of the current [table] header
		line  = 1
		start int    // offset of the line's first byte
		fresh = true // nothing but blanks yet on this line
		// key is true where a key may start: at the start of a top-level line and after the {
		// or , of an inline table. parts counts the parts of the key being read.
		key   = true
		parts int
		// value is the level of a value that starts here: where a key's = or an array's [ or ,
		// leaves it.
		value int
	)
	tooDeep := func(i int) (Pos, string) {
		return Pos{line, i - start + 1}, fmt.Sprintf("the TOML nests more than %d levels deep here "+
			"(each part of a table header or dotted key and each [ or { counts one); kith reads no deeper: "+
			"flatten it", MaxDepth)
	}
	base := func() int {
		if sp == 0 {
			return table
		}
		return open[sp-1].depth
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		atStart := fresh
		fresh = false
		switch {
		case c == '\n':
			line, start, fresh = line+1, i+1, true
			if sp == 0 {
				key, parts = true, 0
			}
		case c == ' ' || c == '\t' || c == '\r':
			fresh = atStart
		case c == '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			end, lines, lastStart := skipString(data, i)
			if lines > 0 {
				line, start = line+lines, lastStart
			}
			if key {
				parts++
				if base()+parts > MaxDepth {
					return tooDeep(i)
				}
			}
			i = end
		case key && sp == 0 && c == '[' && atStart:
			// A table header: its depth is its parts, and one more for an array of tables.
			table = 0
			if i+1 < len(data) && data[i+1] == '[' {
				table = 1
				i++
			}
			i = readHeader(data, i+1, &table)
			if table > MaxDepth {
				return tooDeep(i)
			}
		case key && c == '=':
			key, value = false, base()+parts
		case key && c == '.':
		case key && c == '}' && sp > 0:
			sp--
			key, value = false, base()
		case key && c == ',':
		case key:
			// A bare key part: read it whole.
			if parts++; base()+parts > MaxDepth {
				return tooDeep(i)
			}
			for i+1 < len(data) && isBare(data[i+1]) {
				i++
			}
		case c == '[' || c == '{':
			if value+1 > MaxDepth {
				return tooDeep(i)
			}
			open[sp] = container{array: c == '[', depth: value + 1}
			sp++
			value = value + 1
			if c == '{' {
				key, parts = true, 0
			}
		case (c == ']' || c == '}') && sp > 0:
			sp--
			value = base()
		case c == ',' && sp > 0:
			if !open[sp-1].array {
				key, parts = true, 0
			}
			value = open[sp-1].depth
		}
	}
	return Pos{}, ""
}

// container is an inline table or array that a value opens, with the level of what it holds.
type container struct {
	array bool
	depth int
}

// readHeader counts the parts of a table header that starts at i (after its [ or [[) into
// depth and returns the offset of its closing ], or of the end of the line when it has none.
func readHeader(data []byte, i int, depth *int) int {
	*depth++
	for ; i < len(data) && data[i] != '\n'; i++ {
		switch c := data[i]; c {
		case ']':
			return i
		case '.':
			*depth++
		case '"', '\'':
			end, lines, _ := skipString(data, i)
			if lines > 0 {
				return i // a header's key never spans lines: leave the newline to the caller
			}
			i = end
		}
		if *depth > MaxDepth {
			return i
		}
	}
	return i - 1
}

// skipString returns the offset of the last byte of the string that starts at i (a basic or
// literal string, on one line or many), how many newlines it holds and where its last line
// starts. A one-line string ends at the end of its line even when it is not closed there,
// as the TOML library ends it with an error.
func skipString(data []byte, i int) (end, lines, lastStart int) {
	q := data[i]
	multi := i+2 < len(data) && data[i+1] == q && data[i+2] == q
	if multi {
		i += 3
		for ; i < len(data); i++ {
			switch {
			case data[i] == '\n':
				lines, lastStart = lines+1, i+1
			case data[i] == '\\' && q == '"':
				if i+1 < len(data) && data[i+1] == '\n' {
					lines, lastStart = lines+1, i+2
				}
				i++
			case data[i] == q && i+2 < len(data) && data[i+1] == q && data[i+2] == q:
				// A closing delimiter may be followed by one or two more quotes, part of the string.
				i += 2
				for i+1 < len(data) && data[i+1] == q {
					i++
				}
				return i, lines, lastStart
			}
		}
		return len(data) - 1, lines, lastStart
	}
	for i++; i < len(data); i++ {
		switch {
		case data[i] == '\n':
			return i - 1, 0, 0
		case data[i] == '\\' && q == '"':
			if i+1 < len(data) && data[i+1] == '\n' {
				return i, 0, 0
			}
			i++
		case data[i] == q:
			return i, 0, 0
		}
	}
	return len(data) - 1, 0, 0
}

// Unmarshal decodes data into v, as toml.Unmarshal does, once data is within MaxSize and
// MaxDepth. It is for a second look at a file Decode has reported on.
func Unmarshal(data []byte, v any) error {
	if p, msg := overLimit(data); msg != "" {
		return fmt.Errorf("toml: line %d: %s", p.Line, msg)
	}
	return toml.Unmarshal(data, v)
}
