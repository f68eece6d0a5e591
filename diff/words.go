package diff

import (
	"fmt"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// Summary is the report in one line: the first line of every output.
func (r *Report) Summary() string {
	if r.Empty() {
		return "No change in responsibilities."
	}
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, count(n, one, many))
		}
	}
	add(len(r.Parties), "party's duties change", "parties' duties change")
	add(len(r.Accountable), "duty changes its accountable party", "duties change their accountable party")
	add(r.Duties.Added, "duty added", "duties added")
	add(r.Duties.Removed, "duty removed", "duties removed")
	unapproved := 0
	for _, p := range r.Parties {
		unapproved += p.Unapproved
	}
	add(unapproved, "duty is assigned to an accountable party that did not approve it", "duties are assigned to an accountable party that did not approve them")
	add(len(r.Rules.Added), "rule added", "rules added")
	add(len(r.Rules.Removed), "rule removed", "rules removed")
	add(len(r.Rules.Changed), "rule changed", "rules changed")
	add(len(r.Gaps.Introduced), "gap introduced", "gaps introduced")
	add(len(r.Gaps.Fixed), "gap fixed", "gaps fixed")
	add(len(r.Conflicts.Introduced), "conflict introduced", "conflicts introduced")
	add(len(r.Conflicts.Fixed), "conflict fixed", "conflicts fixed")
	add(len(r.Diagnostics.Introduced), "finding introduced", "findings introduced")
	add(len(r.Diagnostics.Fixed), "finding fixed", "findings fixed")
	add(len(r.Stale), "decision needs acknowledging again", "decisions need acknowledging again")
	s := r.Structure
	add(len(s.LandingZonesAdded), "landing zone added", "landing zones added")
	add(len(s.LandingZonesRemoved), "landing zone removed", "landing zones removed")
	add(len(s.Offers), "landing zone changes its services", "landing zones change their services")
	add(s.TenantsAdded, "tenant added", "tenants added")
	add(s.TenantsRemoved, "tenant removed", "tenants removed")
	add(len(s.TenantsMoved), "tenant moved", "tenants moved")
	if len(parts) == 0 {
		return "Changes that move no duty."
	}
	return capital(strings.Join(parts, ", ")) + "."
}

// Headline says what the change means for the party, in one sentence:
// "network-team becomes accountable for 40 duties it never agreed to".
func (p *PartyChange) Headline() string {
	var parts []string
	switch {
	case p.Unapproved > 0 && p.Unapproved == p.NewlyAccountable:
		parts = append(parts, fmt.Sprintf("becomes accountable for %s it never agreed to", count(p.NewlyAccountable, "duty", "duties")))
	case p.Unapproved > 0:
		parts = append(parts, fmt.Sprintf("becomes accountable for %s (%d of them without its approval)", count(p.NewlyAccountable, "duty", "duties"), p.Unapproved))
	case p.NewlyAccountable > 0:
		parts = append(parts, fmt.Sprintf("becomes accountable for %s", count(p.NewlyAccountable, "duty", "duties")))
	}
	if p.NoLongerAccountable > 0 {
		parts = append(parts, fmt.Sprintf("is no longer accountable for %s", count(p.NoLongerAccountable, "duty", "duties")))
	}
	var roles []string
	if n := len(p.Gained); n > 0 {
		roles = append(roles, "gains "+count(n, "duty", "duties"))
	}
	if n := len(p.Lost); n > 0 {
		roles = append(roles, "loses "+count(n, "duty", "duties"))
	}
	if n := len(p.Changed); n > 0 {
		roles = append(roles, "changes roles in "+count(n, "duty", "duties"))
	}
	parts = append(parts, roles...)
	return p.Party + " " + joinAnd(parts)
}

// describe is a rule change in words: "accountable cloud-foundation →
// network-team; rationale changed".
func (c *RuleChange) describe() string {
	var parts []string
	for _, f := range c.Fields {
		switch f.Field {
		case "rationale":
			parts = append(parts, "rationale changed")
		case "approvals":
			parts = append(parts, "approvals: "+orNone(f.From)+" → "+orNone(f.To))
		default:
			parts = append(parts, f.Field+" "+orNone(f.From)+" → "+orNone(f.To))
		}
	}
	return strings.Join(parts, "; ")
}

func (s *StaleDecision) describe() string {
	what := "changed"
	if s.Removed {
		what = "removed"
	}
	if len(s.Parties) == 0 {
		return fmt.Sprintf("%s (%s)", s.Rule, what)
	}
	line := fmt.Sprintf("%s (%s): acknowledgements by %s become stale", s.Rule, what, strings.Join(s.Parties, ", "))
	if len(s.Acknowledgements) > 0 {
		var who []string
		for _, a := range s.Acknowledgements {
			who = append(who, fmt.Sprintf("%s for %s on %s", a.Person, a.Party, a.At))
		}
		line += "; recorded: " + strings.Join(who, ", ")
	}
	return line
}

func (f *Finding) describe() string {
	s := fmt.Sprintf("%s %s: %s", f.Severity, f.Code, f.Summary)
	if f.Source != "" {
		s = f.Source + ": " + s
	}
	return s
}

func (t *TenantChange) describe() string {
	var parts []string
	for _, f := range t.Fields {
		parts = append(parts, f.Field+" "+f.From+" → "+f.To)
	}
	return "tenant " + t.Tenant + ": " + strings.Join(parts, ", ")
}

func (o *OfferChange) describe() string {
	var parts []string
	if len(o.Added) > 0 {
		parts = append(parts, "offers "+strings.Join(o.Added, ", "))
	}
	if len(o.Removed) > 0 {
		parts = append(parts, "no longer offers "+strings.Join(o.Removed, ", "))
	}
	return "landing zone " + o.LandingZone + " " + strings.Join(parts, " and ")
}

func ruleSuffix(rule string) string {
	if rule == "" {
		return ""
	}
	return " (rule " + rule + ")"
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Severity is how much the change needs a reviewer, for gating a merge:
// Error when a party becomes accountable for duties whose deciding rule
// records no approval by it, Warning when acknowledgements become stale,
// Info for any other change, and 0 (diag.SeverityInvalid) for none.
func (r *Report) Severity() diag.Severity {
	for _, p := range r.Parties {
		if p.Unapproved > 0 {
			return diag.Error
		}
	}
	switch {
	case len(r.Stale) > 0:
		return diag.Warning
	case !r.Empty():
		return diag.Info
	}
	return diag.SeverityInvalid
}
