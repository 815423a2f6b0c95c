// Package sitefs is the one place that knows a site's layout on disk, and the only way kith
// reads a site's files.
//
// kith reads only regular files inside the site's folder. A symbolic link is followed when
// everything it leads to, at every step, stays inside the site's folder; a link that leaves
// it, a link to a folder, and anything that is not a regular file (a FIFO, a device, a socket)
// is refused with an error naming it, before a byte of it is read. No file larger than
// MaxFileSize is read, so one stray disk image cannot exhaust memory.
package sitefs
