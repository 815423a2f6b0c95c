// Package tomlx decodes TOML strictly, the way kith reads every author file: a syntax error, a value
// of the wrong type and a key nobody expects are each reported with the line and column where the
// author wrote them, and with the keys that are allowed there.
package tomlx

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"kith/generator/diag"
)

// Decode decodes data into v, which must be a pointer to a struct with toml tags. file names the
// file in messages; firstLine is the file's line on which data starts (1 for a whole file, 2 for
// front matter after its opening +++). It returns every problem it finds, or nil. A document
// larger than MaxSize or nested deeper than MaxDepth is refused before the TOML library reads it.
func Decode(file string, data []byte, firstLine int, v any) []*diag.Diagnostic {
	if p, msg := overLimit(data); msg != "" {
		return []*diag.Diagnostic{diag.Errorf(file, p.Line+firstLine-1, p.Col, "%s", msg)}
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(v)
	undecoded := md.Undecoded()
	var miscased [][2]string
	if err == nil {
		miscased = caseMismatches(reflect.TypeOf(v), md.Keys())
	}
	if err == nil && len(undecoded) == 0 && len(miscased) == 0 {
		return nil
	}
	idx := Locate(data)
	at := func(line, col int, format string, args ...any) *diag.Diagnostic {
		// The TOML library places an error at the very end of the input on line 0.
		if line < 1 {
			line, col = strings.Count(string(data), "\n")+1, 1
		}
		return diag.Errorf(file, line+firstLine-1, col, format, args...)
	}
	if err != nil {
		if typeRE.MatchString(err.Error()) {
			if ds := everyTypeError(reflect.TypeOf(v), data, idx, at); len(ds) > 0 {
				return ds
			}
		}
		return []*diag.Diagnostic{decodeError(err, idx, at)}
	}
	var out []*diag.Diagnostic
	for _, m := range miscased {
		p, ok := idx.Pos(strings.Split(m[0], "."))
		if !ok {
			p = Pos{Line: 1, Col: 1}
		}
		out = append(out, at(p.Line, p.Col, "key %q must be written %q: TOML keys are case-sensitive", m[0][strings.LastIndex(m[0], ".")+1:], m[1]))
	}
	out = append(out, unknownKeyErrors(reflect.TypeOf(v), undecoded, idx, at)...)
	return out
}

// unknownKeyErrors reports keys no field takes, each where it is written, with the key meant.
func unknownKeyErrors(t reflect.Type, undecoded []toml.Key, idx *Index, at func(int, int, string, ...any) *diag.Diagnostic) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	unknown := keySet{}
	for _, k := range undecoded {
		unknown.add(k)
	}
	reported := keySet{}
	for _, k := range undecoded {
		// A key below an unknown table is reported once, at the table; a key of many tables
		// (the library names it once for each) once at each place it is written.
		if unknown.hasParent(k) || reported.has(k) {
			continue
		}
		reported.add(k)
		name := k[len(k)-1]
		allowed := allowedKeys(t, k[:len(k)-1])
		msg := fmt.Sprintf("unknown key %q", name)
		if len(k) > 1 {
			msg += fmt.Sprintf(" in [%s]", strings.Join(k[:len(k)-1], "."))
		}
		if s := Suggest(name, allowed); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else if len(allowed) > 0 {
			msg += "; the keys allowed here are " + strings.Join(allowed, ", ")
		}
		positions := idx.Find(k)
		if len(positions) == 0 {
			positions = []Pos{{Line: 1, Col: 1}}
		}
		for _, p := range positions {
			out = append(out, at(p.Line, p.Col, "%s", msg))
		}
	}
	return out
}

// everyTypeError reports each value of a wrong type at its own line, and the unknown keys
// besides, once decoding has stopped at the first of them.
func everyTypeError(t reflect.Type, data []byte, idx *Index, at func(int, int, string, ...any) *diag.Diagnostic) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	for _, m := range idx.typeMismatches(t) {
		p, _ := idx.At(m.path)
		key := indexRE.ReplaceAllString(m.path, "")
		out = append(out, at(p.Line, p.Col, "%s: %s", key,
			friendlyType(key, "incompatible types: TOML value has type "+m.found+"; destination has type "+m.want)))
	}
	out = append(out, unknownKeyErrors(t, unknownKeys(t, data), idx, at)...)
	diag.Sort(out)
	return out
}

