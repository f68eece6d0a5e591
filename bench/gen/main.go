// Command gen writes a synthetic enterprise model for benchmarks:
//
//	go run ./bench/gen -size L -o /tmp/model-l
//
// and prints what it wrote. The directory must be new or empty.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/demarc-dev/demarc/synth"
)

func main() {
	sizeName := flag.String("size", "L", "model size: S, M or L")
	out := flag.String("o", "", "directory to write the model to (must be new or empty)")
	tenants := flag.Int("tenants", -1, "number of tenants instead of the size's (written as CSV, 10,000 per file)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./bench/gen -size S|M|L [-tenants N] -o DIR\n\nWrites a synthetic model that `demarc check` passes without errors or warnings.\n\n")
		flag.PrintDefaults()
		for _, s := range synth.Sizes() {
			fmt.Fprintf(flag.CommandLine.Output(), "  %v\n", s)
		}
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	size, err := synth.ByName(*sizeName)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	if *tenants >= 0 {
		size.Tenants = *tenants
	}
	st, err := synth.Write(*out, size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Println(st)
}
