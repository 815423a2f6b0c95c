// Command kith builds educational toolkits — lessons in Markdown, quizzes in TOML — into static
// sites that work anywhere: under a sub-path, from a shared drive, from a USB stick.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"kith/generator/config"
	"kith/generator/content"
	"kith/generator/diag"
	"kith/generator/pipeline"
	"kith/generator/site"
	"kith/generator/tomlx"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // the site has errors
	exitUsage   = 2 // the command line is wrong
)

type command struct {
	name    string
	summary string
	usage   string
	// flags defines the command's flags and returns the action to run once they are parsed.
	flags func(fs *flag.FlagSet, stdout, stderr io.Writer) action
}

// action runs a command with the arguments left after its flags. Flags may come before or after
// the arguments, and "--" ends the flags.
type action func(args []string) int

// noArgs wraps the action of a command that takes no arguments.
func noArgs(name string, stderr io.Writer, do func() int) action {
	return func(args []string) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "kith %s: unexpected argument %q%s\nRun 'kith help %s' for its flags.\n", name, args[0], sourceHint(args[0]), name)
			return exitUsage
		}
		return do()
	}
}

// sourceHint suggests --source when a stray argument names a folder, as in "kith build mysite".
func sourceHint(arg string) string {
	if st, err := os.Stat(filepath.Join(arg, config.FileName)); err == nil && !st.IsDir() {
		return ": to use the site in that folder, write --source " + arg
	}
	return ""
}

var commands []command

func init() {
	commands = []command{
		{"build", "build the site into public/", "kith build [flags]\n\nBuilds the site in --source into --dest. The previous output is replaced only when the\nwhole build succeeds; on any error, or on Ctrl-C, it is left exactly as it was. kith replaces\n--dest only when it is empty, missing, or made by kith build (it holds a " + pipeline.Marker + " file);\nany other folder needs --force, and a file, a site or a repository is never replaced.", buildFlags},
		{"serve", "preview the site with live reload", "kith serve [flags]\n\nBuilds the site, serves it from memory and reloads the open browser tab on every save.", serveFlags},
		{"check", "find problems in the site without building it", checkUsage, checkFlags},
		{"new", "start a site, a lesson or a quiz", newUsage, newFlags},
		{"export", "export knowledge checks for Moodle or Canvas", exportUsage, exportFlags},
		{"version", "print kith's version", "kith version", func(_ *flag.FlagSet, stdout, stderr io.Writer) action {
			return noArgs("version", stderr, func() int { fmt.Fprintln(stdout, "kith", version()); return exitOK })
		}},
		{"help", "explain a command", "kith help [command]", nil},
	}
}

func main() {
	// A build allocates much and briefly; collecting half as often saves about 5% of its time
	// for a peak that stays far below other generators'. GOGC still wins when set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			usage(stdout)
			return exitOK
		}
		c, ok := find(rest[0])
		if !ok {
			fmt.Fprintf(stderr, "kith: no command %q\n\n", rest[0])
			usage(stderr)
			return exitUsage
		}
		commandHelp(c, stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c, ok := find(name)
	if !ok {
		switch near := tomlx.Suggest(name, commandNames()); {
		case strings.HasPrefix(name, "-"):
			fmt.Fprintf(stderr, "kith: flags come after the command, as in: %s\n\n", reordered(args))
		case near != "":
			fmt.Fprintf(stderr, "kith: unknown command %q: did you mean %s?\n\n", name, near)
		default:
			fmt.Fprintf(stderr, "kith: unknown command %q\n\n", name)
		}
		usage(stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("kith "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	act := c.flags(fs, stdout, stderr)
	args, err := parseInterleaved(fs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandHelp(c, stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "kith %s: %s\nRun 'kith help %s' for its flags.\n", c.name, flagError(c, err), c.name)
		return exitUsage
	}
	return act(args)
}

// reordered puts the first command named in args before the rest, or shows the usual order.
func reordered(args []string) string {
	for i, a := range args {
		if _, ok := find(a); ok {
			rest := append(append([]string{}, args[:i]...), args[i+1:]...)
			return "kith " + a + " " + strings.Join(rest, " ")
		}
	}
	return "kith build " + strings.Join(args, " ")
}

func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return names
}

// flagError rewords the flag package's errors with the double dash the help shows, and points
// to the command that has a flag this one lacks.
func flagError(c command, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		name = strings.TrimPrefix(name, "-")
		msg = "unknown flag --" + name
		for _, other := range commands {
			if other.flags == nil || other.name == c.name {
				continue
			}
			fs := flag.NewFlagSet(other.name, flag.ContinueOnError)
			other.flags(fs, io.Discard, io.Discard)
			if fs.Lookup(name) != nil {
				return msg + fmt.Sprintf(": it is a flag of kith %s", other.name)
			}
		}
		return msg
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "--" + strings.TrimPrefix(name, "-") + " needs a value"
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		return "invalid value " + strings.Replace(rest, " for flag -", " for --", 1)
	}
	return msg
}

// parseInterleaved parses flags wherever they are among the arguments, as in
// "kith new quiz my-quiz --kind self-assessment", and returns the arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var out []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return out, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(out, rest...), nil
		}
		out = append(out, rest[0])
		args = rest[1:]
	}
}

