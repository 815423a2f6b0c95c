package quiz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kith/generator/diag"
	"kith/internal/golden"
)

// parseCase parses testdata/<dir>/<name>.toml as quizzes/<name>.toml.
func parseCase(t *testing.T, path string) (*Quiz, []*diag.Diagnostic) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(path)
	return Parse(Dir+"/"+name, strings.TrimSuffix(name, ".toml"), data)
}

func cases(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.toml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in testdata/%s: %v", dir, err)
	}
	return paths
}

// TestInvalid parses each testdata/invalid/*.toml and expects exactly the diagnostics in the
// sibling .golden file, one a line.
func TestInvalid(t *testing.T) {
	for _, path := range cases(t, "invalid") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			q, ds := parseCase(t, path)
			if q != nil || len(ds) == 0 {
				t.Fatalf("got a quiz and %d diagnostics; want no quiz and at least one diagnostic", len(ds))
			}
			var b strings.Builder
			for _, d := range ds {
				b.WriteString(d.Error() + "\n")
			}
			golden.Check(t, strings.TrimSuffix(path, ".toml")+".golden", []byte(b.String()))
		})
	}
}

// TestValid parses each testdata/valid/*.toml and expects the model in the sibling .golden file.
func TestValid(t *testing.T) {
	for _, path := range cases(t, "valid") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			q, ds := parseCase(t, path)
			if len(ds) > 0 {
				t.Fatalf("unexpected diagnostics:\n%v", diag.Errors(ds))
			}
			got, err := json.MarshalIndent(q, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, strings.TrimSuffix(path, ".toml")+".golden", append(got, '\n'))
		})
	}
}

func TestFileIDMustBeSafe(t *testing.T) {
	src := []byte("title = \"t\"\nkind = \"knowledge\"\n[[questions]]\ntype = \"reflection\"\nprompt = \"p\"\n")
	cases := []struct{ id, want string }{
		{"Time_Audit", `quizzes/Time_Audit.toml: error: "Time_Audit" is not a safe quiz id: rename the file to time-audit.toml (quiz file names use only lowercase letters, digits and hyphens)`},
		{"week 1--intro", `quizzes/week 1--intro.toml: error: "week 1--intro" is not a safe quiz id: rename the file to week-1-intro.toml (quiz file names use only lowercase letters, digits and hyphens)`},
		{"ça", `quizzes/ça.toml: error: "ça" is not a safe quiz id: rename the file to a.toml (quiz file names use only lowercase letters, digits and hyphens)`},
		{"___", `quizzes/___.toml: error: "___" is not a safe quiz id: rename the file: quiz file names use only lowercase letters, digits and hyphens, e.g. "time-audit.toml"`},
	}
	for _, c := range cases {
		q, ds := Parse(Dir+"/"+c.id+".toml", c.id, src)
		if q != nil || len(ds) != 1 || ds[0].Error() != c.want {
			t.Errorf("id %q: got %v\nwant %s", c.id, ds, c.want)
		}
	}
	if q, ds := Parse("quizzes/week-1.toml", "week-1", src); q == nil {
		t.Errorf("week-1 rejected: %v", ds)
	}
}

func TestDerivedIDsAndShuffle(t *testing.T) {
	q, ds := parseCase(t, "testdata/valid/knowledge.toml")
	if q == nil {
		t.Fatal(diag.Errors(ds))
	}
	wantIDs := []string{"secure-base", "q2", "q3", "q4", "strange-situation", "q6"}
	wantShuffle := []bool{true, false, false, false, false, false}
	for i, question := range q.Questions {
		if question.ID != wantIDs[i] || question.Shuffle != wantShuffle[i] {
			t.Errorf("question %d: id %q shuffle %v; want %q %v", i+1, question.ID, question.Shuffle, wantIDs[i], wantShuffle[i])
		}
	}
	if q.Questions[1].Line != 27 {
		t.Errorf("question 2 on line %d; want 27", q.Questions[1].Line)
	}
}
