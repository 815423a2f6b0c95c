package content

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"kith/generator/diag"
)

// checkText finds the first byte of a page that is not text: a byte that is not UTF-8, or a
// control character other than tab and the line ends. Such a byte shows as a box or nothing in
// the browser, or cuts a line short, and is most often a file saved in an old encoding.
func checkText(file string, src []byte) *diag.Diagnostic {
	line, col := 1, 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		col++
		switch {
		case r == utf8.RuneError && size == 1:
			return diag.Errorf(file, line, col, "byte 0x%02x is not UTF-8 text: save the file as UTF-8 (your editor's \"Save with encoding\" or \"Reopen with encoding\")", src[i])
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r':
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return diag.Errorf(file, line, col, "the file holds the control character %s, which readers cannot see: delete it (it often comes with text pasted from a PDF or a word processor)", fmt.Sprintf("U+%04X", r))
		}
		i += size
	}
	return nil
}

// normalizeNewlines turns Windows (CRLF) and old Mac (CR) line ends into LF, so a page reads
// the same whatever editor saved it, and no \r reaches the HTML. Lines keep their numbers.
func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(out, []byte("\r"), []byte("\n"))
}