func find(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func usage(w io.Writer) {
	fmt.Fprint(w, "kith builds lessons and quizzes into a static site that works anywhere.\n\nUsage:\n  kith <command> [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'kith help <command>' or 'kith <command> --help' for a command's flags.\n")
}

func commandHelp(c command, w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n", c.usage)
	if c.flags == nil {
		return
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs, io.Discard, io.Discard)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprint(w, "\nFlags:\n")
	for _, n := range names {
		f := fs.Lookup(n)
		arg, text := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + strings.ToUpper(arg)
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s%s\n      %s%s\n", n, arg, text, def)
	}
}

func buildFlags(fs *flag.FlagSet, stdout, stderr io.Writer) action {
	var opts site.Options
	var quiet bool
	sourceFlag(fs, &opts.Source)
	fs.StringVar(&opts.Dest, "dest", "", "the `dir`ectory to write the site to (default SOURCE/public)")
	baseURLFlag(fs, &opts.BaseURL)
	draftsFlag(fs, &opts.Drafts, "publish")
	fs.BoolVar(&opts.PrettyURLs, "pretty-urls", false, "make links name folders (lessons/first/) rather than their index.html: cleaner addresses, but the site then works only from a web server, not from disk")
	fs.BoolVar(&opts.Portable, "portable", false, "deprecated: every link names its index.html, which is now the default")
	edition := editionFlag(fs, "publish")
	fs.BoolVar(&quiet, "quiet", false, "print errors only")
	fs.BoolVar(&opts.Force, "force", false, "replace --dest even when it is a folder kith did not make (one without a "+pipeline.Marker+" file), deleting everything in it")
	var zipFile, scormFile string
	fs.StringVar(&zipFile, "zip", "", "write the site as one `file`.zip instead of a folder: unzipped anywhere and opened from disk, it works (the --portable build)")
	fs.StringVar(&scormFile, "scorm", "", "write the site as one SCORM 1.2 package, `file`.zip, to upload to an LMS such as Moodle")
	return noArgs("build", stderr, func() int {
		stop := onSignal(func(sig os.Signal) {
			msg := "kith build: interrupted"
			if unchanged := pipeline.Abandon(); len(unchanged) > 0 {
				msg += "; " + strings.Join(unchanged, ", ") + " was not changed"
			}
			fmt.Fprintln(stderr, msg)
			os.Exit(128 + signalNumber(sig))
		})
		defer stop()
		if msg := baseURLError(opts.BaseURL); msg != "" {
			fmt.Fprintf(stderr, "kith build: %s\n", msg)
			return exitUsage
		}
		if opts.Portable && opts.PrettyURLs {
			fmt.Fprintf(stderr, "kith build: --portable and --pretty-urls contradict each other: leave out --portable, which is now the default\n")
			return exitUsage
		}
		var ok bool
		if opts.Edition, ok = parseEdition("build", *edition, stderr); !ok {
			return exitUsage
		}
		if opts.Portable && !quiet {
			fmt.Fprintln(stderr, "Note: --portable is now the default (every link names its index.html): you can leave it out")
		}
		if msg := archiveError(opts.Dest, zipFile, scormFile); msg != "" {
			fmt.Fprintf(stderr, "kith build: %s\n", msg)
			return exitUsage
		}
		build := pipeline.Build
		switch {
		case zipFile != "":
			build = func(o site.Options) (pipeline.Result, error) { return pipeline.BuildArchive(o, zipFile, pipeline.Zip) }
		case scormFile != "":
			build = func(o site.Options) (pipeline.Result, error) {
				return pipeline.BuildArchive(o, scormFile, pipeline.SCORM)
			}
		}
		res, err := build(opts)
		for _, w := range res.Warnings {
			if !quiet {
				fmt.Fprintln(stderr, w.In(opts.Source).Error())
			}
		}
		if err != nil {
			ds := diag.As(err)
			for _, d := range ds {
				fmt.Fprintln(stderr, d.In(opts.Source).Error())
			}
			fmt.Fprintf(stderr, "kith build: %s; %s was not changed\n", diag.Count(len(ds), "error", "errors"), res.Dest)
			return exitContent
		}
		if !quiet {
			left := ""
			if res.Drafts > 0 {
				left = " (" + diag.Count(res.Drafts, "draft", "drafts") + " left out: --drafts publishes drafts)"
			}
			if note := res.EditionNote(); note != "" {
				left += " (" + note + ")"
			}
			fmt.Fprintf(stdout, "Built %s in %s → %s%s\n", res.Counts, res.Duration.Round(100_000), res.Dest, left)
		}
		return exitOK
	})
}

// onSignal calls interrupted, on its own goroutine, when the process gets SIGINT (Ctrl-C) or
// SIGTERM, instead of dying at once, so that a build can clean up first. The returned function
// stops listening.
func onSignal(interrupted func(os.Signal)) (stop func()) {
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-sigs:
			interrupted(sig)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// signalNumber is the number of a signal, for the shell's exit status 128+n.
func signalNumber(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return int(n)
	}
	return 2
}

// The flags several commands share are defined once, so they read and behave the same.

func sourceFlag(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "source", ".", "the site's `dir`ectory, which holds site.toml")
}

