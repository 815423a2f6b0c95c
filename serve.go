package main

import (
	"flag"
	"fmt"
	"os"
)

func serveFlags(fs *flag.FlagSet) func() int {
	return func() int {
		fmt.Fprintln(os.Stderr, "kith serve: not available yet")
		return exitUsage
	}
}
