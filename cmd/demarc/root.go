package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes shared by all commands.
const (
	exitOK       = 0
	exitFindings = 1 // the command ran and found errors (or warnings with --strict)
	exitFailure  = 2 // the command itself could not run
)

// exitError carries an exit code through cobra without printing twice.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// hintError is an error with a "Try:" line for the user.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

func withHint(err error, hint string) error { return &hintError{err: err, hint: hint} }

// streams are the command's standard streams, passed in so tests capture them.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// runContext runs the command line until it is done or ctx ends (which
// stops `serve` gracefully).
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	st := &streams{in: stdin, out: stdout, err: stderr}
	root := newRootCmd(st)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "demarc: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "demarc: %v\n", err)
	var he *hintError
	if errors.As(err, &he) && he.hint != "" {
		fmt.Fprintf(stderr, "Try: %s\n", he.hint)
	}
	return exitFailure
}

func newRootCmd(st *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "demarc",
		Short: "The cloud shared responsibility model as code",
		Long: `demarc turns an organisation's cloud shared responsibility model into code:
parties, services, landing zones, activities and RACI decisions written in YAML,
checked like a program, resolved to exactly one accountable party per cell, and
answered on demand ("who is accountable for decommissioning tenant 1234?").

Start with 'demarc init DIR', check with 'demarc check DIR', ask with
'demarc who ACTIVITY --service S --landing-zone L'.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	root.AddCommand(
		newInitCmd(st),
		newCheckCmd(st),
		newWhoCmd(st),
		newMatrixCmd(st),
		newBuildCmd(st),
		newExportCmd(st),
		newPublishCmd(st),
		newServeCmd(st),
		newExplainCmd(st),
		newSchemaCmd(st),
		newVersionCmd(st),
	)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return withHint(err, fmt.Sprintf("demarc %s --help", c.Name()))
	})
	return root
}

// modelFlag adds the --model flag that names the model directory.
func modelFlag(c *cobra.Command, dir *string) {
	def := os.Getenv("DEMARC_MODEL")
	if def == "" {
		def = "."
	}
	c.Flags().StringVarP(dir, "model", "m", def, "model directory (default: $DEMARC_MODEL or the current directory)")
}

// unwrap strips the path from an *fs.PathError, whose message repeats it.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
