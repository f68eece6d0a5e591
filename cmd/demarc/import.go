package main

import "github.com/spf13/cobra"

func newImportCmd(st *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "import",
		Short: "Import other tools' data as model files",
	}
	c.AddCommand(newImportMCSBCmd(st), newImportControlsCmd(st))
	return c
}
