package main

import "github.com/spf13/cobra"

func newImportCmd(st *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "import",
		Short: "Import model elements from other tools' formats",
	}
	c.AddCommand(newImportTenantsCmd(st), newImportBackstageCmd(st), newImportMCSBCmd(st), newImportControlsCmd(st))
	return c
}
