package tomlx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestDecodeRefusesWhatWouldExhaustTheMachine decodes the inputs of issue 11: each used to take
// hundreds of megabytes or seconds in the TOML library (4,000 levels of {a= took 770 MB and
// 2.4 s), and must now be refused at once, at the line where it goes too deep.
func TestDecodeRefusesWhatWouldExhaustTheMachine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src, want string
	}{
		{"4,000 nested inline tables", "title = \"x\"\nx = " + strings.Repeat("{a=", 4000) + "1" + strings.Repeat("}", 4000),
			"f.toml:2:"},
		{"8,000 nested inline tables", "x = " + strings.Repeat("{a=", 8000) + "1" + strings.Repeat("}", 8000),
			"f.toml:1:"},
		{"nested inline tables never closed", "x = " + strings.Repeat("{a=", 8000), "f.toml:1:"},
		{"50,000 nested arrays", "\n\nx = " + strings.Repeat("[", 50000) + "1" + strings.Repeat("]", 50000),
			"f.toml:3:"},
		{"nested arrays over many lines", "x = " + strings.Repeat("[\n", 100) + "1" + strings.Repeat("]", 100),
			"f.toml:16:"},
		{"a dotted key of 4,000 parts", strings.Repeat("a.", 4000) + "a = 1", fmt.Sprintf("f.toml:1:%d:", 2*MaxDepth+1)},
		{"a table header of 4,000 parts", "[" + strings.Repeat("a.", 4000) + "a]\nb = 1", "f.toml:1:"},
		{"an array-of-tables header of 4,000 parts", "[[" + strings.Repeat("\"a\".", 4000) + "a]]", "f.toml:1:"},
		{"a deep header and a deep key add up", "[" + strings.Repeat("a.", 9) + "a]\n" + strings.Repeat("b.", 9) + "b = 1", "f.toml:2:"},
		{"more than 128 KiB", "x = \"" + strings.Repeat("a", MaxSize) + "\"", "f.toml:1:1:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var m map[string]any
			ds := Decode("f.toml", []byte(c.src), 1, &m)
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics %v; want one refusing the file", len(ds), ds)
			}
			got := ds[0].Error()
			if !strings.HasPrefix(got, c.want) || !strings.Contains(got, "kith reads") {
				t.Errorf("got  %q\nwant %q... saying what kith reads", got, c.want)
			}
			// Generous for a loaded machine: the scan is linear and takes microseconds.
		})
	}
}

// TestDecodeAcceptsDepthUpToTheLimit checks that the count is exact at the limit and that
// brackets in strings and comments are not counted, so that real files are never refused.
func TestDecodeAcceptsDepthUpToTheLimit(t *testing.T) {
	t.Parallel()
	accepted := map[string]string{
		// x counts one, and each {a= two: a brace and a key.
		"inline tables to the limit": "x = " + strings.Repeat("{a=", (MaxDepth-1)/2) + "1" + strings.Repeat("}", (MaxDepth-1)/2),
		"arrays to the limit":        "x = " + strings.Repeat("[", MaxDepth-1) + "1" + strings.Repeat("]", MaxDepth-1),
		"a header to the limit":      "[" + strings.Repeat("a.", MaxDepth-1) + "a]\n",
		"brackets in strings": "x = \"" + strings.Repeat("[{", 100) + "\"\ny = '" + strings.Repeat("[", 100) +
			"'\nz = \"\"\"\n" + strings.Repeat("[\n", 100) + "\"\"\"\nw = '''" + strings.Repeat("{", 100) + "'''\n",
		"brackets in comments":  "# " + strings.Repeat("[", 100) + "\nx = 1 # " + strings.Repeat("{", 100) + "\n",
		"dots in quoted keys":   "\"" + strings.Repeat("a.", 100) + "\" = 1\n[\"" + strings.Repeat("b.", 100) + "\"]\n",
		"escaped quotes":        "x = \"\\\"" + strings.Repeat("[", 100) + "\"\n",
		"many shallow sections": strings.Repeat("[[questions]]\nprompt = \"x\"\n[[questions.options]]\ntext = \"y\"\n", 1000),
		"a wide inline table":   "x = {a = [1, [2, {b = 3}]], c = {d = 4}, e.f = 5}\n",
	}
	for name, src := range accepted {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if p, msg := overLimit([]byte(src)); msg != "" {
				t.Fatalf("refused at %v: %s", p, msg)
			}
			var m map[string]any
			if _, err := toml.Decode(src, &m); err != nil {
				t.Fatalf("the case is not valid TOML: %v", err)
			}
		})
	}
	refused := map[string]string{
		"inline tables one past": "x = " + strings.Repeat("{a=", (MaxDepth+1)/2) + "1" + strings.Repeat("}", (MaxDepth+1)/2),
		"arrays one past":        "x = " + strings.Repeat("[", MaxDepth) + "1" + strings.Repeat("]", MaxDepth),
		"a header one past":      "[" + strings.Repeat("a.", MaxDepth) + "a]\n",
		"a dotted key one past":  strings.Repeat("a.", MaxDepth) + "a = 1\n",
	}
	for name, src := range refused {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var m map[string]any
			if ds := Decode("f.toml", []byte(src), 1, &m); len(ds) != 1 || !strings.Contains(ds[0].Message, fmt.Sprintf("more than %d levels", MaxDepth)) {
				t.Fatalf("got %v; want the depth refused", ds)
			}
		})
	}
}

