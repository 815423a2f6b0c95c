package build

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"kith/generator/diag"
	"kith/generator/sitefs"
)

// dirSink writes outputs under a folder, refusing any path that would leave it. It remembers
// the folders it made, since a site's pages share most of them.
type dirSink struct {
	root string
	made sync.Map
}

func (d *dirSink) Write(p string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(p)) {
		return fmt.Errorf("output path %q leaves the destination", p)
	}
	full := filepath.Join(d.root, filepath.FromSlash(p))
	dir := filepath.Dir(full)
	if _, ok := d.made.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.made.Store(dir, true)
	}
	return os.WriteFile(full, data, 0o644)
}

func (s *Site) copyFile(o Output, buf *bytes.Buffer) *diag.Diagnostic {
	data, err := sitefs.ReadFile(s.Dir, o.File)
	if err != nil {
		return diag.Errorf(o.File, 0, 0, "cannot read: %v", err)
	}
	buf.Write(data)
	return nil
}

func (s *Site) sitemap(buf *bytes.Buffer) {
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	add := func(p string) {
		buf.WriteString("<url><loc>")
		_ = xml.EscapeText(buf, []byte(s.Config.BaseURL+p))
		buf.WriteString("</loc></url>\n")
	}
	for _, p := range s.Content.Pages {
		add(p.Path)
	}
	for _, id := range s.quizIDs() {
		add(quizPath(id))
	}
	buf.WriteString("</urlset>\n")
}

// checkDest refuses destinations where replacing the folder would destroy an author's work.
func checkDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return fmt.Errorf("the destination %s holds the site itself; choose a folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, inside := range []string{"content", "quizzes", "themes"} {
		if strings.HasPrefix(dst+string(filepath.Separator), filepath.Join(src, inside)+string(filepath.Separator)) {
			return fmt.Errorf("the destination %s is inside the site's %s/ folder; choose another folder", dest, inside)
		}
	}
	for _, marker := range []string{"site.toml", ".git", "go.mod", "content"} {
		if _, err := os.Stat(filepath.Join(dst, marker)); err == nil {
			return fmt.Errorf("the destination %s contains %s and does not look like a build output; kith replaces its destination, so choose an empty or new folder", dest, marker)
		}
	}
	// Anything else must be empty or look like a built site, since all of it is replaced.
	entries, err := os.ReadDir(dst)
	if err != nil || len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dst, "index.html")); err != nil {
		return fmt.Errorf("the destination %s is not empty and holds no index.html, so it does not look like a built site; kith replaces its destination entirely, so choose an empty or new folder", dest)
	}
	return nil
}

// stage returns a new empty folder beside dest to build into.
func stage(dest string) (string, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(parent, "."+filepath.Base(dest)+".kith-new-")
}

// swap replaces dest with the staged folder. The old output is moved aside first and removed
// only after the new one is in place.
func swap(staged, dest string) error {
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = staged + "-old"
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("cannot move the previous output aside: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(staged, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return fmt.Errorf("cannot put the new output in place: %w", err)
	}
	if err := os.Chmod(dest, 0o755); err != nil {
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
