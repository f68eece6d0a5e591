package check

import (
	"fmt"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// maxListed is how many services a gap message names before "and N more".
const maxListed = 5

// resolution turns the resolution summary into diagnostics.
func (c *checker) resolution(sum *resolve.Summary) {
	for _, g := range sum.Gaps {
		at := g.Activity.IDPos
		if at.IsZero() {
			at = g.Activity.Pos
		}
		where := fmt.Sprintf("landing zone %q", g.LandingZone.ID)
		if g.Tenant != nil {
			where += fmt.Sprintf(" for tenant %q", g.Tenant.ID)
		}
		d := c.ds.Add(diag.Gap, at, "gap: nobody is assigned %q for service %q in %s", g.Activity.ID, g.Services[0].ID, where)
		if len(g.Services) > 1 {
			d.WithDetail("No rule decides this customer-side cell. The same gap exists for %d services of this landing zone: %s. Add a rule for the activity in this landing zone (or a broader one).",
				len(g.Services), g.Describe(maxListed))
		} else {
			d.WithDetail("No rule decides this customer-side cell. Add a rule for activity %q that covers this service and landing zone.", g.Activity.ID)
		}
		if !g.LandingZone.IDPos.IsZero() {
			d.WithRelated("landing zone offering the service", g.LandingZone.IDPos)
		}
	}
	for _, cg := range sum.Conflicts {
		d := c.ds.Add(diag.Conflict, ruleRange(cg.B), "conflict: rules %q and %q disagree on %s", cg.A.ID, cg.B.ID, cg.Example).
			WithRelated(fmt.Sprintf("rule %q", cg.A.ID), ruleRange(cg.A))
		d.WithDetail("Neither rule is more specific than the other, so demarc will not pick one. They disagree on %d cell(s). Make one rule's scope narrower, add a rule that is more specific than both for the overlap, or give them the same RACI.", cg.Count)
	}
	for _, st := range sum.Rules {
		r := st.Rule
		at := ruleRange(r)
		switch {
		case st.Contradictory:
			c.ds.Add(diag.RuleMatchesNothing, at, "rule %q can never apply: its scope contradicts itself", r.ID).
				WithDetail("A service or tenant in the scope belongs to a different provider, service model or landing zone than the scope also names. Remove the contradicting field.")
			continue
		case st.MatchedCustomer == 0 && st.MatchedProvider > 0:
			d := c.ds.Add(diag.InternalOnProviderCell, at, "rule %q assigns only cells the provider owns, e.g. %s", r.ID, st.ExampleProvider).
				WithDetail("Under the service model's border the provider holds this layer, so the rule has no effect and suggests a duty the organisation does not have. Remove the rule, narrow it to services where the layer is customer-side, or override the service's border if the organisation really runs this layer.")
			d.WithRelated("the service whose border puts this layer on the provider side", st.ExampleProvider.Service.IDPos)
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
		mark(t.Owner)
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
