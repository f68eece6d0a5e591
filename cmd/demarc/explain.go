package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/diag"
)

func newExplainCmd(st *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [CODE]",
		Short: "Explain a diagnostic code, or list all codes",
		Long:  "Explain prints what a diagnostic means, why it matters and how to fix it. CODE is a code such as DM204 or a name such as gap. Without CODE it lists every code.",
		Args:  cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var out []string
			for _, i := range diag.All() {
				out = append(out, string(i.Code)+"\t"+i.Title)
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				for _, i := range diag.All() {
					fmt.Fprintf(st.out, "%s  %-8s %-28s %s\n", i.Code, i.Severity, i.Name, i.Title)
				}
				return nil
			}
			info, err := diag.Lookup(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(st.out, "%s %s (%s by default)\n\n%s\n", info.Code, info.Name, info.Severity, info.Title)
			if info.Explain != "" {
				fmt.Fprintf(st.out, "\n%s\n", strings.TrimSpace(info.Explain))
			}
			return nil
		},
	}
}
