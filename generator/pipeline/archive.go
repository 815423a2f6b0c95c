package pipeline

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"kith/generator/diag"
	"kith/generator/quiz"
	"kith/generator/render"
	"kith/generator/scorm"
	"kith/generator/site"
)

// Archive is the kind of zip BuildArchive writes.
type Archive int

const (
	// Zip is the site as one zip: unzipped anywhere and opened from disk, it works.
	Zip Archive = iota
	// SCORM is one SCORM 1.2 package: the site in a launch page that reports to an LMS.
	SCORM
)

// modified is every zip entry's time, so that the same site always gives the same bytes.
var modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// BuildArchive builds the site as Build does, as the portable build (every link names its
// index.html), into the zip file at file instead of a folder. The zip is written beside file and
// renamed over it only when complete, and an existing file is replaced only if it is a zip.
func BuildArchive(opts site.Options, file string, kind Archive) (Result, error) {
	start := time.Now()
	opts = opts.WithDefaults()
	opts.Portable = true
	res := Result{Dest: file}
	if err := checkZipDest(opts.Source, file); err != nil {
		return res, diag.Errors{{Message: err.Error()}}
	}
	var list diag.List
	s, outs := Prepare(opts, &list)
	if s == nil {
		res.Warnings = list.Warnings()
		return res, list.Err()
	}
	mem := &memSink{files: map[string][]byte{}}
	reports, diags := renderInto(render.New(s), outs, nil, mem)
	list.Add(slices.Concat(diags...)...)
	CheckAcross(s, reports, &list)
	if kind == SCORM {
		addSCORM(s, outs, mem.files, &list)
	}
	res.Warnings = list.Warnings()
	if err := list.Err(); err != nil {
		return res, err
	}
	if err := writeZip(file, mem.files); err != nil {
		return res, diag.Errors{{File: file, Message: err.Error()}}
	}
	res.Counts = CountOf(s, outs)
	res.Duration = time.Since(start)
	return res, nil
}

// addSCORM adds the launch page, privacy page and manifest of a SCORM package to files.
func addSCORM(s *site.Site, outs []site.Output, files map[string][]byte, list *diag.List) {
	for _, o := range outs {
		if p := scorm.Taken([]string{o.Path}); p != "" {
			list.Errorf(o.Source(), 0, 0, "writes %s, where a SCORM package keeps its launch page and manifest: rename the file or folder, or give the page a different slug", p)
		}
	}
	if list.Err() != nil {
		return
	}
	checks := map[string]int{}
	reflections := map[string][]string{}
	for id, q := range s.Quizzes {
		if q.Kind == quiz.Knowledge {
			checks[id] = q.MaxScore()
			for _, question := range q.Questions {
				if question.Type == quiz.Reflection {
					reflections[id] = append(reflections[id], question.ID)
				}
			}
		}
	}
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	pkg := scorm.Package{Title: s.Config.Title, Language: s.Config.Language, MasteryScore: s.Config.MasteryScore,
		Checks: checks, Reflections: reflections, Style: s.Theme.AssetPath("style.css"), Strings: s.Theme.Strings}
	extra, err := pkg.Files(names)
	if err != nil {
		list.Errorf("", 0, 0, "cannot make the SCORM package: %v", err)
		return
	}
	for p, b := range extra {
		files[p] = b
	}
}

// checkZipDest refuses a zip destination where writing it would destroy an author's work or
// feed the zip into the next build.
func checkZipDest(source, file string) error {
	if !strings.EqualFold(filepath.Ext(file), ".zip") {
		return fmt.Errorf("%s does not end in .zip: name the file to write, such as toolkit.zip", file)
	}
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	for _, inside := range []string{"content", "quizzes", "themes"} {
		if strings.HasPrefix(dst, filepath.Join(src, inside)+string(filepath.Separator)) {
			return fmt.Errorf("%s is inside the site's %s/ folder, so it would become part of the site; write it elsewhere, such as %s", file, inside, filepath.Join(source, filepath.Base(file)))
		}
	}
	st, err := os.Stat(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a folder; name the zip file to write, such as %s", file, filepath.Join(file, "toolkit.zip"))
	}
	if !isZip(file) {
		return fmt.Errorf("%s exists and is not a zip; kith replaces only a zip it could have written, so choose another name, or move the file away yourself", file)
	}
	return nil
}

// isZip reports whether the file starts as a zip does: a local file header, or the end record
// of an empty zip.
func isZip(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return string(head) == "PK\x03\x04" || string(head) == "PK\x05\x06"
}

// writeZip writes files, sorted by path and with fixed times, to a temporary file beside file
// and renames it over file once complete.
func writeZip(file string, files map[string][]byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("cannot create the zip's folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".kith-new-")
	if err != nil {
		return fmt.Errorf("cannot create the zip: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	sort.Strings(names)
	zw := zip.NewWriter(tmp)
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := w.Write(files[name]); err != nil {
			return fmt.Errorf("cannot write the zip: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("cannot write the zip: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write the zip: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write the zip: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("cannot put the zip in place: %w", err)
	}
	return nil
}
