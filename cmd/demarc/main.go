// Command demarc turns a cloud shared responsibility model written in YAML
// into checked, resolved and published responsibilities.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
