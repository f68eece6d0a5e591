package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

func newWhoCmd(st *streams) *cobra.Command {
	var (
		service, zone, tenant string
		provider, process     string
		format                string
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "who (ACTIVITY | --process PROCESS) [DIR]",
		Short: "Answer who is responsible and accountable for an activity, with the reason",
		Long: `Who resolves an activity to its RACI and explains the answer: the side of the
provider border, the deciding rule with its file:line and rationale, the rules
it overrides, and how to reach the accountable and responsible parties.

An activity happens at its grain: per service, per tenant, per landing zone,
per provider or once for the organisation, and the answer speaks in that
unit ("for this tenant", "for each AWS tenant", "for 4 services"). Narrow the
question with --service, --provider, --landing-zone and --tenant. A tenant
fixes its landing zone and provider, and the tenant-owner placeholder resolves
to the tenant's owner. Without them, every duty of the activity in the context
is resolved and those with the same answer are grouped.

With --process, who prints the runbook of a process for a tenant (or a
landing zone): its steps in running order, who is accountable and responsible
for each with their contacts, and every hand-off from one party to another.

Exit status: 0 when every duty asked about is decided, 1 when one is a gap or
a conflict or the model has loading errors, 2 when the question cannot be
answered (an unknown id, a landing zone that does not offer the service).`,
		Example: `  demarc who patch-guest-os examples/enterprise --service aws-ec2 --landing-zone lift-and-shift
  demarc who decommission-tenant --tenant 563956996473
  demarc who provision-tenant --landing-zone cloud-native --provider aws
  demarc who manage-encryption-keys --service azure-sql-database --landing-zone regulated-data --format json
  demarc who --process decommission-tenant --tenant 563956996473 examples/enterprise`,
		Args: cobra.RangeArgs(0, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if process != "" {
				return runWhoProcess(st, mdir, args, process, zone, tenant, format)
			}
			if len(args) == 0 {
				return withHint(errors.New("name an activity, or a process with --process"), "demarc who ACTIVITY [DIR], or demarc who --process PROCESS --tenant TENANT [DIR]")
			}
			dir, err := mdir.get(args, 1)
			if err != nil {
				return err
			}
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
			if provider != "" {
				f.Providers = []string{provider}
			}
			if msg := mismatch(l.model, service, provider, tenant); msg != "" {
				return withHint(errors.New(msg), "leave out one of them, or name a service, provider and tenant that belong together")
			}
			if zone != "" {
				f.LandingZones = []string{zone}
			}
			if tenant != "" && zone != "" {
				if t := l.model.TenantByID(tenant); t != nil && t.LandingZone.ID != zone {
					return fmt.Errorf("tenant %q is in landing zone %q, not %q; leave out --landing-zone", tenant, t.LandingZone.ID, zone)
				}
			}
			var answers []*resolve.Answer
			if err := r.Cells(f, func(a *resolve.Answer) bool { answers = append(answers, a); return true }); err != nil {
				return withHint(err, "let the shell complete ids (`demarc completion --help`); the site's pages list them all")
			}
			if len(answers) == 0 {
				return noAnswer(r, l.model, args[0], service, zone, tenant)
			}
			// A gap, a conflict or a model that did not load cleanly is not
			// an answer to rely on: say so in the exit code.
			findings := l.diags.Count(diag.Error) > 0
			for _, a := range answers {
				if a.Outcome == resolve.Gap || a.Outcome == resolve.Conflicting {
					findings = true
				}
			}
			if format == "json" {
				views := make([]resolve.AnswerView, len(answers))
				for i, a := range answers {
					views[i] = a.View()
				}
				enc := json.NewEncoder(st.out)
				enc.SetIndent("", "  ")
				out := map[string]any{
					"query":   map[string]string{"activity": args[0], "service": service, "provider": provider, "landing_zone": zone, "tenant": tenant},
					"answers": views,
				}
				if sts := providerStatements(l.model, args[0], answers); len(sts) > 0 {
					out["provider_statements"] = sts
				}
				if err := enc.Encode(out); err != nil {
					return err
				}
			} else {
				writeWho(st.out, l.model, answers)
				writeStatements(st.out, l.model, providerStatements(l.model, args[0], answers))
			}
			if findings {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	c.ValidArgsFunction = completeIDs(activityIDs)
	mdir.register(c)
	c.Flags().StringVarP(&service, "service", "s", "", "service id (default: every service in the context)")
	c.Flags().StringVarP(&zone, "landing-zone", "l", "", "landing zone id (default: every landing zone offering the service)")
	c.Flags().StringVarP(&tenant, "tenant", "t", "", "tenant id; fixes the landing zone and provider and resolves the tenant owner")
	c.Flags().StringVarP(&provider, "provider", "p", "", "provider id (default: every provider in the context)")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	c.Flags().StringVar(&process, "process", "", "process id: print its runbook for --tenant or --landing-zone")
	registerModelCompletions(c)
	return c
}

// mismatch says why a service, provider and tenant given together cannot
// name one cell, or "".
func mismatch(m *model.Model, service, provider, tenant string) string {
	s, t := m.ServiceByID[service], m.TenantByID(tenant)
	switch {
	case s != nil && provider != "" && s.Provider.ID != provider:
		return fmt.Sprintf("service %q is a %s service, not a %s one", service, s.Provider.ID, provider)
	case t != nil && provider != "" && t.Provider.ID != provider:
		return fmt.Sprintf("tenant %q is a %s tenant, not a %s one", tenant, t.Provider.ID, provider)
	case t != nil && s != nil && t.Provider.ID != s.Provider.ID:
		return fmt.Sprintf("tenant %q is a %s tenant; service %q is a %s service", tenant, t.Provider.ID, service, s.Provider.ID)
	}
	return ""
}

// noAnswer explains why a question matched no cell: the landing zone does
// not offer the service (naming what it does offer), or the activity does
// not apply there.
func noAnswer(r *resolve.Resolver, m *model.Model, activity, service, zone, tenant string) error {
	if t := m.TenantByID(tenant); t != nil && zone == "" {
		zone = t.LandingZone.ID
	}
	z := m.LandingZoneByID[zone]
	if z != nil && service != "" && !slices.ContainsFunc(z.Services, func(ref model.Ref) bool { return ref.ID == service }) {
		return withHint(fmt.Errorf("landing zone %q does not offer service %q; it offers: %s", zone, service, strings.Join(z.Services.IDs(), ", ")),
			fmt.Sprintf("demarc who %s --service SERVICE --landing-zone %s", activity, zone))
	}
	if service != "" && zone == "" {
		if zones := r.ZonesOffering(service); len(zones) == 0 {
			return fmt.Errorf("no landing zone offers service %q", service)
		}
	}
	a := m.ActivityByID[activity]
	where := "there"
	if z != nil {
		where = fmt.Sprintf("in landing zone %q", zone)
	}
	if a != nil && a.AppliesTo != nil {
		if sv := m.ServiceByID[service]; sv != nil && !a.AppliesToService(sv) {
			return withHint(fmt.Errorf("activity %q does not apply to service %q (%s, category %s): its applies_to at %s keeps it to other services",
				activity, service, sv.Model.ID, sv.Category, a.AppliesTo.Pos),
				fmt.Sprintf("demarc matrix --activity %s to see where it applies", activity))
		}
		return fmt.Errorf("activity %q does not apply to any service %s (see its applies_to at %s)", activity, where, a.AppliesTo.Pos)
	}
	return fmt.Errorf("activity %q has no duty %s", activity, where)
}

// writeWho prints answers grouped by what they say, each group headed by
// where it holds in the activity's grain.
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
	fmt.Fprintf(w, " — %s\n", grainPhrase(a0.Grain()))
	type group struct {
		view                       resolve.AnswerView
		answer                     *resolve.Answer
		zones, services, providers []string
	}
	var order []string
	groups := map[string]*group{}
	add := func(list *[]string, id string) {
		if id != "" && !slices.Contains(*list, id) {
			*list = append(*list, id)
		}
	}
	for _, a := range answers {
		v := a.View()
		key := v.Key()
		g := groups[key]
		if g == nil {
			g = &group{view: v, answer: a}
			groups[key] = g
			order = append(order, key)
		}
		add(&g.zones, v.LandingZone)
		add(&g.services, v.Service)
		add(&g.providers, v.Provider)
	}
	for _, key := range order {
		g := groups[key]
		a, v := g.answer, g.view
		providers := g.providers
		if a.Grain() == model.GrainTenant && allProviders(m, g.zones, g.providers) {
			providers = nil // every provider the landing zones offer: "each tenant"
		}
		fmt.Fprintf(w, "\n%s:\n", whereHeading(a.Grain(), a.Tenant != nil, g.zones, g.services, providers))
		switch a.Outcome {
		case resolve.Gap:
			fmt.Fprintf(w, "  GAP: no rule decides this %s-side duty. Add a rule (see `demarc explain gap`).\n", a.Side)
			continue
		case resolve.Conflicting:
			fmt.Fprintf(w, "  CONFLICT: equally specific rules disagree (see `demarc explain conflict`):\n")
			for _, r := range v.Conflicting {
				fmt.Fprintf(w, "    rule %s at %s\n", r.ID, shownSource(m, r.Source))
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
				case as.Party == model.TenantOwner && a.Grain().Has(model.DimTenant):
					note = "  (placeholder: the team that owns the tenant; ask with --tenant)"
				case as.Party == model.TenantOwner:
					note = "  (the owners of the tenants there)"
				case as.ByBorder:
					note = "  (provider side of the border)"
				}
				fmt.Fprintf(w, "  %-12s %s — %s%s\n", label, as.Party, as.Name, note)
			}
		}
		fmt.Fprintf(w, "  %s\n", sideText(a))
		if v.Rule != nil {
			r := v.Rule
			fmt.Fprintf(w, "  Decided by rule %s at %s (%s", r.ID, shownSource(m, r.Source), r.Status)
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
			fmt.Fprintf(w, "  Agrees: rule %s at %s\n", r.ID, shownSource(m, r.Source))
		}
		for _, r := range v.Overridden {
			if a.Outcome == resolve.ByProvider {
				fmt.Fprintf(w, "  Not applied (provider-side): rule %s at %s\n", r.ID, shownSource(m, r.Source))
			} else {
				fmt.Fprintf(w, "  Overrides: rule %s at %s\n", r.ID, shownSource(m, r.Source))
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

// grainPhrase says how often an activity of grain g happens.
func grainPhrase(g model.Grain) string {
	switch g {
	case model.GrainTenant:
		return "done once per tenant"
	case model.GrainLandingZone:
		return "done once per landing zone"
	case model.GrainProvider:
		return "done once per cloud provider"
	case model.GrainOrganisation:
		return "done once for the organisation"
	}
	return "done per service"
}

// whereHeading says where a group of answers holds, in its grain's terms.
func whereHeading(g model.Grain, forTenant bool, zones, services, providers []string) string {
	in := ""
	if len(zones) > 0 {
		in = "In " + plural(len(zones), "landing zone", zones)
	}
	join := func(a, b string) string {
		if a == "" {
			return strings.ToUpper(b[:1]) + b[1:]
		}
		return a + ", " + b
	}
	switch g {
	case model.GrainService:
		return join(in, "for "+plural(len(services), "service", services))
	case model.GrainTenant:
		if forTenant {
			return join(in, "for this tenant")
		}
		if len(providers) == 0 {
			return join(in, "for each tenant")
		}
		return join(in, "for each "+andList(providers)+" tenant")
	case model.GrainProvider:
		return join(in, "for "+plural(len(providers), "provider", providers))
	case model.GrainOrganisation:
		return join(in, "for the organisation")
	}
	return in
}

// shownSource is a rule's source as the terminal shows it: from the
// current directory, as check shows it, where JSON has it relative to the
// model directory.
func shownSource(m *model.Model, source string) string {
	if m.Dir == "" || m.Dir == "." || strings.HasPrefix(source, "builtin:") {
		return source
	}
	return filepath.Join(m.Dir, source)
}

// allProviders reports whether providers are all the providers whose
// services the landing zones offer.
func allProviders(m *model.Model, zones, providers []string) bool {
	for _, zid := range zones {
		z := m.LandingZoneByID[zid]
		if z == nil {
			return false
		}
		for _, ref := range z.Services {
			if sv := m.ServiceByID[ref.ID]; sv != nil && !slices.Contains(providers, sv.Provider.ID) {
				return false
			}
		}
	}
	return len(zones) > 0
}

// andList joins "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func sideText(a *resolve.Answer) string {
	layer := a.Activity.Layer.ID
	if layer == "" {
		return "Customer-side: the activity has no layer (governance work of the organisation)."
	}
	if a.Service == nil {
		switch a.Side {
		case model.SideProvider:
			return fmt.Sprintf("Provider-side: every service this duty covers puts layer %s on the provider side; no internal rule applies.", layer)
		case model.SideShared:
			return fmt.Sprintf("Shared: the services this duty covers put layer %s partly on the provider side; the provider does its part, the rule decides ours.", layer)
		}
		return fmt.Sprintf("Customer-side: every service this duty covers leaves layer %s to the customer.", layer)
	}
	sm := a.Service.Model.ID
	switch a.Side {
	case model.SideProvider:
		return fmt.Sprintf("Provider-side: under %s the provider holds layer %s; no internal rule applies.", sm, layer)
	case model.SideShared:
		return fmt.Sprintf("Shared: under %s layer %s is shared; the provider does its part, the rule decides ours.", sm, layer)
	}
	return fmt.Sprintf("Customer-side: under %s layer %s is the customer's.", sm, layer)
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
