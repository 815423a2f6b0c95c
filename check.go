package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"kith/generator/check"
	"kith/generator/site"
)

const checkUsage = `kith check [flags]

Runs every check kith build runs, and more, without writing anything: broken links and
anchors, quizzes that are missing, unused, invalid or on a page twice, pages that would share
a URL, images without alt text, links without text or address, heading levels that skip, raw
HTML, pages without a description, lessons without objectives, lessons above site.toml's
reading_grade, example text from kith new that is still there, and pretty_urls = true, which
stops the site from working from disk. With --edition students, it checks the site students
get: teachers' pages left out, and links to them turned into plain text.

Each problem is one line, path:line:col: error|warning: message, sorted by file; the last
line counts them. With --format json, the problems are a JSON array of objects with file,
line, column, severity ("error" or "warning") and message.
It exits with 1 when there are errors (or warnings, with --strict), else 0.`

func checkFlags(fs *flag.FlagSet, stdout, stderr io.Writer) action {
	var opts site.Options
	var format string
	var strict bool
	sourceFlag(fs, &opts.Source)
	draftsFlag(fs, &opts.Drafts, "check")
	fs.StringVar(&format, "format", "text", "the output `format`: text, a line a problem, or json, a JSON array")
	fs.BoolVar(&strict, "strict", false, "exit with 1 on warnings too, as on errors")
	edition := editionFlag(fs, "check")
	return noArgs("check", stderr, func() int {
		var ok bool
		if opts.Edition, ok = parseEdition("check", *edition, stderr); !ok {
			return exitUsage
		}
		format = strings.ToLower(format)
		if format != "text" && format != "json" {
			fmt.Fprintf(stderr, "kith check: --format %q: use text or json\nRun 'kith help check' for its flags.\n", format)
			return exitUsage
		}
		rep := check.Run(opts)
		errs, warns := rep.Counts()
		if format == "json" {
			rep.WriteJSON(stdout)
		} else {
			rep.WriteText(stdout)
		}
		if errs > 0 || strict && warns > 0 {
			return exitContent
		}
		return exitOK
	})
}
