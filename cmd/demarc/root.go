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
		newDiffCmd(st),
		newBuildCmd(st),
		newExportCmd(st),
		newImportCmd(st),
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

// modelDir is how every command takes the model directory: as its last
// positional argument or with --model/-m, else $DEMARC_MODEL, else the
// current directory.
type modelDir struct{ flag string }

// register adds the --model flag to c.
func (d *modelDir) register(c *cobra.Command) {
	c.Flags().StringVarP(&d.flag, "model", "m", "", "model directory, also given as the last argument (default: $DEMARC_MODEL or the current directory)")
}

// get returns the model directory of a command whose positional argument
// at index pos is the directory.
func (d *modelDir) get(args []string, pos int) (string, error) {
	if len(args) > pos {
		if d.flag != "" && d.flag != args[pos] {
			return "", withHint(fmt.Errorf("two model directories: %s and --model %s", args[pos], d.flag), "give the model directory once, as an argument or with --model")
		}
		return args[pos], nil
	}
	if d.flag != "" {
		return d.flag, nil
	}
	if env := os.Getenv("DEMARC_MODEL"); env != "" {
		return env, nil
	}
	return ".", nil
}

// unwrap strips the path from an *fs.PathError, whose message repeats it.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
