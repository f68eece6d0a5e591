package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// completeIDs returns a completion function offering the ids of one kind of
// element of the model named by the command's --model flag, with names as
// descriptions.
func completeIDs(kind func(m *model.Model) [][2]string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		dir, _ := cmd.Flags().GetString("model")
		m, _ := load.Dir(dir, load.Options{})
		var out []cobra.Completion
		for _, e := range kind(m) {
			if strings.HasPrefix(e[0], toComplete) {
				out = append(out, cobra.CompletionWithDesc(e[0], e[1]))
			}
			if len(out) >= 1000 {
				break
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func activityIDs(m *model.Model) [][2]string {
	out := make([][2]string, 0, len(m.Activities))
	for _, a := range m.Activities {
		out = append(out, [2]string{a.ID, a.Name})
	}
	return out
}

func serviceIDs(m *model.Model) [][2]string {
	out := make([][2]string, 0, len(m.Services))
	for _, s := range m.Services {
		out = append(out, [2]string{s.ID, s.Name})
	}
	return out
}

func zoneIDs(m *model.Model) [][2]string {
	out := make([][2]string, 0, len(m.LandingZones))
	for _, z := range m.LandingZones {
		out = append(out, [2]string{z.ID, z.Name})
	}
	return out
}

func partyIDs(m *model.Model) [][2]string {
	out := make([][2]string, 0, len(m.Parties))
	for _, p := range m.Parties {
		out = append(out, [2]string{p.ID, p.Name})
	}
	return out
}

func tenantIDs(m *model.Model) [][2]string {
	out := make([][2]string, 0, len(m.Tenants))
	for _, t := range m.Tenants {
		out = append(out, [2]string{t.ID, t.Name})
	}
	return out
}

// registerModelCompletions wires id completion into a command's flags.
func registerModelCompletions(c *cobra.Command) {
	flags := map[string]func(*model.Model) [][2]string{
		"service": serviceIDs, "landing-zone": zoneIDs, "activity": activityIDs, "party": partyIDs, "tenant": tenantIDs, "process": processIDs,
	}
	for name, kind := range flags {
		if c.Flags().Lookup(name) != nil {
			_ = c.RegisterFlagCompletionFunc(name, completeIDs(kind))
		}
	}
}
