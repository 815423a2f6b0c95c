package pipeline

import (
	_ "embed"

	"kith/internal/sitetest"
)

// writeSite writes a site of files (slash paths → contents) into a new folder and returns it.
var writeSite = sitetest.New

//go:embed testdata/sample-site.txtar
var sampleSiteTxtar string

// sampleSite is a small site with nested sections, links of every kind, a draft, an image and
// a quiz, for a test to change before writing it.
func sampleSite() map[string]string { return sitetest.Parse(sampleSiteTxtar) }
