package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/encoding/mcsb"
)

func newImportControlsCmd(st *streams) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "mcsb-controls FILE -o DIR",
		Short: "Import the Microsoft cloud security benchmark control catalogue",
		Long: `Import reads the benchmark's control catalogue
(Microsoft_cloud_security_benchmark_v1.xlsx) and writes DIR/mcsb-controls.yaml:
every control with its title, domain and crosswalk to CIS Controls v7.1 and
v8, NIST SP 800-53 r4 and PCI DSS 3.2.1. A model with these controls is
checked against them instead of the catalogue demarc ships, so a newer
benchmark can be used without a new demarc. The file carries the CC BY 4.0
attribution of the benchmark; a re-import leaves an unchanged file alone.

Exit codes: 0 imported, 2 the workbook could not be read or written.`,
		Example: `  git clone https://github.com/MicrosoftDocs/SecurityBenchmarks && demarc import mcsb-controls SecurityBenchmarks/Microsoft_cloud_security_benchmark_v1.xlsx -o model/controls`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return withHint(errors.New("no output folder"), "give it with -o DIR, e.g. -o model/controls")
			}
			cat, err := mcsb.ReadCatalogueFile(args[0])
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			data, err := mcsb.ControlsFile(cat, filepath.Base(args[0]))
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("%s: %w", out, unwrap(err))}
			}
			dst := filepath.Join(out, "mcsb-controls.yaml")
			changed, err := writeIfChanged(dst, data)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			state := "unchanged"
			if changed {
				state = "written"
			}
			fmt.Fprintf(st.out, "imported %d controls into %s (%s)\n", len(cat.Controls), dst, state)
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "folder to write mcsb-controls.yaml into (created if missing)")
	return c
}