// TestDecodePlacesTheLimitInFrontMatter checks that the line is the file's, not the front matter's.
func TestDecodePlacesTheLimitInFrontMatter(t *testing.T) {
	t.Parallel()
	var m map[string]any
	src := "title = \"x\"\nx = " + strings.Repeat("[", 100)
	ds := Decode("content/a.md", []byte(src), 2, &m)
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), fmt.Sprintf("content/a.md:3:%d: error:", len("x = ")+MaxDepth)) {
		t.Fatalf("got %v", ds)
	}
}

// FuzzDepthLimit checks the promise the scan makes: whatever it lets through nests no deeper in
// the TOML library's own reading than MaxDepth, so no accepted input costs the library more than
// a document of that depth does.
func FuzzDepthLimit(f *testing.F) {
	for _, s := range []string{
		"x = {a={a={a=1}}}", "x = [[[[1]]]]", "a.b.c.d = 1", "[a.b.c]\nd.e = [{f = 1}]",
		"[[a.b]]\n[[a.b.c]]\nx = 1", "x = \"[[[\" # [[[\ny = '''\n[[[\n'''", "x = \"\"\"a\\\n[[\"\"\"\n",
		"x = [\n  1, # ]\n  [2],\n]\n", "\"a.b\".'c' = {d = 1,}", "x = {\n a = [\n {b = 1}\n ]\n}",
		strings.Repeat("[", 40), "x = " + strings.Repeat("{a=", 40), "[a]]\n[[b]\nc=[]]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, msg := overLimit(data); msg != "" {
			return
		}
		var m map[string]any
		if _, err := toml.Decode(string(data), &m); err != nil {
			return
		}
		if d := depth(m) - 1; d > MaxDepth {
			t.Fatalf("accepted a document %d levels deep:\n%q", d, data)
		}
	})
}

// depth counts the tables and arrays of a decoded value, itself included.
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, depth(e))
		}
	case []map[string]any:
		for _, e := range v {
			d = max(d, depth(e))
		}
	case []any:
		for _, e := range v {
			d = max(d, depth(e))
		}
	default:
		return 0
	}
	return d + 1
}

// BenchmarkWorstCase decodes the costliest documents the limits let through; the README gives
// its figures.
func BenchmarkWorstCase(b *testing.B) {
	fill := func(entry func(i int) string) string {
		var s strings.Builder
		for i := 0; ; i++ {
			e := entry(i)
			if s.Len()+len(e) > MaxSize {
				return s.String()
			}
			s.WriteString(e)
		}
	}
	cases := map[string]string{
		"deep inline tables": fill(func(i int) string {
			return fmt.Sprintf("k%d = %s1%s\n", i, strings.Repeat("{a=", (MaxDepth-1)/2), strings.Repeat("}", (MaxDepth-1)/2))
		}),
		"deep dotted keys": fill(func(i int) string { return fmt.Sprintf("k%d.%s = 1\n", i, strings.Repeat("a.", MaxDepth-2)+"a") }),
		"many tables":      fill(func(i int) string { return fmt.Sprintf("[t%d]\na = 1\n", i) }),
		"many questions":   fill(func(int) string { return "[[questions]]\nprompt = \"x\"\n[[questions.options]]\ntext = \"y\"\n" }),
	}
	for name, src := range cases {
		if _, msg := overLimit([]byte(src)); msg != "" {
			b.Fatalf("%s: refused: %s", name, msg)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				var m map[string]any
				if _, err := toml.Decode(src, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
