// Package themes embeds the default theme in the kith binary, so kith builds any site without a
// theme of its own.
package themes

import "embed"

// Default is the default theme: its layouts/, assets/ and i18n/ under the folder "default".
//
//go:embed all:default
var Default embed.FS
