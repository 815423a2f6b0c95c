// Command gencorpus writes a deterministic benchmark corpus (a kith site
// plus the Hugo configuration and layouts for the same content) into DIR.
//
// Usage:
//
//	go run ./generator/corpus/cmd/gencorpus [-n lessons] [-seed seed] DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"kith/generator/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of lessons")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gencorpus [-n lessons] [-seed seed] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := corpus.Generate(flag.Arg(0), *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