func draftsFlag(fs *flag.FlagSet, drafts *bool, verb string) {
	fs.BoolVar(drafts, "drafts", false, verb+" pages marked draft = true too")
}

// editionFlag defines --edition; parseEdition checks its value once the flags are parsed.
func editionFlag(fs *flag.FlagSet, verb string) *string {
	return fs.String("edition", "", "the `edition` to "+verb+": all (everything), students (leaves out pages with audience = \"teachers\") or teachers (default: site.toml's edition, or all)")
}

// parseEdition reads --edition's value, or says on stderr what the allowed values are.
func parseEdition(cmd, value string, stderr io.Writer) (content.Audience, bool) {
	if value == "" {
		return "", true
	}
	e, ok := content.ParseAudience(strings.ToLower(value))
	if !ok {
		fmt.Fprintf(stderr, "kith %s: --edition %q: use %s\nRun 'kith help %s' for its flags.\n", cmd, value, content.AudienceList(), cmd)
	}
	return e, ok
}

func baseURLFlag(fs *flag.FlagSet, url *string) {
	fs.StringVar(url, "base-url", "", "the site's `url`, such as https://school.example/toolkit/ or /toolkit/ (default: site.toml's base_url)")
}

// baseURLError returns what is wrong with --base-url, or "" when it is empty or can be used.
func baseURLError(url string) string {
	if url == "" {
		return ""
	}
	if msg := config.CheckBaseURL(url); msg != "" {
		return "--base-url " + strings.TrimPrefix(msg, "base_url ")
	}
	return ""
}

// archiveError returns what is wrong with combining --dest, --zip and --scorm, or "".
func archiveError(dest, zipFile, scormFile string) string {
	switch {
	case zipFile != "" && scormFile != "":
		return "--zip and --scorm each write one zip: give one of them (run kith build twice for both)"
	case dest != "" && (zipFile != "" || scormFile != ""):
		return "--dest names a folder, and --zip and --scorm write one file instead: leave out --dest"
	}
	for flag, f := range map[string]string{"zip": zipFile, "scorm": scormFile} {
		if f != "" && !strings.EqualFold(filepath.Ext(f), ".zip") {
			return fmt.Sprintf("--%s %s must name a file ending in .zip, such as toolkit.zip", flag, f)
		}
	}
	return ""
}

// release is the version scripts/release stamps into a released binary with -ldflags -X.
var release string

// version describes the build: the module version (a release tag, or a pseudo-version made
// from the commit), then the commit, its time and whether the tree had changes, then the Go
// toolchain. "go run" and -buildvcs=false leave no commit in the binary, and it says so.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)\n" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var b strings.Builder
	if release != "" {
		b.WriteString(release)
	} else {
		b.WriteString(info.Main.Version)
	}
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "\ncommit %s", rev)
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		if settings["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
	} else {
		b.WriteString("\ncommit unknown: built without version control information (go run, or -buildvcs=false)")
	}
	fmt.Fprintf(&b, "\n%s %s/%s", info.GoVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
