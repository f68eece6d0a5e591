package check

import (
	"fmt"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// Options control a check.
type Options struct {
	// Today is the date review-by dates are compared with; zero means now.
	Today time.Time
	// Severity overrides default severities per code; Off silences codes.
	Severity map[diag.Code]diag.Severity
	Off      map[diag.Code]bool
}

// Result is the outcome of a check: all diagnostics, sorted, and the
// resolution summary they were derived from.
type Result struct {
	Diagnostics diag.Diagnostics
	Summary     *resolve.Summary
}

// Model checks m. loadDiags are the loader's diagnostics; they are included
// in the result, with severities adjusted like every other diagnostic.
func Model(m *model.Model, r *resolve.Resolver, loadDiags diag.Diagnostics, opts Options) *Result {
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	c := &checker{m: m, opts: opts}
	c.ds = append(c.ds, loadDiags...)
	sum := r.Summarize()
	if !m.Incomplete { // else the loader's limit says why, alone
		c.rules()
		c.parties()
		c.tenants()
		c.resolution(sum)
		c.unused(sum)
		c.processes(r)
		c.facts(r)
	}
	return &Result{Diagnostics: applySeverity(c.ds, opts).Sort(), Summary: sum}
}

func applySeverity(ds diag.Diagnostics, opts Options) diag.Diagnostics {
	out := ds[:0]
	for _, d := range ds {
		if opts.Off[d.Code] {
			continue
		}
		if s, ok := opts.Severity[d.Code]; ok {
			d.Severity = s
		}
		out = append(out, d)
	}
	return out
}

type checker struct {
	m    *model.Model
	opts Options
	ds   diag.Diagnostics
}

func ruleRange(r *model.Rule) diag.Range {
	if !r.IDPos.IsZero() {
		return r.IDPos
	}
	return r.Pos
}

// rules checks each rule on its own: RACI shape and decision hygiene.
func (c *checker) rules() {
	// Review-by dates are calendar dates: compare with today's date where
	// the check runs, not with the UTC day.
	y, mo, d := c.opts.Today.Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	for _, r := range c.m.Rules {
		if r.EffectiveStatus() == model.StatusRetired {
			continue
		}
		at := ruleRange(r)
		switch len(r.Accountable) {
		case 0:
			c.ds.Add(diag.NoAccountable, at, "rule %q names no accountable party", r.ID).
				WithDetail("Every decision needs exactly one accountable party: add `accountable: PARTY`.")
		case 1:
		default:
			d := c.ds.Add(diag.MultipleAccountable, r.Accountable[1].Range, "rule %q names %d accountable parties: %s", r.ID, len(r.Accountable), strings.Join(r.Accountable.IDs(), ", ")).
				WithDetail("Accountability cannot be shared: keep one accountable party and move the others to responsible or consulted.")
			d.WithRelated("first accountable party", r.Accountable[0].Range)
		}
		if len(r.Responsible) == 0 {
			c.ds.Add(diag.NoResponsible, at, "rule %q names no responsible party", r.ID).
				WithDetail("Name who does the work: add `responsible: [PARTY]` (it may be the accountable party).")
		}
		if strings.TrimSpace(r.Rationale) == "" {
			c.ds.Add(diag.RuleWithoutRational, at, "rule %q has no rationale", r.ID).
				WithDetail("Record why this split was chosen in `rationale:`; a decision without a reason cannot be reviewed.")
		}
		if r.EffectiveStatus() == model.StatusAgreed && len(r.Accountable) == 1 {
			acc := r.Accountable[0].ID
			if acc != model.TenantOwner && !approvedBy(r, acc) {
				at := r.StatusPos
				if at.IsZero() {
					at = ruleRange(r)
				}
				c.ds.Add(diag.AgreedNotApproved, at, "rule %q is agreed but its accountable party %q has not approved it", r.ID, acc).
					WithDetail("Add an approval `{party: %s, by: NAME, at: YYYY-MM-DD}`, or set `status: proposed` until it is approved.", acc)
			}
		}
		if !r.ReviewBy.IsZero() && r.ReviewBy.Before(today) {
			at := r.ReviewByPos
			if at.IsZero() {
				at = ruleRange(r)
			}
			c.ds.Add(diag.ReviewOverdue, at, "rule %q was due for review on %s", r.ID, r.ReviewBy).
				WithDetail("Review the decision with its parties, then move review_by to the next review date.")
		}
	}
}

func approvedBy(r *model.Rule, party string) bool {
	for _, a := range r.Approvals {
		if a.Party.ID == party {
			return true
		}
	}
	return false
}

// parties checks the org structure and reachability.
func (c *checker) parties() {
	m := c.m
	// Cycles in the parent hierarchy: walk up from each party.
	reported := map[string]bool{}
	for _, p := range m.Parties {
		seen := map[string]int{}
		var chain []string
		for cur := p; cur != nil; cur = m.PartyByID[cur.Parent.ID] {
			if _, ok := seen[cur.ID]; ok {
				cycle := chain[seen[cur.ID]:]
				key := minString(cycle)
				if !reported[key] {
					reported[key] = true
					start := m.PartyByID[key]
					d := c.ds.Add(diag.PartyCycle, start.Parent.Range, "the party hierarchy has a cycle: %s → %s", strings.Join(rotate(cycle, key), " → "), key).
						WithDetail("A party cannot be its own ancestor. Change one `parent:` so the chain ends at a top-level party.")
					for _, id := range cycle {
						if id != key {
							d.WithRelated(fmt.Sprintf("parent of %q", id), m.PartyByID[id].Parent.Range)
						}
					}
				}
				break
			}
			seen[cur.ID] = len(chain)
			chain = append(chain, cur.ID)
			if !cur.Parent.IsSet() {
				break
			}
		}
		if p.Builtin == "" && !p.Placeholder && len(p.Contacts) == 0 {
			c.ds.Add(diag.PartyWithoutContact, p.IDPos, "party %q has no contact", p.ID).
				WithDetail("Add at least one contact (email, chat, oncall, phone, url or ticket) so people know whom to call.")
		}
		for i, ct := range p.Contacts {
			if len(ct.Channels()) == 0 {
				c.ds.Add(diag.MissingRequired, ct.Pos, "contact %d of party %q has no channel", i+1, p.ID).
					WithDetail("Give at least one of email, chat, oncall, phone, url or ticket.")
			}
		}
	}
	for _, z := range m.LandingZones {
		if z.Owner.ID == model.TenantOwner {
			c.ds.Add(diag.PlaceholderWithoutOwner, z.Owner.Range, "landing zone %q is owned by the tenant-owner placeholder", z.ID).
				WithDetail("A landing zone spans many tenants, so it has no single tenant owner. Name the party that runs it.")
		}
	}
	for _, p := range m.Parties {
		if p.Parent.ID == model.TenantOwner {
			c.ds.Add(diag.PlaceholderWithoutOwner, p.Parent.Range, "party %q has the tenant-owner placeholder as parent", p.ID).
				WithDetail("The placeholder stands for a different team per tenant; it cannot be part of the org structure.")
		}
		if p.Escalation.ID == model.TenantOwner {
			c.ds.Add(diag.PlaceholderWithoutOwner, p.Escalation.Range, "party %q escalates to the tenant-owner placeholder", p.ID).
				WithDetail("The placeholder stands for a different team per tenant; name the party to escalate to.")
		}
	}
}

func minString(list []string) string {
	out := list[0]
	for _, s := range list[1:] {
		if s < out {
			out = s
		}
	}
	return out
}

// rotate returns the cycle starting at start.
func rotate(cycle []string, start string) []string {
	for i, s := range cycle {
		if s == start {
			return append(append([]string{}, cycle[i:]...), cycle[:i]...)
		}
	}
	return cycle
}

// tenants checks that every tenant has an owner and a landing zone that
// exist: an orphaned tenant is how zombie workloads happen.
func (c *checker) tenants() {
	m := c.m
	var parties []string // computed on first use
	for _, t := range m.Tenants {
		at := t.IDPos()
		if at.IsZero() {
			at = t.Pos()
		}
		switch {
		case !t.Owner.IsSet():
			c.ds.Add(diag.OrphanedTenant, at, "tenant %q has no owner", t.ID).
				WithDetail("Every tenant needs an owning application party, or nobody will decommission it. Set `owner:`.")
		case m.PartyByID[t.Owner.ID] == nil:
			d := c.ds.Add(diag.OrphanedTenant, t.RefPos(t.Owner), "tenant %q is owned by unknown party %q", t.ID, t.Owner.ID)
			if parties == nil {
				parties = partyIDs(m)
			}
			if sug := diag.DidYouMean(t.Owner.ID, parties); sug != "" {
				d.WithSuggestion(sug)
			} else {
				d.WithDetail("Define the party, or set the owner to an existing application party.")
			}
		case t.Owner.ID == model.TenantOwner:
			c.ds.Add(diag.OrphanedTenant, t.RefPos(t.Owner), "tenant %q is owned by the tenant-owner placeholder", t.ID).
				WithDetail("Name the real application party that owns the tenant.")
		case m.PartyByID[t.Owner.ID].IsProvider():
			c.ds.Add(diag.OrphanedTenant, t.RefPos(t.Owner), "tenant %q is owned by provider party %q", t.ID, t.Owner.ID).
				WithDetail("A tenant is owned by a team of the organisation, not by the cloud provider.")
		}
		switch {
		case !t.LandingZone.IsSet():
			c.ds.Add(diag.OrphanedTenant, at, "tenant %q has no landing zone", t.ID).
				WithDetail("Set `landing_zone:` so the tenant's duties can be resolved.")
		case m.LandingZoneByID[t.LandingZone.ID] == nil:
			d := c.ds.Add(diag.OrphanedTenant, t.RefPos(t.LandingZone), "tenant %q is in unknown landing zone %q", t.ID, t.LandingZone.ID)
			if sug := diag.DidYouMean(t.LandingZone.ID, zoneIDs(m)); sug != "" {
				d.WithSuggestion(sug)
			}
		}
	}
}

func partyIDs(m *model.Model) []string {
	out := make([]string, 0, len(m.Parties))
	for _, p := range m.Parties {
		out = append(out, p.ID)
	}
	return out
}

func zoneIDs(m *model.Model) []string {
	out := make([]string, 0, len(m.LandingZones))
	for _, z := range m.LandingZones {
		out = append(out, z.ID)
	}
	return out
}
