package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/resolve"
)

func newMatrixCmd(st *streams) *cobra.Command {
	var (
		f      resolve.Filter
		format string
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "matrix [DIR]",
		Short: "Print the resolved RACI matrix",
		Long: `Matrix resolves every duty (an activity where it happens: per service, per
tenant of a provider in a landing zone, per landing zone, per provider or once
for the organisation) and prints one row per duty with its side of the
provider border, the R, A, C and I parties and the deciding rule. Filter with
--landing-zone, --service, --provider, --activity (each repeatable or
comma-separated), --party (duties where the party holds any role) and
--tenant (the tenant's duties, with the tenant owner resolved). A filter keeps
the coarser duties that cover what it names: --landing-zone cloud-native keeps
the duties per provider and of the organisation too.

Formats: table (for a terminal), csv, markdown, json.`,
		Example: `  demarc matrix examples/enterprise --landing-zone cloud-native --format markdown
  demarc matrix --provider aws --activity decommission-tenant
  demarc matrix --party network-team --format csv > network.csv`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := mdir.get(args, 0)
			if err != nil {
				return err
			}
			var w rowWriter
			switch format {
			case "table", "text":
				w = &tableWriter{tw: tabwriter.NewWriter(st.out, 0, 0, 2, ' ', 0)}
			case "csv":
				w = &csvWriter{w: csv.NewWriter(st.out)}
			case "markdown", "md":
				w = &markdownWriter{w: st.out}
			case "json":
				w = &jsonWriter{w: st.out}
			default:
				return withHint(fmt.Errorf("unknown format %q", format), "--format table (or text), csv, markdown or json")
			}
			r, l := resolver(dir)
			if n := l.diags.Count(diag.Error); n > 0 {
				fmt.Fprintf(st.err, "warning: the model has %d loading error(s); the matrix may be incomplete. Run `demarc check %s`.\n", n, dir)
			}
			if err := w.header(); err != nil {
				return err
			}
			var werr error
			err = r.Cells(f, func(a *resolve.Answer) bool {
				werr = w.row(a.View())
				return werr == nil
			})
			if err != nil {
				return withHint(err, "let the shell complete ids (`demarc completion --help`); `demarc check` reports the model's problems")
			}
			if werr != nil {
				return werr
			}
			return w.close()
		},
	}
	mdir.register(c)
	c.Flags().StringSliceVarP(&f.LandingZones, "landing-zone", "l", nil, "only these landing zones")
	c.Flags().StringSliceVarP(&f.Services, "service", "s", nil, "only these services")
	c.Flags().StringSliceVar(&f.Providers, "provider", nil, "only these providers")
	c.Flags().StringSliceVarP(&f.Activities, "activity", "a", nil, "only these activities")
	c.Flags().StringVarP(&f.Party, "party", "p", "", "only cells where this party holds a role")
	c.Flags().StringVarP(&f.Tenant, "tenant", "t", "", "the cells of this tenant")
	c.Flags().StringVarP(&format, "format", "f", "table", "output format: table, csv, markdown or json")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"table", "csv", "markdown", "json"}, cobra.ShellCompDirectiveNoFileComp))
	registerModelCompletions(c)
	return c
}

var matrixColumns = []string{"landing_zone", "service", "provider", "activity", "side", "outcome", "responsible", "accountable", "consulted", "informed", "rule"}

func matrixRow(v resolve.AnswerView) []string {
	rule := ""
	if v.Rule != nil {
		rule = v.Rule.ID
	} else if len(v.Conflicting) > 0 {
		var ids []string
		for _, c := range v.Conflicting {
			ids = append(ids, c.ID)
		}
		rule = "conflict: " + strings.Join(ids, " vs ")
	}
	return []string{v.LandingZone, v.Service, v.Provider, v.Activity, string(v.Side), v.Outcome.String(),
		partyList(v.Responsible), partyList(v.Accountable), partyList(v.Consulted), partyList(v.Informed), rule}
}

func partyList(list []resolve.AssigneeView) string {
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.Party
	}
	return strings.Join(ids, " ")
}

type rowWriter interface {
	header() error
	row(resolve.AnswerView) error
	close() error
}

type tableWriter struct{ tw *tabwriter.Writer }

func (t *tableWriter) header() error {
	_, err := fmt.Fprintln(t.tw, strings.ToUpper(strings.Join(matrixColumns, "\t")))
	return err
}
func (t *tableWriter) row(v resolve.AnswerView) error {
	cells := matrixRow(v)
	for i, c := range cells {
		if c == "" {
			cells[i] = "-"
		}
	}
	_, err := fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
	return err
}
func (t *tableWriter) close() error { return t.tw.Flush() }

type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) header() error { return c.w.Write(matrixColumns) }
func (c *csvWriter) row(v resolve.AnswerView) error {
	return c.w.Write(neutralise(matrixRow(v)))
}
func (c *csvWriter) close() error { c.w.Flush(); return c.w.Error() }

// neutralise prefixes cells that a spreadsheet would run as a formula.
func neutralise(cells []string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}

type markdownWriter struct{ w io.Writer }

func (m *markdownWriter) header() error {
	_, err := fmt.Fprintf(m.w, "| %s |\n|%s\n", strings.Join(matrixColumns, " | "), strings.Repeat("---|", len(matrixColumns)))
	return err
}
func (m *markdownWriter) row(v resolve.AnswerView) error {
	cells := matrixRow(v)
	for i, c := range cells {
		cells[i] = strings.NewReplacer("|", "\\|", "\n", " ").Replace(c)
	}
	_, err := fmt.Fprintf(m.w, "| %s |\n", strings.Join(cells, " | "))
	return err
}
func (m *markdownWriter) close() error { return nil }

// jsonWriter streams a JSON array, so large matrices need no buffering.
type jsonWriter struct {
	w     io.Writer
	count int
}

func (j *jsonWriter) header() error { _, err := io.WriteString(j.w, "["); return err }
func (j *jsonWriter) row(v resolve.AnswerView) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.count == 0 {
		sep = "\n"
	}
	j.count++
	_, err = fmt.Fprintf(j.w, "%s%s", sep, b)
	return err
}
func (j *jsonWriter) close() error { _, err := io.WriteString(j.w, "\n]\n"); return err }
