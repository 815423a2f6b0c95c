package content

import (
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"kith/generator/diag"
)

// checkName says what is wrong with a file or folder name under content/, or "" when nothing is.
// A name becomes part of a URL and is copied to Windows, macOS and USB drives, so it may hold
// nothing a URL gives another meaning (# starts a fragment, ? a query, % an escape) and nothing
// one of those systems refuses.
func checkName(name string) string {
	if !utf8.ValidString(name) {
		return "the name is not UTF-8 text: rename it"
	}
	for _, r := range name {
		switch {
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return "the name holds the control character " + strconv.QuoteRune(r) + ": rename it using letters, digits and hyphens"
		case strings.ContainsRune(`#?%`, r):
			return "the name holds " + strconv.QuoteRune(r) + ", which means something else in a web address (" + urlMeaning[r] + "): rename it using letters, digits and hyphens"
		case strings.ContainsRune(`\<>:"|*`, r):
			return "the name holds " + strconv.QuoteRune(r) + ", which Windows does not allow in a file name: rename it using letters, digits and hyphens"
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return "the name ends with a dot or a space, which Windows drops, so the copied site would lose the file: rename it"
	}
	base, _, _ := strings.Cut(name, ".")
	if windowsDevices[strings.ToUpper(strings.TrimRight(base, " "))] {
		return "the name " + strconv.Quote(base) + " is a device on Windows, where the site could not be copied: rename it"
	}
	return ""
}

var urlMeaning = map[rune]string{'#': "the start of an anchor", '?': "the start of a query", '%': "an escaped character"}

var windowsDevices = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// checkNames reports, at the file, every name under content/ that checkName refuses, and every
// two paths that differ only in case or Unicode normalisation: Windows and macOS keep one file
// for both, so the copied site would lose one, on whatever system it was built. rels are slash
// paths from content/ of the files kith read; their folders are checked too.
func checkNames(rels []string, list *diag.List) {
	all := map[string]bool{} // path → whether it is a folder
	for _, rel := range rels {
		all[rel] = false
		for p := path.Dir(rel); p != "."; p = path.Dir(p) {
			all[p] = true
		}
	}
	paths := make([]string, 0, len(all))
	for p := range all {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	bad := map[string]bool{} // paths already reported, whose contents are not reported again
	byKey := map[string]string{}
	for _, p := range paths {
		if bad[path.Dir(p)] {
			bad[p] = true
			continue
		}
		name := path.Join(Dir, p)
		if all[p] {
			name += "/" // a folder is named as one, without a line
		}
		if msg := checkName(path.Base(p)); msg != "" {
			list.Errorf(name, 0, 0, "%s", msg)
			bad[p] = true
			continue
		}
		key := FoldName(p)
		if first, ok := byKey[key]; ok {
			other := path.Join(Dir, first)
			if all[first] {
				other += "/"
			}
			list.Errorf(name, 0, 0, "the name differs from %s only in %s, and Windows and macOS keep one file for both: rename one of them", other, difference(first, p))
			bad[p] = true
			continue
		}
		byKey[key] = p
	}
}

func difference(a, b string) string {
	if nfd(a) == nfd(b) {
		return "how its accents are encoded (Unicode normalisation)"
	}
	return "upper and lower case"
}

// FoldName is the key under which case-insensitive, normalisation-insensitive file systems
// (Windows, macOS) store a name: two names with the same key are one file there.
func FoldName(name string) string { return strings.ToLower(nfd(name)) }

// nfd returns s in Unicode Normalization Form D: every character decomposed, combining marks in
// canonical order.
func nfd(s string) string {
	if isASCII(s) || !decomposes(s) {
		return s
	}
	var out []rune
	for _, r := range s {
		switch {
		case r < firstDecomposed:
			out = append(out, r)
		case r >= hangulBase && r < hangulBase+hangulCount:
			// Hangul syllables decompose by arithmetic rather than by table.
			i := r - hangulBase
			out = append(out, 0x1100+i/(21*28), 0x1161+i%(21*28)/28)
			if t := i % 28; t != 0 {
				out = append(out, 0x11A7+t)
			}
		case nfdTable[r] != "":
			out = append(out, []rune(nfdTable[r])...)
		default:
			out = append(out, r)
		}
	}
	// Order each run of combining marks by class; the sort is stable, as the standard requires.
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && combiningClass[out[j]] != 0 {
			j++
		}
		if j > i+1 {
			run := out[i:j]
			sort.SliceStable(run, func(a, b int) bool { return combiningClass[run[a]] < combiningClass[run[b]] })
		}
		i = max(j, i+1)
	}
	return string(out)
}

const (
	hangulBase  = 0xAC00
	hangulCount = 11172
	// firstDecomposed is À, the first character that decomposes; no combining mark comes before it either.
	firstDecomposed = 0xC0
)

// decomposes reports whether nfd could change s: it holds a character that decomposes, a
// combining mark, or bytes that are not UTF-8. Most text, even with curly quotes or dashes,
// holds none, and the search index normalises every word of every page.
func decomposes(s string) bool {
	for _, r := range s {
		switch {
		case r < firstDecomposed:
		case r == utf8.RuneError, r >= hangulBase && r < hangulBase+hangulCount, nfdTable[r] != "", combiningClass[r] != 0:
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
