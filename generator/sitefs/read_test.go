package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// site makes a site folder holding content/page.md, and a secret file beside it, outside.
func site(t *testing.T) (root, secret string) {
	t.Helper()
	parent := t.TempDir()
	root = filepath.Join(parent, "site")
	if err := os.MkdirAll(filepath.Join(root, "content", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "page.md"), []byte("inside"), 0o644); err != nil {
		t.Fatal(err)
	}
	secret = filepath.Join(parent, "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, secret
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("this system cannot make symbolic links: %v", err)
	}
}

func TestReadFileReadsRegularFilesInside(t *testing.T) {
	root, _ := site(t)
	data, err := ReadFile(root, "content/page.md")
	if err != nil || string(data) != "inside" {
		t.Fatalf("ReadFile = %q, %v; want the file's bytes", data, err)
	}
	t.Chdir(root)
	if data, err := ReadFile("", "content/page.md"); err != nil || string(data) != "inside" {
		t.Errorf("ReadFile from the working folder = %q, %v; want the file's bytes", data, err)
	}
	if _, err := ReadFile(root, "content/missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file gave %v, not fs.ErrNotExist", err)
	}
}

func TestLinksLeavingTheSiteAreRefused(t *testing.T) {
	root, secret := site(t)
	symlink(t, secret, filepath.Join(root, "content", "credits.txt"))
	symlink(t, filepath.Join("..", "..", "..", "secret.txt"), filepath.Join(root, "content", "sub", "relative.txt"))
	symlink(t, filepath.Dir(secret), filepath.Join(root, "content", "outdir"))
	for _, rel := range []string{"content/credits.txt", "content/sub/relative.txt", "content/outdir/secret.txt"} {
		data, err := ReadFile(root, rel)
		if !errors.Is(err, ErrOutside) || !Refused(err) {
			t.Errorf("%s: ReadFile = %q, %v; want a refusal for leaving the site", rel, data, err)
			continue
		}
		if strings.Contains(string(data), "SECRET") {
			t.Errorf("%s: the secret was read", rel)
		}
		if !strings.Contains(err.Error(), "outside the site") || !strings.Contains(err.Error(), "copy the file into the site") {
			t.Errorf("%s: the message %q does not say what is wrong and what to do", rel, err)
		}
		if _, err := Stat(root, rel); !errors.Is(err, ErrOutside) {
			t.Errorf("%s: Stat = %v; want the same refusal", rel, err)
		}
	}
}

func TestLinksStayingInsideAreFollowed(t *testing.T) {
	root, _ := site(t)
	symlink(t, filepath.Join("..", "page.md"), filepath.Join(root, "content", "sub", "again.md"))
	if data, err := ReadFile(root, "content/sub/again.md"); err != nil || string(data) != "inside" {
		t.Errorf("a link to a file inside the site gave %q, %v", data, err)
	}
	symlink(t, "sub", filepath.Join(root, "content", "linkeddir"))
	if _, err := ReadFile(root, "content/linkeddir"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a link to a folder gave %v; want a refusal", err)
	}
	symlink(t, "nowhere.md", filepath.Join(root, "content", "dangling.md"))
	if _, err := ReadFile(root, "content/dangling.md"); err == nil || errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "nowhere.md, which does not exist") {
		t.Errorf("a dangling link gave %v; want an error naming its target, not a missing file", err)
	}
}

func TestTheSiteFolderMayItselfBeALink(t *testing.T) {
	root, _ := site(t)
	alias := filepath.Join(t.TempDir(), "alias")
	symlink(t, root, alias)
	if data, err := ReadFile(alias, "content/page.md"); err != nil || string(data) != "inside" {
		t.Errorf("a site reached through a link could not be read: %q, %v", data, err)
	}
}

func TestFilesOverTheCapAreRefused(t *testing.T) {
	root, _ := site(t)
	big := filepath.Join(root, "content", "big.bin")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: the size is there, the disk space is not.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := ReadFile(root, "content/big.bin"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "100 MiB") {
		t.Errorf("a file over the cap gave %v; want a refusal naming the cap", err)
	}
}

func TestFSOpensOnlyWhatReadFileReads(t *testing.T) {
	root, secret := site(t)
	symlink(t, secret, filepath.Join(root, "content", "credits.txt"))
	fsys := FS(root, "content")
	if data, err := fs.ReadFile(fsys, "page.md"); err != nil || string(data) != "inside" {
		t.Errorf("fs.ReadFile(page.md) = %q, %v", data, err)
	}
	if _, err := fsys.Open("credits.txt"); !errors.Is(err, ErrOutside) {
		t.Errorf("Open(credits.txt) = %v; want a refusal", err)
	}
	if _, err := fs.ReadFile(fsys, "credits.txt"); !errors.Is(err, ErrOutside) {
		t.Errorf("fs.ReadFile(credits.txt) = %v; want a refusal", err)
	}
	var names []string
	if err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, " ") != "credits.txt page.md" {
		t.Errorf("a walk listed %v; want every name, the refused link included", names)
	}
	if _, err := fsys.Open("../site.toml"); err == nil {
		t.Error("a path climbing out of the folder was opened")
	}
}
