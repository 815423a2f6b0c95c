package pipeline

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two folders in one step with renameat2(RENAME_EXCHANGE), which Linux has had
// since 3.15. Some file systems (and older kernels) lack it, and then the swap falls back to two
// renames.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}
