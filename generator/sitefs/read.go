package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// MaxFileSize is the largest file kith reads from a site: 100 MiB, the size of file that GitHub
// Pages and most static hosts refuse anyway. A larger video or archive belongs on a host made
// for it, linked from a lesson.
const MaxFileSize = 100 << 20

// The reasons a file is refused, for errors.Is. Each refusal's message says which applies and
// what to do.
var (
	ErrOutside    = errors.New("outside the site")
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("too large")
)

// refusal is a file kith will not read: reason is one of the Err values above.
type refusal struct {
	reason error
	text   string
}

func (r *refusal) Error() string { return r.text }
func (r *refusal) Unwrap() error { return r.reason }

// Refused reports whether err is a file kith will not read (rather than one that is missing or
// unreadable).
func Refused(err error) bool {
	var r *refusal
	return errors.As(err, &r)
}

// ReadFile reads the file at rel, a slash path inside the site folder root, when it is a regular
// file inside the site no larger than MaxFileSize.
func ReadFile(root, rel string) ([]byte, error) {
	f, info, err := openInfo(root, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read no more than the cap even if the file grows while it is read, into a buffer of the
	// file's size (and a byte, to see the end), as os.ReadFile does: io.ReadAll would grow one
	// step by step, copying, and keep up to twice the size for as long as the text is kept.
	data := make([]byte, 0, info.Size()+1)
	r := io.LimitReader(f, MaxFileSize+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}

// Stat returns what ReadFile would read at rel: the file a link leads to, or a refusal.
func Stat(root, rel string) (fs.FileInfo, error) {
	real, err := resolve(root, rel)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, err
	}
	return info, readable(info)
}

// open opens rel for reading after checking it, so that a FIFO is never opened (which would wait
// for a writer forever) and a device such as /dev/zero is never read.
func open(root, rel string) (*os.File, error) {
	f, _, err := openInfo(root, rel)
	return f, err
}

// openInfo is open that also returns what the file was when opened.
func openInfo(root, rel string) (*os.File, fs.FileInfo, error) {
	real, err := resolve(root, rel)
	if err != nil {
		return nil, nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, nil, err
	}
	if err := readable(info); err != nil {
		return nil, nil, err
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, nil, err
	}
	// The path might have been replaced between the check and the open.
	now, err := f.Stat()
	if err != nil || !os.SameFile(info, now) {
		f.Close()
		return nil, nil, fmt.Errorf("the file changed while kith opened it: save it again")
	}
	return f, now, nil
}

// readable refuses what is not a regular file, or is too large.
func readable(info fs.FileInfo) error {
	switch mode := info.Mode(); {
	case mode.IsDir():
		return &refusal{ErrNotRegular, "it is a folder where kith expects a file (kith follows links to files, never to folders): move or copy the folder here instead of linking to it"}
	case !mode.IsRegular():
		return &refusal{ErrNotRegular, "it is " + kind(mode) + ", not a regular file; kith reads regular files only: replace it with a file"}
	case info.Size() > MaxFileSize:
		return tooLarge(info.Size())
	}
	return nil
}

func tooLarge(size int64) error {
	return &refusal{ErrTooLarge, fmt.Sprintf("it is larger than the %d MiB kith reads (%d MiB or more): host a file this large elsewhere and link to it", MaxFileSize>>20, size>>20)}
}

func kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// resolve returns the real path of rel inside root with every link followed, and refuses a path
// that leads out of the site, at whichever step it does. A missing file is fs.ErrNotExist; a link
// to a missing file is an error of its own, since the link itself is there to fix.
func resolve(root, rel string) (string, error) {
	if !fs.ValidPath(rel) {
		return "", &fs.PathError{Op: "open", Path: rel, Err: fs.ErrInvalid}
	}
	if root == "" {
		root = "." // as filepath.Join would read it
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", err
	}
	realRoot, err = filepath.Abs(realRoot)
	if err != nil {
		return "", err
	}
	full := filepath.Join(realRoot, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(full)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(full); lerr == nil {
			target, _ := os.Readlink(full)
			return "", fmt.Errorf("it is a link to %s, which does not exist: fix or delete the link", target)
		}
		return "", err
	}
	if err != nil {
		return "", err
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return "", err
	}
	inside, err := filepath.Rel(realRoot, real)
	if err != nil || !filepath.IsLocal(inside) {
		return "", &refusal{ErrOutside, fmt.Sprintf("it leads to %s, outside the site's folder; kith reads only files inside the site: copy the file into the site instead of linking to it", real)}
	}
	return real, nil
}

// FS returns the folder dir (a slash path inside the site folder root) as a file system that
// opens files only as ReadFile reads them. Folders are listed as they are, links included, so a
// walk sees every name and reading a refused one is an error at that name.
func FS(root, dir string) fs.FS { return siteFS{root: root, dir: dir} }

type siteFS struct{ root, dir string }

func (s siteFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	rel := path.Join(s.dir, name)
	real, err := resolve(s.root, rel)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(real); err == nil && info.IsDir() {
		return os.Open(real)
	}
	f, err := open(s.root, rel)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (s siteFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return ReadFile(s.root, path.Join(s.dir, name))
}
