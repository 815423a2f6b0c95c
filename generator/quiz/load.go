package quiz

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"kith/generator/diag"
	"kith/generator/sitefs"
)

// Dir is the folder of a site that holds its quizzes.
const Dir = sitefs.QuizDir

// LoadDir reads every siteDir/quizzes/<id>.toml and returns the valid quizzes by id, with the
// problems of the others. A site without a quizzes folder has no quizzes. Folders, hidden files
// (including Emacs's .#lock files) and anything not ending in .toml, such as editor swap and
// backup files (.swp, ~), are skipped.
func LoadDir(siteDir string) (map[string]*Quiz, []*diag.Diagnostic) {
	quizzes := map[string]*Quiz{}
	entries, err := os.ReadDir(filepath.Join(siteDir, Dir))
	if errors.Is(err, fs.ErrNotExist) {
		return quizzes, nil
	}
	if err != nil {
		return quizzes, []*diag.Diagnostic{diag.Errorf(Dir, 0, 0, "cannot read the quizzes folder: %v", reason(err))}
	}
	var ds []*diag.Diagnostic
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".toml") {
			continue
		}
		file := Dir + "/" + name
		data, err := sitefs.ReadFile(siteDir, file)
		if err != nil {
			ds = append(ds, diag.Errorf(file, 0, 0, "cannot read the quiz: %v", reason(err)))
			continue
		}
		id := strings.TrimSuffix(name, ".toml")
		q, problems := Parse(file, id, data)
		ds = append(ds, problems...)
		if q != nil {
			quizzes[id] = q
		}
	}
	diag.Sort(ds)
	return quizzes, ds
}

// reason drops the path from a file system error: the diagnostic already names the file.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
