package main

import (
	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/schema"
)

func newSchemaCmd(st *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of model files",
		Long: `Schema prints the JSON Schema of demarc model files, generated from the same
types the loader decodes. Point your editor at it with a first line such as

  # yaml-language-server: $schema=` + schema.ID + `

or save it next to the model and reference the file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := schema.Model()
			if err != nil {
				return err
			}
			_, err = st.out.Write(b)
			return err
		},
	}
}
