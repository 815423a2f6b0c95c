package tomlx

import (
	"strings"
	"testing"
)

type option struct {
	Text    string `toml:"text"`
	Correct bool   `toml:"correct"`
}

type question struct {
	Type    string   `toml:"type"`
	Prompt  string   `toml:"prompt"`
	Options []option `toml:"options"`
}

type quizFile struct {
	Title     string     `toml:"title"`
	Weight    int        `toml:"weight"`
	Questions []question `toml:"questions"`
}

func TestDecodeReportsPositions(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"unknown top-level key with suggestion", "title = \"x\"\ntitel = \"y\"\n",
			`f.toml:2:1: error: unknown key "titel"; did you mean "title"?`},
		{"unknown key lists allowed keys", "title = \"x\"\nauthor = \"y\"\n",
			`f.toml:2:1: error: unknown key "author"; the keys allowed here are questions, title, weight`},
		{"unknown key in second array element", "[[questions]]\ntype = \"single\"\n\n[[questions]]\n  type = \"single\"\n  [[questions.options]]\n  txt = \"a\"\n",
			`f.toml:7:3: error: unknown key "txt" in [questions.options]; did you mean "text"?`},
		{"wrong type", "title = \"x\"\nweight = \"heavy\"\n",
			`f.toml:2:1: error: weight: expected a whole number, found text in quotes: write it without quotes, as weight = 2`},
		{"a number where text belongs", "title = 45\n",
			`f.toml:1:1: error: title: expected text in quotes, found a number: write title = "..."`},
		{"key in the wrong case", "title = \"x\"\nWeight = 2\n",
			`f.toml:2:1: error: key "Weight" must be written "weight": TOML keys are case-sensitive`},
		{"nested key in the wrong case", "[[questions]]\n  Type = \"single\"\n",
			`f.toml:2:3: error: key "Type" must be written "type": TOML keys are case-sensitive`},
		{"wrong type in the first of several tables, at its own line", "[[questions]]\ntype = 7\n\n[[questions]]\ntype = \"single\"\n",
			`f.toml:2:1: error: questions.type: expected text in quotes, found a number: write type = "..."`},
		{"syntax error", "title = \"x\nweight = 1\n",
			`f.toml:1:`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var q quizFile
			ds := Decode("f.toml", []byte(c.src), 1, &q)
			if len(ds) == 0 {
				t.Fatalf("no diagnostic; want %q", c.want)
			}
			if got := ds[0].Error(); !strings.HasPrefix(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestDecodeOffsetsFrontMatterLines(t *testing.T) {
	var q quizFile
	ds := Decode("content/a.md", []byte("title = \"x\"\nwieght = 2\n"), 2, &q)
	if len(ds) != 1 || ds[0].Line != 3 {
		t.Fatalf("got %v; want one error on line 3", ds)
	}
}

func TestLocateSkipsMultilineValues(t *testing.T) {
	src := "intro = \"\"\"\nfake = 1\n\"\"\"\nlist = [\n  \"a = b\",\n]\n[[questions]]\nprompt = \"p\"\n[[questions]]\nprompt = \"q\"\n"
	ix := Locate([]byte(src))
	if _, ok := ix.At("fake"); ok {
		t.Error("a line inside a multi-line string was taken for a key")
	}
	if p, _ := ix.At("questions[1].prompt"); p.Line != 10 {
		t.Errorf("questions[1].prompt at line %d; want 10", p.Line)
	}
}

func FuzzLocate(f *testing.F) {
	f.Add("[[a]]\nb = [\n1,\n]\n[a.c]\n'd'.e = \"\"\"x\"\"\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		Locate([]byte(s))
		var q quizFile
		Decode("f.toml", []byte(s), 1, &q)
	})
}

// TestDecodeReportsEveryTypeError: the TOML library stops at the first value of a wrong type;
// an author fixing a file wants every one, and the unknown keys besides, in one run.
func TestDecodeReportsEveryTypeError(t *testing.T) {
	src := "title = 5\nweigth = 2\n\n[[questions]]\ntype = \"single\"\n  [[questions.options]]\n  text = \"a\"\n  correct = \"yes\"\n\n" +
		"[[questions]]\ntype = \"single\"\n  [[questions.options]]\n  text = 5\n  correct = \"no\"\n"
	var q quizFile
	var got []string
	for _, d := range Decode("f.toml", []byte(src), 1, &q) {
		got = append(got, d.Error())
	}
	want := []string{
		`f.toml:1:1: error: title: expected text in quotes, found a number: write title = "..."`,
		`f.toml:2:1: error: unknown key "weigth"; did you mean "weight"?`,
		`f.toml:8:3: error: questions.options.correct: expected true or false, found text in quotes: write correct = true or correct = false, without quotes`,
		`f.toml:13:3: error: questions.options.text: expected text in quotes, found a number: write text = "..."`,
		`f.toml:14:3: error: questions.options.correct: expected true or false, found text in quotes: write correct = true or correct = false, without quotes`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("title = 5\nweigth = 2\n[[questions]]\ntype = 7\n  [[questions.options]]\n  correct = \"yes\"\n")
	f.Add("title = \"x\"\nWeight = 1979-05-27\n[questions]\n")
	f.Fuzz(func(t *testing.T, src string) {
		var q quizFile
		for _, d := range Decode("f.toml", []byte(src), 1, &q) {
			if d.Line < 1 || d.Col < 1 {
				t.Errorf("a problem without a position: %s", d.Error())
			}
		}
	})
}

// TestDecodeReportsThousandsOfUnknownKeysQuickly: every key of a large file misspelt used to
// take minutes to report, each compared with each.
func TestDecodeReportsThousandsOfUnknownKeysQuickly(t *testing.T) {
	t.Parallel()
	src := strings.Repeat("[[questions]]\nprompt = \"x\"\n[[questions.options]]\ntxt = \"y\"\n", 2000)
	var q quizFile
	ds := Decode("f.toml", []byte(src), 1, &q)
	if len(ds) != 2000 {
		t.Fatalf("got %d diagnostics; want 2000, one for each txt", len(ds))
	}
	if want := `f.toml:8000:1: error: unknown key "txt" in [questions.options]; did you mean "text"?`; ds[1999].Error() != want {
		t.Errorf("got  %q\nwant %q", ds[1999].Error(), want)
	}
}
