package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"kith/generator/serve"
)

// defaultPort is the port kith serve tries first; when it is taken, the next free one is used.
const defaultPort = 1313

func serveFlags(fs *flag.FlagSet) func() int {
	opts := serve.Options{Log: os.Stderr}
	sourceFlag(fs, &opts.Source)
	fs.IntVar(&opts.Port, "port", defaultPort, "the port to listen on; when it is taken, the next free one is used")
	fs.StringVar(&opts.Bind, "bind", "127.0.0.1", "the address to listen on; 0.0.0.0 lets other devices on the network see the preview")
	baseURLFlag(fs, &opts.BaseURL)
	draftsFlag(fs, &opts.Drafts, "show")
	fs.BoolVar(&opts.Poll, "poll", false, "check for changes by scanning the files twice a second, for folders where change events do not arrive (WSL, network drives, containers)")
	fs.BoolVar(&opts.Navigate, "navigate", false, "send the open browser tab to the page you just saved")
	return func() int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		srv, err := serve.Start(ctx, opts)
		if err != nil {
			fmt.Fprintf(os.Stderr, "kith serve: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(os.Stderr, "Serving %s at %s (Ctrl-C stops)\n", opts.Source, srv.URL())
		if opts.Bind != "127.0.0.1" && opts.Bind != "localhost" && opts.Bind != "::1" {
			fmt.Fprintf(os.Stderr, "Listening on %s: other devices on the network can see the preview\n", opts.Bind)
		}
		<-ctx.Done()
		stop()
		srv.Wait()
		fmt.Fprintln(os.Stderr, "Stopped")
		return exitOK
	}
}
