//go:build !linux

package pipeline

// exchange cannot swap two folders in one step outside Linux: macOS's renamex_np(RENAME_SWAP)
// would need a newer golang.org/x/sys, and Windows has no such call.
func exchange(a, b string) error { return errNoExchange }
