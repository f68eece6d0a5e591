package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

func newWhoCmd(st *streams) *cobra.Command {
	var (
		dir                   string
		service, zone, tenant string
		format                string
	)
	c := &cobra.Command{
		Use:   "who ACTIVITY",
		Short: "Answer who is responsible and accountable for an activity, with the reason",
		Long: `Who resolves an activity to its RACI and explains the answer: the side of the
provider border, the deciding rule with its file:line and rationale, the rules
it overrides, and how to reach the accountable and responsible parties.

Narrow the question with --service, --landing-zone and --tenant. A tenant fixes
its landing zone and provider, and the tenant-owner placeholder resolves to the
tenant's owner. Without --service, every service in the context is resolved and
services with the same answer are grouped.`,
		Example: `  demarc who patch-guest-os --service aws-ec2 --landing-zone lift-and-shift
  demarc who decommission-tenant --tenant 123456789012
  demarc who grant-privileged-access --service azure-aks --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return withHint(fmt.Errorf("unknown format %q", format), "--format text or --format json")
			}
			r, l := resolver(dir)
			if n := l.diags.Count(diag.Error); n > 0 {
				fmt.Fprintf(st.err, "warning: the model has %d loading error(s); answers may be incomplete. Run `demarc check %s`.\n", n, dir)
			}
			f := resolve.Filter{Activities: []string{args[0]}, Tenant: tenant}
			if service != "" {
				f.Services = []string{service}
			}
			if zone != "" {
				f.LandingZones = []string{zone}
			}
			if tenant != "" && zone != "" {
				if t := l.model.TenantByID[tenant]; t != nil && t.LandingZone.ID != zone {
					return fmt.Errorf("tenant %q is in landing zone %q, not %q; leave out --landing-zone", tenant, t.LandingZone.ID, zone)
				}
			}
			var answers []*resolve.Answer
			if err := r.Cells(f, func(a *resolve.Answer) bool { answers = append(answers, a); return true }); err != nil {
				return withHint(err, fmt.Sprintf("list the ids with `demarc matrix -m %s`, or let the shell complete them (`demarc completion --help`)", dir))
			}
			if len(answers) == 0 {
				return fmt.Errorf("no landing zone offers %s", describeContext(service, zone, tenant))
			}
			if format == "json" {
				views := make([]resolve.AnswerView, len(answers))
				for i, a := range answers {
					views[i] = a.View()
				}
				enc := json.NewEncoder(st.out)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{
					"query":   map[string]string{"activity": args[0], "service": service, "landing_zone": zone, "tenant": tenant},
					"answers": views,
				})
			}
			writeWho(st.out, l.model, answers)
			return nil
		},
	}
	c.ValidArgsFunction = completeIDs(activityIDs)
	modelFlag(c, &dir)
	c.Flags().StringVarP(&service, "service", "s", "", "service id (default: every service in the context)")
	c.Flags().StringVarP(&zone, "landing-zone", "l", "", "landing zone id (default: every landing zone offering the service)")
	c.Flags().StringVarP(&tenant, "tenant", "t", "", "tenant id; fixes the landing zone and resolves the tenant owner")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	registerModelCompletions(c)
	return c
}

func describeContext(service, zone, tenant string) string {
	var parts []string
	if service != "" {
		parts = append(parts, fmt.Sprintf("service %q", service))
	} else {
		parts = append(parts, "any service")
	}
	if zone != "" {
		parts = append(parts, fmt.Sprintf("in landing zone %q", zone))
	}
	if tenant != "" {
		parts = append(parts, fmt.Sprintf("for tenant %q", tenant))
	}
	return strings.Join(parts, " ")
}

// writeWho prints answers grouped by landing zone and identical content.
func writeWho(w io.Writer, m *model.Model, answers []*resolve.Answer) {
	a0 := answers[0]
	fmt.Fprintf(w, "Who does %q (%s)", a0.Activity.Name, a0.Activity.ID)
	if a0.Tenant != nil {
		fmt.Fprintf(w, " for tenant %s", a0.Tenant.ID)
		if a0.Tenant.Name != "" {
			fmt.Fprintf(w, " %q", a0.Tenant.Name)
		}
		fmt.Fprintf(w, ", owned by %s", a0.Tenant.Owner.ID)
	}
	fmt.Fprintln(w)
	type group struct {
		view     resolve.AnswerView
		answer   *resolve.Answer
		zones    []string
		services []string
	}
	var order []string
	groups := map[string]*group{}
	for _, a := range answers {
		v := a.View()
		key := v.Key()
		g := groups[key]
		if g == nil {
			g = &group{view: v, answer: a}
			groups[key] = g
			order = append(order, key)
		}
		if !slices.Contains(g.zones, a.LandingZone.ID) {
			g.zones = append(g.zones, a.LandingZone.ID)
		}
		if !slices.Contains(g.services, a.Service.ID) {
			g.services = append(g.services, a.Service.ID)
		}
	}
	for _, key := range order {
		g := groups[key]
		a, v := g.answer, g.view
		fmt.Fprintf(w, "\nIn %s, for %s:\n", plural(len(g.zones), "landing zone", g.zones), plural(len(g.services), "service", g.services))
		switch a.Outcome {
		case resolve.Gap:
			fmt.Fprintf(w, "  GAP: no rule decides this %s-side cell. Add a rule (see `demarc explain gap`).\n", a.Side)
			continue
		case resolve.Conflicting:
			fmt.Fprintf(w, "  CONFLICT: equally specific rules disagree (see `demarc explain conflict`):\n")
			for _, r := range v.Conflicting {
				fmt.Fprintf(w, "    rule %s at %s\n", r.ID, r.Source)
			}
			continue
		}
		roles := []struct {
			name string
			list []resolve.AssigneeView
		}{{"Accountable", v.Accountable}, {"Responsible", v.Responsible}, {"Consulted", v.Consulted}, {"Informed", v.Informed}}
		for _, role := range roles {
			for i, as := range role.list {
				label := ""
				if i == 0 {
					label = role.name
				}
				note := ""
				switch {
				case as.Via != "":
					note = "  (the tenant owner)"
				case as.Party == model.TenantOwner:
					note = "  (placeholder: the team that owns the tenant; ask with --tenant)"
				case as.ByBorder:
					note = "  (provider side of the border)"
				}
				fmt.Fprintf(w, "  %-12s %s — %s%s\n", label, as.Party, as.Name, note)
			}
		}
		fmt.Fprintf(w, "  %s\n", sideText(a))
		if v.Rule != nil {
			r := v.Rule
			fmt.Fprintf(w, "  Decided by rule %s at %s (%s", r.ID, r.Source, r.Status)
			if r.Decided != "" {
				fmt.Fprintf(w, " %s", r.Decided)
			}
			if r.ReviewBy != "" {
				fmt.Fprintf(w, ", review by %s", r.ReviewBy)
			}
			fmt.Fprintln(w, ")")
			if strings.TrimSpace(r.Rationale) != "" {
				fmt.Fprintf(w, "  Rationale:\n%s", indent(strings.TrimSpace(r.Rationale), "    "))
			}
		}
		for _, r := range v.Agreeing {
			fmt.Fprintf(w, "  Agrees: rule %s at %s\n", r.ID, r.Source)
		}
		for _, r := range v.Overridden {
			if a.Outcome == resolve.ByProvider {
				fmt.Fprintf(w, "  Not applied (provider-side): rule %s at %s\n", r.ID, r.Source)
			} else {
				fmt.Fprintf(w, "  Overrides: rule %s at %s\n", r.ID, r.Source)
			}
		}
		if len(v.Contacts) > 0 {
			fmt.Fprintln(w, "  Contacts:")
			for _, pc := range v.Contacts {
				var cs []string
				for _, c := range pc.Contacts {
					cs = append(cs, contactText(c))
				}
				if len(cs) == 0 {
					cs = append(cs, "no contact recorded")
				}
				fmt.Fprintf(w, "    %s: %s", pc.Party, strings.Join(cs, "; "))
				if pc.Escalation != "" {
					fmt.Fprintf(w, " (escalate to %s)", pc.Escalation)
				}
				fmt.Fprintln(w)
			}
		}
	}
}

func sideText(a *resolve.Answer) string {
	sm := a.Service.Model.ID
	if a.Activity.Layer.ID == "" {
		return "Customer-side: the activity has no layer (governance work of the organisation)."
	}
	switch a.Side {
	case model.SideProvider:
		return fmt.Sprintf("Provider-side: under %s the provider holds layer %s; no internal rule applies.", sm, a.Activity.Layer.ID)
	case model.SideShared:
		return fmt.Sprintf("Shared: under %s layer %s is shared; the provider does its part, the rule decides ours.", sm, a.Activity.Layer.ID)
	}
	return fmt.Sprintf("Customer-side: under %s layer %s is the customer's.", sm, a.Activity.Layer.ID)
}

func contactText(c *model.Contact) string {
	var parts []string
	for _, ch := range c.Channels() {
		parts = append(parts, ch.Kind+" "+ch.Value)
	}
	s := strings.Join(parts, ", ")
	if c.Name != "" {
		s = c.Name + ": " + s
	}
	return s
}

func plural(n int, word string, items []string) string {
	const maxShown = 8
	shown := items
	more := ""
	if len(items) > maxShown {
		shown = items[:maxShown]
		more = fmt.Sprintf(" and %d more", len(items)-maxShown)
	}
	if n == 1 {
		return word + " " + shown[0]
	}
	return fmt.Sprintf("%d %ss (%s%s)", n, word, strings.Join(shown, ", "), more)
}

func indent(s, prefix string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		b.WriteString(prefix + line + "\n")
	}
	return b.String()
}
