package main

import "github.com/spf13/cobra"

func newImportCmd(st *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "import",
		Short: "Import parts of the model from other tools",
	}
	c.AddCommand(newImportBackstageCmd(st))
	return c
}