// keySet holds keys for lookups that stay linear in the number of keys: a file may hold
// thousands, and comparing each with each took minutes.
type keySet map[string]bool

func keyString(k toml.Key) string { return strings.Join(k, "\x00") }

func (s keySet) add(k toml.Key) { s[keyString(k)] = true }

func (s keySet) has(k toml.Key) bool { return s[keyString(k)] }

// hasParent reports whether the set holds a table above k.
func (s keySet) hasParent(k toml.Key) bool {
	for i := 1; i < len(k); i++ {
		if s.has(k[:i]) {
			return true
		}
	}
	return false
}

var lineRE = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)

func decodeError(err error, idx *Index, at func(int, int, string, ...any) *diag.Diagnostic) *diag.Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.LastKey != "" && !strings.Contains(msg, pe.LastKey) {
			msg = fmt.Sprintf("%s (at key %q)", msg, pe.LastKey)
		}
		return at(pe.Position.Line, pe.Position.Col, "TOML syntax: %s", msg)
	}
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		col := 1
		if p, ok := idx.Pos(strings.Split(m[2], ".")); ok && p.Line == line {
			col = p.Col
		}
		msg := m[3]
		if m[2] != "" {
			msg = fmt.Sprintf("%s: %s", m[2], friendlyType(m[2], msg))
		}
		return at(line, col, "%s", msg)
	}
	return at(1, 1, "%s", strings.TrimPrefix(err.Error(), "toml: "))
}

var typeRE = regexp.MustCompile(`incompatible types: TOML value has type (\S+); destination has type (\S+)`)

// friendlyType rewords the TOML library's type mismatch in an author's terms, with the fix.
func friendlyType(key, msg string) string {
	m := typeRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	found := map[string]string{"int64": "a number", "float64": "a number", "string": "text in quotes",
		"bool": "true or false", "time.Time": "a date", "[]any": "a list", "[]interface": "a list",
		"map[string]any": "a table", "map[string]interface": "a table"}[strings.TrimSuffix(m[1], " {}")]
	if found == "" {
		found = m[1]
	}
	name := key[strings.LastIndex(key, ".")+1:]
	switch m[2] {
	case "string":
		return fmt.Sprintf("expected text in quotes, found %s: write %s = \"...\"", found, name)
	case "integer":
		return fmt.Sprintf("expected a whole number, found %s: write it without quotes, as %s = 2", found, name)
	case "float":
		return fmt.Sprintf("expected a number, found %s: write it without quotes, as %s = 2.5", found, name)
	case "boolean":
		return fmt.Sprintf("expected true or false, found %s: write %s = true or %s = false, without quotes", found, name, name)
	case "slice":
		return fmt.Sprintf("expected a list, found %s: write %s = [\"...\", \"...\"]", found, name)
	}
	return fmt.Sprintf("expected %s, found %s", m[2], found)
}

// caseMismatches finds keys that the TOML library matched to a field whatever their case, as
// it does, although TOML keys are case-sensitive and kith's documentation names them in lower case.
func caseMismatches(t reflect.Type, keys []toml.Key) [][2]string {
	var out [][2]string
	for _, k := range keys {
		for i, part := range k {
			allowed := allowedKeys(t, k[:i])
			if allowed == nil || slices.Contains(allowed, part) {
				if allowed == nil {
					break
				}
				continue
			}
			for _, a := range allowed {
				if strings.EqualFold(a, part) {
					out = append(out, [2]string{strings.Join(k[:i+1], "."), a})
				}
			}
			break
		}
	}
	return out
}

// allowedKeys lists the toml keys of the struct reached from t by following path.
func allowedKeys(t reflect.Type, path []string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	if len(path) > 0 {
		ft, ok := fields[path[0]]
		if !ok {
			return nil
		}
		return allowedKeys(ft, path[1:])
	}
	sort.Strings(names)
	return names
}

// Suggest returns the candidate closest to name, if it is close enough to be a typo, or "".
func Suggest(name string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := distance(strings.ToLower(name), a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
