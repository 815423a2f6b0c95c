// Command screenshots builds a kith site, serves it under a sub-path the way a school would host
// it, and saves screenshots of one lesson page in headless Chromium: on a desktop, on a 375 px
// phone, in dark mode and as printed. Anyone can look at the theme without building it by hand.
//
//	go run ./scripts/screenshots [-source DIR] [-page PATH] OUTDIR
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kith/generator/pipeline"
	"kith/generator/site"
)

// shot is one screenshot: a window size and the media the page is shown for.
type shot struct {
	name          string
	width, height int64
	mobile        bool
	media         string // "print", or "" for the screen
	colorScheme   string // "light" or "dark"
}

var shots = []shot{
	{name: "desktop", width: 1280, height: 900, colorScheme: "light"},
	{name: "phone", width: 375, height: 812, mobile: true, colorScheme: "light"},
	{name: "dark", width: 1280, height: 900, colorScheme: "dark"},
	{name: "print", width: 794, height: 1123, media: "print", colorScheme: "light"},
}

func main() {
	source := flag.String("source", ".", "the site to build")
	pagePath := flag.String("page", "", `the page to photograph, as its URL path ("lessons/first/"); the first lesson of the first section when empty`)
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./scripts/screenshots [-source DIR] [-page PATH] OUTDIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*source, *pagePath, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(source, pagePath, outDir string) error {
	tmp, err := os.MkdirTemp("", "kith-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "site")
	if _, err := pipeline.Build(site.Options{Source: source, Dest: out}); err != nil {
		return fmt.Errorf("building %s: %w", source, err)
	}
	if pagePath == "" {
		if pagePath, err = firstLesson(source); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	base, stop, err := serve(out, "/toolkit/")
	if err != nil {
		return err
	}
	defer stop()

	chromium := chromiumPath()
	if chromium == "" {
		return errors.New("no Chromium found: apt-get install -y chromium")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("no-first-run", true),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return fmt.Errorf("starting Chromium: %w", err)
	}
	for _, s := range shots {
		png, err := take(ctx, base+pagePath, s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		out := filepath.Join(outDir, s.name+".png")
		if err := os.WriteFile(out, png, 0o644); err != nil {
			return err
		}
		fmt.Println(out)
	}
	return nil
}

// take loads the page with the shot's window and media, and captures all of it.
func take(ctx context.Context, url string, s shot) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	steps := chromedp.Steps(
		call(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: s.width, Height: s.height, DeviceScaleFactor: 1, Mobile: s.mobile}),
		call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: s.media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s.colorScheme}}}),
		chromedp.Navigate(url),
		// Let the quiz runtime draw its questions before the picture is taken.
		chromedp.Sleep(300*time.Millisecond),
	)
	if err := chromedp.Do(ctx, steps); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.FullScreenshot(100))
}

// call makes an action of a protocol command whose result does not matter.
func call[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cmd, params)
		return err
	})
}

// firstLesson returns the URL path of the first lesson of the site's first section.
func firstLesson(source string) (string, error) {
	s, _ := site.Load(source, site.Options{Source: source})
	if s == nil {
		return "", errors.New("cannot load the site")
	}
	for _, sec := range s.Content.Root.Sections {
		if len(sec.Lessons) > 0 {
			return sec.Lessons[0].Path, nil
		}
	}
	if ls := s.Content.Lessons(); len(ls) > 0 {
		return ls[0].Path, nil
	}
	return "", errors.New("the site has no lesson: pass -page")
}

// serve serves dir under prefix on a free local port, with the Content-Security-Policy the
// theme is built for.
func serve(dir, prefix string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir)))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		if !strings.HasPrefix(r.URL.Path, prefix) {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + prefix, func() { srv.Close() }, nil
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}
