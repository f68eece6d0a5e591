package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/diff"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/store"
)

func newDiffCmd(st *streams) *cobra.Command {
	var format, db, failOn string
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "diff [BASE] [HEAD]",
		Short: "Say what a change of the model means for each party",
		Long: `Diff compares two versions of a model by what they mean, not by their text:
per party the duties it gains and loses and the roles it changes (a duty is an
activity where it happens: per service, per tenant of a provider in a landing
zone, per landing zone, per provider or for the organisation), the duties whose
accountable party changes and whether the newly accountable party approved the
deciding rule, the rules added, removed and changed, the gaps, conflicts and
other findings introduced or fixed, the decisions whose acknowledgements become
stale, and the landing zones, offered services and tenants that changed.
Moving a rule to another file, reordering or reformatting is no change.

BASE and HEAD are each a model directory or a git revision of the model
directory (--model, else the other argument when it is a directory, else
$DEMARC_MODEL, else the current directory), read from the repository's objects
without checking anything out. An argument naming an existing directory is a
directory. HEAD defaults to the model directory as it is on disk, BASE to the
revision HEAD:

  demarc diff                 # uncommitted changes
  demarc diff main            # the working tree against main
  demarc diff v1.2 v1.3       # two tags
  demarc diff old/ new/       # two directories
  demarc diff main model/     # main's version of model/ against model/

Formats: text (summary line first, then by party), markdown (a pull-request
comment within GitHub's size limit: the largest changes first, the rest
counted), json.

With --db (the acknowledgement database of 'demarc serve'), each decision to
acknowledge again lists the acknowledgements recorded for its old content,
by party and person.

Exit status: 0 when nothing changed, 1 when something did, 2 when the
comparison could not run. To gate a merge on what matters, --fail-on error
exits 1 only when a party becomes accountable for duties whose deciding rule
records no approval by it, --fail-on warning also when acknowledgements
become stale.`,
		Example: `  demarc diff examples/enterprise examples/enterprise
  demarc diff examples/enterprise examples/enterprise --format markdown`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text", "json", "markdown", "md":
			default:
				return withHint(fmt.Errorf("unknown format %q", format), "--format text, markdown or json")
			}
			failAt, off, err := diag.ParseSeverity(failOn)
			if err != nil || off {
				return withHint(fmt.Errorf("--fail-on %q is not a severity", failOn), "--fail-on error, warning or info")
			}
			modelDir, err := mdir.get(nil, 0)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			baseArg, headArg := "HEAD", ""
			if len(args) > 0 {
				baseArg = args[0]
			}
			if len(args) > 1 {
				headArg = args[1]
				// `demarc diff main DIR`: main's version of DIR.
				if mdir.flag == "" {
					for _, a := range args {
						if isDir(a) {
							modelDir = a
						}
					}
				}
			}
			today := time.Now()
			base, err := diffSide(ctx, modelDir, baseArg, today)
			if err != nil {
				return err
			}
			defer base.remove()
			head, err := diffSide(ctx, modelDir, headArg, today)
			if err != nil {
				return err
			}
			defer head.remove()
			rep, err := diff.Compare(base.side, head.side)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if db != "" {
				if err := addAcknowledgements(ctx, db, rep); err != nil {
					return withHint(err, "give the database demarc serve writes: by default "+store.DefaultDataDir()+", or a postgres:// URL")
				}
			}
			switch format {
			case "json":
				out := diff.NewOutput(base.label, head.label, rep)
				enc := json.NewEncoder(st.out)
				enc.SetIndent("", "  ")
				err = enc.Encode(out)
			case "markdown", "md":
				err = rep.WriteMarkdown(st.out, 0)
			default:
				err = rep.WriteText(st.out)
			}
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if sev := rep.Severity(); sev != diag.SeverityInvalid && sev <= failAt {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	mdir.register(c)
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text, markdown or json")
	c.Flags().StringVar(&failOn, "fail-on", "info", "exit 1 only for changes of this severity or worse: error (a party made accountable without its approval), warning (acknowledgements become stale) or info (any change)")
	c.Flags().StringVar(&db, "db", "", "acknowledgement store (SQLite file or folder, or postgres://…): list the recorded acknowledgements the change makes stale")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "markdown", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// sideOfDiff is one loaded, resolved and checked side of a comparison.
type sideOfDiff struct {
	side   diff.Side
	label  string
	remove func()
}

// diffSide loads arg: a model directory, a git revision of modelDir, or
// modelDir itself when arg is empty.
func diffSide(ctx context.Context, modelDir, arg string, today time.Time) (*sideOfDiff, error) {
	s := &sideOfDiff{remove: func() {}}
	dir := arg
	switch info, err := os.Stat(arg); {
	case arg == "":
		dir, s.label = modelDir, modelDir
		if _, err := os.Stat(dir); err != nil {
			return nil, withHint(fmt.Errorf("cannot read model directory %s: %w", dir, unwrap(err)), "give the model directory with --model DIR")
		}
	case err == nil && info.IsDir():
		s.label = arg
	default:
		gm, err := extractRevision(ctx, modelDir, arg)
		if err != nil {
			return nil, err
		}
		dir, s.label, s.remove = gm.dir, gm.label, gm.remove
	}
	l := loadModel(dir)
	r := resolve.New(l.model)
	res := check.Model(l.model, r, l.diags, check.Options{Today: today, Severity: l.project.Severity, Off: l.project.Off})
	if dir != arg && arg != "" {
		// Findings about the extracted copy name the model directory, not a
		// temporary folder that is gone when the command ends, so that the
		// same finding in a revision and in the working tree is the same.
		// Names are joined as the loader joins them: "./x" is "x".
		asLoaded := strings.NewReplacer(
			dir+string(filepath.Separator), strings.TrimSuffix(filepath.Join(modelDir, "\x00"), "\x00"),
			dir, filepath.Clean(modelDir))
		for i := range res.Diagnostics {
			d := &res.Diagnostics[i]
			d.Summary = asLoaded.Replace(d.Summary)
			d.Detail = asLoaded.Replace(d.Detail)
		}
	}
	res.Summary = nil // only the findings are compared; free the rest early
	s.side = diff.Side{Resolver: r, Check: res}
	return s, nil
}

// addAcknowledgements opens the store named by dsn (which must exist) and
// adds to rep the acknowledgements its change makes stale.
func addAcknowledgements(ctx context.Context, dsn string, rep *diff.Report) error {
	if len(rep.Stale) == 0 {
		return nil
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		// Reading must not create an empty database by mistake.
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("acknowledgement store %s: %w", path, unwrap(err))
		}
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("opening the acknowledgement store: %w", err)
	}
	defer s.Close()
	return rep.AddAcknowledgements(func(rule string) ([]store.Ack, error) {
		return s.Acknowledgements(ctx, store.Filter{Rule: rule})
	})
}
