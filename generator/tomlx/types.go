package tomlx

import (
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// The TOML library stops at the first value of a wrong type, and names the line of the last
// key of that name, which in an array of tables is often another question's. These find every
// such value, each at its own line, and every unknown key besides, so one run reports them all.

// mismatch is a value whose type is not the one its field takes.
type mismatch struct {
	path        string // indexed: "questions[0].prompt"
	found, want string // as the TOML library names them: "int64", "string"
}

// typeMismatches compares each value written in the document with the field it decodes into.
func (ix *Index) typeMismatches(t reflect.Type) []mismatch {
	var out []mismatch
	for _, path := range ix.order {
		value, ok := ix.values[path]
		if !ok {
			continue
		}
		field := fieldType(t, strings.Split(indexRE.ReplaceAllString(path, ""), "."))
		if field == nil {
			continue
		}
		found := valueType(value)
		if want := destination(field); want != "" && found != "" && !fits(found, want) {
			out = append(out, mismatch{path, found, want})
		}
	}
	return out
}

// fieldType follows toml tags from t along a key path; nil where no field takes the key.
func fieldType(t reflect.Type, path []string) reflect.Type {
	for _, seg := range path {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		var next reflect.Type
		for i := range t.NumField() {
			f := t.Field(i)
			if name, _, _ := strings.Cut(f.Tag.Get("toml"), ","); name == seg && f.IsExported() {
				next = f.Type
			}
		}
		if next == nil {
			return nil
		}
		t = next
	}
	return t
}

// destination names a field's kind as the TOML library does in its messages.
func destination(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "slice"
	}
	return "" // tables, maps and anything else are left to the library
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}`)

// valueType tells a value's TOML type from how it starts; "" when it cannot tell.
func valueType(v string) string {
	switch {
	case v == "":
		return ""
	case v[0] == '"' || v[0] == '\'':
		return "string"
	case v[0] == '[':
		return "[]any"
	case v[0] == '{':
		return "map[string]any"
	case strings.HasPrefix(v, "true") || strings.HasPrefix(v, "false"):
		return "bool"
	case dateRE.MatchString(v):
		return "time.Time"
	case strings.ContainsAny(v[:1], "0123456789+-") || strings.HasPrefix(v, "inf") || strings.HasPrefix(v, "nan"):
		number, _, _ := strings.Cut(v, "#")
		if strings.ContainsAny(strings.TrimSpace(number), ".eE") && !strings.HasPrefix(number, "0x") || strings.Contains(number, "inf") || strings.Contains(number, "nan") {
			return "float64"
		}
		return "int64"
	}
	return ""
}

func fits(found, want string) bool {
	switch want {
	case "string":
		return found == "string"
	case "integer":
		return found == "int64"
	case "float":
		return found == "int64" || found == "float64"
	case "boolean":
		return found == "bool"
	case "slice":
		return found == "[]any"
	}
	return true
}

// unknownKeys lists the keys of a document that no field takes, reading it without the
// struct, for when decoding into the struct stopped early.
func unknownKeys(t reflect.Type, data []byte) []toml.Key {
	var generic map[string]any
	md, err := toml.Decode(string(data), &generic)
	if err != nil {
		return nil
	}
	var out []toml.Key
	seen := keySet{}
	for _, k := range md.Keys() {
		for i := range k {
			allowed := allowedKeys(t, k[:i])
			if allowed == nil {
				break // a free-form table, such as [strings]
			}
			if !slices.Contains(allowed, k[i]) && !seen.hasParent(k[:i+1]) && !seen.has(k[:i+1]) {
				out = append(out, k[:i+1])
				seen.add(k[:i+1])
				break
			}
		}
	}
	return out
}
