package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/baseline"
	"github.com/demarc-dev/demarc/starter"
)

func newInitCmd(st *streams) *cobra.Command {
	var opts starter.Options
	c := &cobra.Command{
		Use:   "init DIR",
		Short: "Create a starter model that passes check",
		Long: `Init writes a starter model into DIR (which must be new or empty): typical
parties (providers, cloud foundation team, security, IAM, network, central IT
operations, controlling, application teams), activities covering the cloud
foundation's capability areas, three landing zones (lift-and-shift,
cloud-native, container platform) with different splits and their rationale,
rules that decide every cell, and example tenants. It passes 'demarc check'
with no errors and no warnings; tailor it from there.`,
		Example: `  demarc init my-model
  demarc init aws-model --provider aws --organisation "Example Corp"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := starter.Write(args[0], opts); err != nil {
				return err
			}
			fmt.Fprintf(st.out, "Created a starter model in %s. Next:\n  demarc check %s\n  demarc who decommission-tenant --model %s\n", args[0], args[0], args[0])
			return nil
		},
	}
	c.Flags().StringSliceVarP(&opts.Providers, "provider", "p", nil, fmt.Sprintf("providers to include (default: all of %v)", baseline.Names()))
	c.Flags().StringVar(&opts.Organisation, "organisation", "", "organisation name (default: Example Corp)")
	_ = c.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(baseline.Names(), cobra.ShellCompDirectiveNoFileComp))
	return c
}
