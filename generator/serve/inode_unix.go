//go:build unix

package serve

import (
	"io/fs"
	"syscall"
)

// inode tells a file replaced under the same name and size (an editor's save by rename) from one
// left alone.
func inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}
