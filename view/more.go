package view

import (
	"fmt"
	"slices"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

func (bb *builder) health(res *check.Result) {
	h := &bb.b.Health
	if res != nil {
		h.Summary = res.Summary
		for _, d := range res.Diagnostics {
			switch d.Severity {
			case diag.Error:
				h.Errors++
			case diag.Warning:
				h.Warnings++
			case diag.Info:
				h.Infos++
			}
			if d.Severity == diag.Error || d.Severity == diag.Warning {
				h.Diagnostics = append(h.Diagnostics, d)
			}
		}
		slices.SortStableFunc(h.Diagnostics, func(a, b diag.Diagnostic) int { return int(a.Severity) - int(b.Severity) })
	}
	for _, d := range bb.b.Decisions {
		if d.Rule.EffectiveStatus() == model.StatusProposed {
			h.Proposed = append(h.Proposed, d)
		}
		if d.Overdue {
			h.Overdue = append(h.Overdue, d)
		}
	}
}

// LevelName names a stakeholder level (1 low, 2 medium, 3 high); "" for
// a level that was not rated.
func LevelName(n int) string {
	switch n {
	case 1:
		return "low"
	case 2:
		return "medium"
	case 3:
		return "high"
	}
	return ""
}

func level(s string) int {
	switch s {
	case "low":
		return 1
	case "medium":
		return 2
	case "high":
		return 3
	}
	return 0
}

func (bb *builder) stakeholders() {
	m, b := bb.m, bb.b
	for _, p := range m.Parties {
		if p.Placeholder {
			continue
		}
		st := &Stakeholder{Party: p}
		if p.Stakeholder != nil {
			st.Influence, st.Interest, st.Concerns = level(p.Stakeholder.Influence), level(p.Stakeholder.Interest), p.Stakeholder.Concerns
		}
		b.Stakeholders = append(b.Stakeholders, st)
		for _, r := range p.Relations {
			if to := m.PartyByID[r.Party.ID]; to != nil {
				rel := Relation{From: p, To: to, Type: r.Type, Description: r.Description}
				b.Relations = append(b.Relations, rel)
				if pp := b.partyPage[p.ID]; pp != nil {
					pp.Relations = append(pp.Relations, rel)
				}
				if pp := b.partyPage[to.ID]; pp != nil && to != p {
					pp.Relations = append(pp.Relations, rel)
				}
			}
		}
	}
	// The org chart: parties without a (valid, acyclic) parent are roots.
	nodes := map[*model.Party]*OrgNode{}
	for _, p := range m.Parties {
		if !p.Placeholder {
			nodes[p] = &OrgNode{Party: p}
		}
	}
	for _, p := range m.Parties {
		n := nodes[p]
		if n == nil {
			continue
		}
		parent := m.PartyByID[p.Parent.ID]
		if parent == nil || nodes[parent] == nil || inCycle(m, p) {
			b.OrgChart = append(b.OrgChart, n)
			continue
		}
		nodes[parent].Children = append(nodes[parent].Children, n)
	}
}

// inCycle reports whether p's chain of parents loops, so the org chart
// shows parties of a (reported) cycle as roots instead of losing them.
func inCycle(m *model.Model, p *model.Party) bool {
	seen := map[*model.Party]bool{}
	for cur := p; cur != nil; cur = m.PartyByID[cur.Parent.ID] {
		if seen[cur] {
			return true
		}
		seen[cur] = true
	}
	return false
}

func glossary(m *model.Model) []Term {
	terms := []Term{
		{"Responsible (R)", "Does the work. One or more parties per cell."},
		{"Accountable (A)", "Owns the outcome and answers for it; approves the decision. Exactly one party per cell."},
		{"Consulted (C)", "Asked for input before the work is done; two-way communication."},
		{"Informed (I)", "Told about progress or outcome; one-way communication."},
		{"Cell", "One activity for one service in one landing zone (and, when asked, one tenant). Every cell resolves to exactly one accountable party."},
		{"Provider border", "The line the cloud provider's published shared responsibility model draws per service model: layers on the provider side belong to the provider without any internal rule."},
		{"Landing zone", "A use case with its own split of duties: who it is for, why the split is what it is, and which services it offers."},
		{"Rule (decision)", "For an activity or a selection of activities in a scope, who is responsible, accountable, consulted and informed, and why. The most specific matching rule decides a cell."},
		{"Tenant owner", "Placeholder for the application team that owns a tenant (account, subscription, project); resolved per tenant."},
		{"Gap", "A customer-side cell that no rule decides: nobody knows it is their job."},
		{"Conflict", "Two equally specific rules that disagree on a cell; demarc never picks one silently."},
	}
	for _, sm := range m.ServiceModels {
		def := sm.Description
		if def == "" {
			def = fmt.Sprintf("Service model %s.", sm.Name)
		}
		terms = append(terms, Term{Term: sm.Name + " (service model)", Definition: def})
	}
	return terms
}
