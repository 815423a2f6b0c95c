package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"kith/generator/serve"
)

// defaultPort is the port kith serve tries first; when it is taken, the next free one is used.
const defaultPort = 1313

func serveFlags(fs *flag.FlagSet, _, stderr io.Writer) action {
	opts := serve.Options{Log: stderr}
	sourceFlag(fs, &opts.Source)
	fs.IntVar(&opts.Port, "port", defaultPort, "the `port` to listen on, from 1 to 65535 (0 picks any free port); when it is taken, the next free one is used")
	fs.StringVar(&opts.Bind, "bind", "127.0.0.1", "the IP `addr`ess to listen on; 0.0.0.0 lets every device on the network see the preview, drafts included")
	baseURLFlag(fs, &opts.BaseURL)
	draftsFlag(fs, &opts.Drafts, "show")
	fs.BoolVar(&opts.Poll, "poll", false, "check for changes by scanning the files twice a second, for folders where change events do not arrive (WSL, network drives, containers)")
	fs.BoolVar(&opts.Navigate, "navigate", false, "send the open browser tab to the page you just saved")
	edition := editionFlag(fs, "preview")
	return noArgs("serve", stderr, func() int {
		var ok bool
		if opts.Edition, ok = parseEdition("serve", *edition, stderr); !ok {
			return exitUsage
		}
		if msg := checkServeFlags(opts); msg != "" {
			fmt.Fprintf(stderr, "kith serve: %s\nRun 'kith help serve' for its flags.\n", msg)
			return exitUsage
		}
		if !serve.Loopback(opts.Bind) {
			fmt.Fprintf(stderr, "Warning: --bind %s lets every device on the networks this computer is on see the preview, drafts included. Leave --bind out to keep it on this computer.\n", opts.Bind)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		srv, err := serve.Start(ctx, opts)
		if err != nil {
			fmt.Fprintf(stderr, "kith serve: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "Serving %s at %s (Ctrl-C stops)\n", opts.Source, srv.URL())
		for _, u := range srv.NetworkURLs() {
			fmt.Fprintf(stderr, "Other devices on the network: %s\n", u)
		}
		<-ctx.Done()
		stop()
		srv.Wait()
		fmt.Fprintln(stderr, "Stopped")
		return exitOK
	})
}

// checkServeFlags returns what is wrong with kith serve's flags, naming the flag and an example
// of a right value, or "" when they can be used.
func checkServeFlags(opts serve.Options) string {
	if msg := baseURLError(opts.BaseURL); msg != "" {
		return msg
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return "--port " + strconv.Itoa(opts.Port) + " is not a port: use a number from 1 to 65535, such as --port 8080, or 0 for any free port"
	}
	if msg := serve.CheckBind(opts.Bind); msg != "" {
		return "--bind " + msg
	}
	return ""
}
