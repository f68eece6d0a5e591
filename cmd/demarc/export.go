package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/markdown"
	"github.com/demarc-dev/demarc/sheet"
)

func newExportCmd(st *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Export the model as Markdown (MkDocs), XLSX, CSV, OSCAL, a Backstage catalog or BPMN",
		Long: `Export writes the resolved model in formats people already use:

  markdown  a Markdown tree with mkdocs.yml: MkDocs, Backstage TechDocs and git wikis take it as is
  xlsx      a workbook: overview, a RACI matrix sheet (one row per duty) per landing zone and one
            for the duties outside landing zones, parties, decisions, tenants
  csv       the same sheets as CSV files
  oscal     OSCAL JSON for auditors: a component definition and system security plans
  backstage Backstage catalog entities: teams as Groups, landing zones as Systems, tenants as Resources
  bpmn      each process as BPMN 2.0 XML, a lane per party, for Camunda Modeler, bpmn.io, Signavio

Spreadsheet cells that a spreadsheet program would run as a formula (starting
with =, +, -, @, tab or carriage return) are neutralised.`,
	}
	sub := func(use, short, defOut string, run func(p *published, out string) (string, error)) *cobra.Command {
		var (
			force bool
			out   string
		)
		mdir := &modelDir{}
		s := &cobra.Command{
			Use:     use + " [DIR]",
			Short:   short,
			Example: "  demarc export " + use + " examples/enterprise -o " + defOut,
			Args:    cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				dir, err := mdir.get(args, 0)
				if err != nil {
					return err
				}
				p, err := publish(st, dir, force)
				if err != nil {
					return err
				}
				msg, err := run(p, out)
				if err != nil {
					return &exitError{code: exitFailure, err: fmt.Errorf("export %s to %s: %w", use, out, err)}
				}
				fmt.Fprintln(st.out, msg)
				return nil
			},
		}
		s.Flags().StringVarP(&out, "output", "o", defOut, "output "+map[bool]string{true: "file", false: "folder"}[use == "xlsx"])
		s.Flags().BoolVar(&force, "force", false, "export even when the model has errors")
		mdir.register(s)
		return s
	}
	c.AddCommand(newExportBPMNCmd(st))
	c.AddCommand(
		newExportOSCALCmd(st),
		newExportBackstageCmd(st),
		sub("markdown", "Export a Markdown tree with mkdocs.yml", "docs-export", func(p *published, out string) (string, error) {
			stats, err := markdown.Export(p.book, out, markdown.Options{})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Wrote %d Markdown pages to %s; build them with: mkdocs build -f %s/mkdocs.yml", stats.Pages, out, out), nil
		}),
		sub("xlsx", "Export an XLSX workbook", "demarc.xlsx", func(p *published, out string) (string, error) {
			f, err := os.Create(out)
			if err != nil {
				return "", err
			}
			w := bufio.NewWriter(f)
			if err := sheet.WriteXLSX(w, p.book); err != nil {
				f.Close()
				return "", err
			}
			if err := w.Flush(); err != nil {
				f.Close()
				return "", err
			}
			return "Wrote " + out, f.Close()
		}),
		sub("csv", "Export CSV files", "csv-export", func(p *published, out string) (string, error) {
			files, err := sheet.WriteCSV(out, p.book)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Wrote %d CSV files to %s", len(files), out), nil
		}),
	)
	return c
}
