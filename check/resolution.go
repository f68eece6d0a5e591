package check

import (
	"fmt"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// maxListed is how many services a gap message names before "and N more".
const maxListed = 5

// resolution turns the resolution summary into diagnostics.
func (c *checker) resolution(sum *resolve.Summary) {
	for _, g := range sum.Gaps {
		c.gap(g)
	}
	for _, cg := range sum.Conflicts {
		d := c.ds.Add(diag.Conflict, ruleRange(cg.B), "conflict: rules %q and %q disagree on %s", cg.A.ID, cg.B.ID, cg.Example).
			WithRelated(fmt.Sprintf("rule %q", cg.A.ID), ruleRange(cg.A))
		d.WithDetail("Neither rule is more specific than the other, so demarc will not pick one. They disagree on %d cell(s). Make one rule's scope narrower, add a rule that is more specific than both for the overlap, or give them the same RACI.", cg.Count)
	}
	for _, st := range sum.Rules {
		r := st.Rule
		at := ruleRange(r)
		if len(st.Excluded) > 0 && (st.Explicit || len(st.Activities) == 0) {
			c.scopeOutsideGrain(st)
			if len(st.Activities) == 0 {
				continue
			}
		}
		switch {
		case st.Contradictory:
			c.ds.Add(diag.RuleMatchesNothing, at, "rule %q can never apply: its scope contradicts itself", r.ID).
				WithDetail("A service or tenant in the scope belongs to a different provider, service model or landing zone than the scope also names. Remove the contradicting field.")
			continue
		case st.MatchedCustomer == 0 && st.MatchedProvider > 0:
			d := c.ds.Add(diag.InternalOnProviderCell, at, "rule %q assigns only cells the provider owns, e.g. %s", r.ID, st.ExampleProvider).
				WithDetail("Under the service model's border the provider holds this layer, so the rule has no effect and suggests a duty the organisation does not have. Remove the rule, narrow it to services where the layer is customer-side, or override the service's border if the organisation really runs this layer.")
			if s := st.ExampleProvider.Service; s != nil {
				d.WithRelated("the service whose border puts this layer on the provider side", s.IDPos)
			}
			continue
		case st.MatchedCustomer == 0 && st.MatchedProvider == 0 && r.Scope != nil && r.Scope.Tenant.IsSet():
			c.ds.Add(diag.RuleMatchesNothing, at, "rule %q applies to no cell of tenant %q", r.ID, r.Scope.Tenant.ID).
				WithDetail("The tenant's landing zone offers no service of the tenant's provider that the rule's scope and activities select.")
			continue
		case st.MatchedCustomer == 0 && st.MatchedProvider == 0:
			c.ds.Add(diag.RuleMatchesNothing, at, "rule %q applies to no cell", r.ID).
				WithDetail("No landing zone offers a service within the rule's scope. Check the scope, or add the service to a landing zone.")
			continue
		}
		if st.WonNoTenant > 0 {
			// Consulted or informed, the placeholder reads "the owners of
			// the tenants there", which is meaningful; accountable or
			// responsible it would name nobody in particular.
			for _, list := range []model.Refs{r.Accountable, r.Responsible} {
				for _, ref := range list {
					if ref.ID == model.TenantOwner {
						c.ds.Add(diag.PlaceholderWithoutOwner, ref.Range, "rule %q names the tenant-owner placeholder for %s, which no single tenant owns", r.ID, st.ExampleNoTenant).
							WithDetail("Activity %q happens %s, so its cells are not one tenant's and the placeholder cannot be accountable or responsible for them (consulted or informed, it means the owners of the tenants there). Name a real party, or make the activity per tenant (grain: tenant) if each tenant's owner really does it.", st.ExampleNoTenant.Activity.ID, grainText(st.ExampleNoTenant.Grain()))
					}
				}
			}
		}
		if st.Won > 0 && len(r.Accountable) == 1 {
			if p := c.m.PartyByID[r.Accountable[0].ID]; p != nil && p.IsProvider() {
				c.ds.Add(diag.ProviderAccountable, r.Accountable[0].Range, "provider party %q is accountable for a customer-side cell: %s", p.ID, st.ExampleWon).
					WithDetail("The provider's published model leaves this layer to the customer, so an internal party must be accountable. The provider may still be responsible or consulted.")
			}
		}
	}
}

// unused reports parties and activities that play no part in any decision.
func (c *checker) unused(sum *resolve.Summary) {
	m := c.m
	used := map[string]bool{model.TenantOwner: true}
	mark := func(refs ...model.Ref) {
		for _, r := range refs {
			used[r.ID] = true
		}
	}
	for _, r := range m.Rules {
		if r.EffectiveStatus() == model.StatusRetired {
			continue
		}
		mark(r.Responsible...)
		mark(r.Accountable...)
		mark(r.Consulted...)
		mark(r.Informed...)
		for _, a := range r.Approvals {
			mark(a.Party)
		}
	}
	for _, p := range m.Parties {
		mark(p.Parent, p.Escalation)
	}
	for _, z := range m.LandingZones {
		mark(z.Owner)
	}
	for _, t := range m.Tenants {
		mark(model.Ref{ID: t.Owner.ID})
	}
	usedProviders := map[string]bool{}
	for _, s := range m.Services {
		usedProviders[s.Provider.ID] = true
	}
	for _, p := range m.Providers {
		if usedProviders[p.ID] {
			if pp := m.ProviderParty(p.ID); pp != nil {
				used[pp.ID] = true
			}
		}
	}
	for _, p := range m.Parties {
		if used[p.ID] || p.Builtin != "" {
			continue
		}
		c.ds.Add(diag.UnusedParty, p.IDPos, "party %q holds no responsibility", p.ID).
			WithDetail("No rule names it, no party has it as parent, and it owns no landing zone or tenant. Assign it a duty or remove it.")
	}
	gap := map[*model.Activity]bool{}
	for _, g := range sum.Gaps {
		gap[g.Activity] = true
	}
	selected := map[string]bool{}
	for _, st := range sum.Rules {
		for _, id := range st.Activities {
			selected[id] = true
		}
	}
	for _, a := range m.Activities {
		// An activity with gaps is reported as gaps, which say more; one
		// the provider holds everywhere documents the provider's side.
		if selected[a.ID] || gap[a] || sum.ActivityDecided[a] || a.Builtin != "" {
			continue
		}
		c.ds.Add(diag.UnusedActivity, a.IDPos, "activity %q plays no part in the model", a.ID).
			WithDetail("No rule in force selects it and no landing zone offers a service it applies to. Add a rule and a landing zone service it applies to, or remove the activity.")
	}
}

// gap reports one gap group, naming the cell in the grain's terms.
func (c *checker) gap(g resolve.GapGroup) {
	at := g.Activity.IDPos
	if at.IsZero() {
		at = g.Activity.Pos
	}
	grain := g.Activity.EffectiveGrain()
	var where string
	switch {
	case g.Tenant != nil:
		where = fmt.Sprintf("tenant %q in landing zone %q", g.Tenant.ID, g.LandingZone.ID)
	case g.LandingZone != nil:
		where = fmt.Sprintf("landing zone %q", g.LandingZone.ID)
	}
	var d *diag.Diagnostic
	switch {
	case len(g.Services) > 0:
		d = c.ds.Add(diag.Gap, at, "gap: nobody is assigned %q for service %q in %s", g.Activity.ID, g.Services[0].ID, where)
		if len(g.Services) > 1 {
			d.WithDetail("No rule decides this customer-side cell. The same gap exists for %d services of this landing zone: %s. Add a rule for the activity in this landing zone (or a broader one).",
				len(g.Services), g.Describe(maxListed))
		} else {
			d.WithDetail("No rule decides this customer-side cell. Add a rule for activity %q that covers this service and landing zone.", g.Activity.ID)
		}
	case grain == model.GrainTenant:
		d = c.ds.Add(diag.Gap, at, "gap: nobody is assigned %q for %s tenants in %s", g.Activity.ID, g.Describe(maxListed), where)
		d.WithDetail("The activity happens per tenant; no rule decides it for these providers' tenants of this landing zone. Add a rule for activity %q in this landing zone (or a broader one).", g.Activity.ID)
	case grain == model.GrainProvider:
		d = c.ds.Add(diag.Gap, at, "gap: nobody is assigned %q for provider %s", g.Activity.ID, g.Describe(maxListed))
		d.WithDetail("The activity happens once per provider for the whole organisation; no rule decides it. Add a rule for activity %q (scope by provider where the answer differs).", g.Activity.ID)
	case g.LandingZone != nil:
		d = c.ds.Add(diag.Gap, at, "gap: nobody is assigned %q in %s", g.Activity.ID, where)
		d.WithDetail("The activity happens once per landing zone; no rule decides it here. Add a rule for activity %q in this landing zone (or one without a scope).", g.Activity.ID)
	default:
		d = c.ds.Add(diag.Gap, at, "gap: nobody is assigned %q for the organisation", g.Activity.ID)
		d.WithDetail("The activity happens once for the organisation; no rule decides it. Add a rule for activity %q without a scope.", g.Activity.ID)
	}
	if g.LandingZone != nil && !g.LandingZone.IDPos.IsZero() {
		label := "the landing zone"
		if len(g.Services) > 0 {
			label = "landing zone offering the service"
		}
		d.WithRelated(label, g.LandingZone.IDPos)
	}
}

// scopeOutsideGrain reports a rule whose scope fixes a dimension that the
// grain of activities it names does not have.
func (c *checker) scopeOutsideGrain(st resolve.RuleStats) {
	r := st.Rule
	for _, a := range st.Excluded {
		var bad []string
		for _, d := range r.Scope.Dimensions() {
			if !a.EffectiveGrain().Has(d) {
				bad = append(bad, string(d))
			}
		}
		var valid []string
		for _, d := range a.EffectiveGrain().Dimensions() {
			valid = append(valid, string(d))
		}
		allowed := "no scope at all"
		if len(valid) > 0 {
			allowed = strings.Join(valid, ", ")
		}
		at := r.Scope.Ref(model.Dimension(bad[0])).Range
		if at.IsZero() {
			at = r.Scope.Pos
		}
		if at.IsZero() {
			at = ruleRange(r)
		}
		d := c.ds.Add(diag.ScopeOutsideGrain, at, "rule %q scopes %s, but activity %q happens %s", r.ID, strings.Join(bad, " and "), a.ID, grainText(a.EffectiveGrain())).
			WithDetail("Cells of this activity have no %s, so the rule can never apply to it. A scope for it may use: %s. Remove the %s from the scope, or split the rule.", strings.Join(bad, " or "), allowed, strings.Join(bad, " and "))
		if !a.GrainPos.IsZero() {
			d.WithRelated("the activity's grain", a.GrainPos)
		} else if !a.IDPos.IsZero() {
			d.WithRelated("the activity", a.IDPos)
		}
	}
}

// grainText says how often an activity of grain g happens.
func grainText(g model.Grain) string {
	switch g {
	case model.GrainTenant:
		return "per tenant"
	case model.GrainLandingZone:
		return "once per landing zone"
	case model.GrainProvider:
		return "once per provider"
	case model.GrainOrganisation:
		return "once for the organisation"
	}
	return "per service"
}
