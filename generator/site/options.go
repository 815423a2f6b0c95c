package site

import (
	"path/filepath"

	"kith/generator/sitefs"
)

// Options are the settings of one build, as given on the command line.
type Options struct {
	Source   string // the site's folder; the current folder when empty
	Dest     string // where to write the site; SOURCE/public when empty
	BaseURL  string // overrides site.toml's base_url when set
	Drafts   bool   // publish draft pages too
	Portable bool   // make every link name its index.html, for use without a web server
	Force    bool   // replace a destination folder that kith did not make, and everything in it
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
