package markdown

import (
	"fmt"
)

// The limits of what kith renders. goldmark's cost grows with the square of container nesting
// (a line of 62,000 "- " took 19 s; 2,000 nested list levels 20 s; 100,000 nested > 10 s) and of
// unmatched link and emphasis delimiters in one paragraph, so Markdown past these limits is
// refused before goldmark reads it. They are far above what a lesson holds: a long lesson is
// 30 KiB, nests lists three deep, and has a few dozen links and emphases in a paragraph.
const (
	// MaxSize is the largest page body kith renders.
	MaxSize = 256 << 10
	// MaxLineLength is the longest line, in bytes.
	MaxLineLength = 64 << 10
	// MaxMarkers is how many block quote (>) and list (-, *, +, 1., 1)) markers may stand at the
	// start of one line.
	MaxMarkers = 32
	// MaxIndent is how many columns of blanks (a tab counts 4) may stand before a line's text,
	// between its markers included.
	MaxIndent = 128
	// MaxDelimiters is how many of the characters that open or close links, emphasis and code
	// ([ ] * _ ~ ` <) one paragraph may hold: the lines between two blank lines, code included.
	// Their cost grows with the square of their number in a paragraph (of < too: 5,000 "<a" on
	// as many lines took 11 ms, 20,000 took 520 ms).
	MaxDelimiters = 1000
	// MaxPageDelimiters is how many of them a page may hold. Each costs goldmark some
	// microseconds and 400 bytes: a page of nothing else renders in a tenth of a second.
	MaxPageDelimiters = 20000
)

// LimitError says where Markdown first goes past one of the limits, and what to do about it.
type LimitError struct {
	Line, Col int // 1-based, in the Markdown checked
	Message   string
}

func (e *LimitError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Message) }

// CheckLimits returns where src first goes past MaxSize, MaxLineLength, MaxMarkers, MaxIndent,
// MaxDelimiters or MaxPageDelimiters, or nil. It reads src once and allocates nothing unless it fails, so it costs
// little next to rendering, and it bounds what rendering costs: the nesting goldmark builds on a
// line is at most its markers and half its indentation.
func CheckLimits(src []byte) *LimitError {
	if len(src) > MaxSize {
		return &LimitError{1, 1, fmt.Sprintf("the page is %d KiB; kith renders pages of at most %d KiB: split it into several pages",
			(len(src)+1023)/1024, MaxSize>>10)}
	}
	delims, total := 0, 0
	for line, start := 1, 0; start < len(src); line++ {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		text, err := checkPrefix(src[start:end], line)
		if err != nil {
			return err
		}
		if end-start > MaxLineLength {
			return &LimitError{line, MaxLineLength + 1, fmt.Sprintf("the line is %d KiB long; kith renders lines of at most %d KiB: break it into several lines",
				(end-start+1023)/1024, MaxLineLength>>10)}
		}
		if isBlank(src[start:end]) {
			// A blank line ends a paragraph. (A line of markers alone may not: 1. under a
			// paragraph goes on with it.)
			delims = 0
		}
		for i := start + text; i < end; i++ {
			switch src[i] {
			case '[', ']', '*', '_', '~', '`', '<':
				delims++
				total++
				if total > MaxPageDelimiters {
					return &LimitError{line, i - start + 1, fmt.Sprintf("the page holds more than %d of the characters [ ] * _ ~ ` < that open or close links, emphasis and code; "+
						"kith renders no more in one page: split it into several pages", MaxPageDelimiters)}
				}
				if delims > MaxDelimiters {
					return &LimitError{line, i - start + 1, fmt.Sprintf("this paragraph holds more than %d of the characters [ ] * _ ~ ` < that open or close links, emphasis and code; "+
						"kith renders no more in one paragraph: put a blank line between its parts, or write \\* to show a * as it is", MaxDelimiters)}
				}
			}
		}
		start = end + 1
	}
	return nil
}

// checkPrefix reads the markers and blanks at the start of a line, returns where its text
// starts, and refuses the line when they go past MaxMarkers or MaxIndent.
func checkPrefix(l []byte, line int) (int, *LimitError) {
	markers, indent := 0, 0
	i := 0
	for i < len(l) {
		c := l[i]
		n := 0 // the length of a marker here, or 0
		switch {
		case c == ' ':
			indent++
		case c == '\t':
			indent += 4
		case c == '\r':
		case c == '>':
			n = 1
		case c == '-' || c == '*' || c == '+':
			if endsMarker(l, i+1) {
				n = 1
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j < len(l) && (l[j] == '.' || l[j] == ')') && endsMarker(l, j+1) {
				n = j + 1 - i
			}
		}
		if c != ' ' && c != '\t' && c != '\r' && n == 0 {
			break
		}
		if n > 0 {
			markers++
			i += n
		} else {
			i++
		}
		if markers > MaxMarkers {
			return 0, &LimitError{line, i - n + 1, fmt.Sprintf("more than %d block quote and list markers start this line; kith renders lists and quotes nested no deeper: flatten them", MaxMarkers)}
		}
	}
	// Blanks alone nest nothing: only a line with text is held to the indentation limit.
	if indent > MaxIndent && i < len(l) {
		return 0, &LimitError{line, i + 1, fmt.Sprintf("this line is indented %d columns; kith renders lines indented at most %d: indent it less", indent, MaxIndent)}
	}
	return i, nil
}

// endsMarker reports whether a list marker ending before i is one: followed by a blank or the
// end of the line.
func endsMarker(l []byte, i int) bool {
	return i >= len(l) || l[i] == ' ' || l[i] == '\t' || l[i] == '\r'
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
