package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/store"
)

func newCheckCmd(st *streams) *cobra.Command {
	var (
		format    string
		strict    bool
		today     string
		stopAfter string
		color     string
		db        string
		inventory []string
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check a model: gaps, conflicts, accountability, references, hygiene",
		Long: `Check loads the model in DIR (or --model; default: $DEMARC_MODEL or the current
directory), resolves every duty (an activity where it happens: per service,
per tenant, per landing zone, per provider or for the organisation) and
reports every problem it finds.

Exit status: 0 when there are no errors, 1 when there are errors (or warnings
with --strict), 2 when the check itself could not run.

Severities can be changed per code in DIR/.demarc.yaml:

  severity:
    DM304: error        # overdue reviews fail the build
    unused-party: off   # codes or names; error, warning, info or off

Formats: text (for people; colour only on a terminal, NO_COLOR respected),
json (one object with all diagnostics), sarif (SARIF 2.1.0 for GitHub code
scanning). 'demarc explain CODE' explains a diagnostic.

With --db (the acknowledgement database of 'demarc serve': a SQLite file or
folder, or postgres://…), check also warns about every party that has not
acknowledged all the decisions it is responsible or accountable for (DM305).

With --inventory (repeatable; the JSON that aws organizations list-accounts,
az graph query, az account list or gcloud projects list prints, each file's
provider told from its shape), check reconciles the tenants with the clouds:
accounts no tenant covers (DM703), tenants whose account is missing (DM704)
or closed (DM705), owner tags that name no party or another owner (DM706,
DM707), landing zones that differ from the OU, management group or folder
(DM708), and owners nobody answers for (DM709). The "inventory" section of
.demarc.yaml names the owner tag and maps containers to landing zones; see
docs/inventory.md.`,
		Example: `  demarc check examples/enterprise
  demarc check examples/enterprise --format sarif --strict
  demarc check examples/enterprise --inventory examples/enterprise/inventory/aws-organizations.json --inventory examples/enterprise/inventory/azure-resource-graph.json --inventory examples/enterprise/inventory/gcp-projects.json
  demarc explain DM204`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := mdir.get(args, 0)
			if err != nil {
				return err
			}
			if _, err := os.Stat(dir); err != nil {
				return withHint(fmt.Errorf("cannot read model directory %s: %w", dir, unwrap(err)), "demarc init "+dir)
			}
			opts := check.Options{}
			if today != "" {
				t, err := time.Parse(time.DateOnly, today)
				if err != nil {
					return withHint(fmt.Errorf("--today %q is not a date", today), "--today 2026-01-31")
				}
				opts.Today = t
			}
			switch format {
			case "text", "json", "sarif":
			default:
				return withHint(fmt.Errorf("unknown format %q", format), "--format text, --format json or --format sarif")
			}
			l := loadModel(dir)
			var ds diag.Diagnostics
			var sum *resolve.Summary
			switch stopAfter {
			case "load":
				ds = l.diags
			case "":
				opts.Severity, opts.Off = l.project.Severity, l.project.Off
				res := check.Model(l.model, resolve.New(l.model), l.diags, opts)
				ds, sum = res.Diagnostics, res.Summary
				if db != "" && !l.diags.HasErrors() {
					cds, err := coverageDiagnostics(cmd.Context(), db, l.model)
					if err != nil {
						return withHint(err, "give the database demarc serve writes: by default "+store.DefaultDataDir()+", or a postgres:// URL")
					}
					ds = append(ds, check.ApplySeverity(cds, opts)...).Sort()
				}
				if len(inventory) > 0 {
					ds = append(ds, reconcile(l, inventory, opts)...).Sort()
				}
			default:
				return fmt.Errorf("--stop-after %q: only \"load\" is supported", stopAfter)
			}
			if err := writeDiagnostics(st, format, color, ds, l.model.Sources); err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if format == "text" && sum != nil {
				n := func(i int) string { return thousands(i) }
				var grains []string
				for _, gc := range sum.ByGrain() {
					grains = append(grains, n(gc.Cells)+" "+gc.Grain.Per())
				}
				fmt.Fprintf(st.out, "Resolved %s duties of %s activities in %s landing zones (%s): %s by rule, %s by the provider border, %s gaps, %s in conflict; %s tenants.\n",
					n(sum.Cells), n(len(l.model.Activities)), n(len(l.model.LandingZones)), strings.Join(grains, ", "),
					n(sum.RuleCells), n(sum.ProviderCells), n(sum.GapCells), n(sum.ConflictCells), n(len(l.model.Tenants)))
			}
			if ds.HasErrors() || (strict && ds.Count(diag.Warning) > 0) {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text, json or sarif")
	c.Flags().BoolVar(&strict, "strict", false, "fail (exit 1) on warnings too")
	c.Flags().StringVar(&today, "today", "", "compare review-by dates with this date (YYYY-MM-DD) instead of today")
	c.Flags().StringVar(&stopAfter, "stop-after", "", "stop after a stage (load); for measuring")
	c.Flags().StringVar(&color, "color", "auto", "colour text output: auto, always or never")
	c.Flags().StringVar(&db, "db", "", "acknowledgement store (SQLite file or folder, or postgres://…): warn about unacknowledged responsibilities")
	c.Flags().StringArrayVar(&inventory, "inventory", nil, "reconcile the tenants with a cloud inventory file (JSON of the provider's CLI; repeatable)")
	_ = c.Flags().MarkHidden("stop-after")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
	mdir.register(c)
	return c
}

// coverageDiagnostics opens the store named by dsn (which must exist) and
// returns a DM305 warning per party with missing or stale acknowledgements.
func coverageDiagnostics(ctx context.Context, dsn string, m *model.Model) (diag.Diagnostics, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		// Checking must not create an empty database by mistake.
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("acknowledgement store %s: %w", path, unwrap(err))
		}
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening the acknowledgement store: %w", err)
	}
	defer s.Close()
	cov, err := s.Coverage(ctx, m)
	if err != nil {
		return nil, err
	}
	return check.Coverage(m, cov), nil
}

func writeDiagnostics(st *streams, format, color string, ds diag.Diagnostics, src map[string][]byte) error {
	switch format {
	case "json":
		return report.WriteJSON(st.out, ds, src)
	case "sarif":
		return report.WriteSARIF(st.out, ds, src, report.ToolInfo{Name: "demarc", Version: version, InformationURI: "https://github.com/demarc-dev/demarc"})
	}
	useColor := false
	switch color {
	case "always":
		useColor = true
	case "auto":
		if f, ok := st.out.(*os.File); ok {
			useColor = report.ColorEnabled(f)
		}
	}
	return report.WriteText(st.out, ds, src, report.TextOptions{Color: useColor})
}

// thousands formats n with comma separators: 2,880,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
