package site

import (
	"path/filepath"

	"kith/generator/content"
	"kith/generator/sitefs"
)

// Options are the settings of one build, as given on the command line.
type Options struct {
	Source  string // the site's folder; the current folder when empty
	Dest    string // where to write the site; SOURCE/public when empty
	BaseURL string // overrides site.toml's base_url when set
	Drafts  bool   // publish draft pages too
	// PrettyURLs makes links name folders (lessons/first/) instead of their index.html, for a
	// site only ever served by a web server; it overrides site.toml's pretty_urls = false.
	PrettyURLs bool
	// Portable is the deprecated --portable: links name index.html, which is now the default.
	// It overrides site.toml's pretty_urls = true.
	Portable bool
	// Edition is who the build is for: pages for another audience are left out. "" takes
	// site.toml's edition, or content.All.
	Edition content.Audience
	Force   bool // replace a destination folder that kith did not make, and everything in it
}

// WithDefaults returns the options with what was left empty filled in.
func (o Options) WithDefaults() Options {
	if o.Source == "" {
		o.Source = "."
	}
	if o.Dest == "" {
		o.Dest = filepath.Join(o.Source, sitefs.OutputDir)
	}
	return o
}
