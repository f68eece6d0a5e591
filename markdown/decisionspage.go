package markdown

import (
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/model"
)

func (x *exporter) refs(rs model.Refs) []*model.Party {
	var out []*model.Party
	for _, r := range rs {
		if pt := x.m.PartyByID[r.ID]; pt != nil {
			out = append(out, pt)
		}
	}
	return out
}

func (x *exporter) decisionsPage() string {
	p := x.newPage("decisions.md")
	p.heading(1, decisionsTitle)
	var agreed, proposed, retired, overdue int
	for _, d := range x.b.Decisions {
		switch d.Rule.EffectiveStatus() {
		case model.StatusAgreed:
			agreed++
		case model.StatusProposed:
			proposed++
		case model.StatusRetired:
			retired++
		}
		if d.Overdue {
			overdue++
		}
	}
	if len(x.b.Decisions) == 0 {
		p.para("The model records no decisions.")
		return p.String()
	}
	p.paraf("Every rule of the model: what was decided, where it applies, who carries it and why. %s: %d agreed, %d proposed, %d retired; %d overdue for review.",
		plural(len(x.b.Decisions), "decision"), agreed, proposed, retired, overdue)
	var rows [][]string
	for _, d := range x.b.Decisions {
		review := Text(d.Rule.ReviewBy.String())
		if d.Overdue {
			review += " **overdue**"
		}
		rows = append(rows, []string{p.rule(d.Rule), Text(string(d.Rule.EffectiveStatus())), p.activities(d.Activities), Text(d.Scope),
			p.parties(x.refs(d.Rule.Accountable)), strconv.Itoa(d.Cells), review})
	}
	p.table([]string{"Decision", "Status", "Activities", "Scope", "Accountable", "Cells", "Review by"}, rows)

	for _, d := range x.b.Decisions {
		r := d.Rule
		// The same headings in the same order as newExporter assumed, so
		// the anchor is x.decision[r].
		p.heading(2, r.ID)
		if md := Markdown(r.Rationale); md != "" {
			p.para(md)
		} else {
			p.para("*No rationale recorded.*")
		}
		status := Text(string(r.EffectiveStatus()))
		if d.Approved {
			status += ", approved by the accountable party"
		}
		items := []string{
			"**Status:** " + status,
			"**Activities:** " + p.activities(d.Activities),
			"**Scope:** " + Text(d.Scope),
			"**Responsible:** " + p.parties(x.refs(r.Responsible)),
			"**Accountable:** " + p.parties(x.refs(r.Accountable)),
		}
		if len(r.Consulted) > 0 {
			items = append(items, "**Consulted:** "+p.parties(x.refs(r.Consulted)))
		}
		if len(r.Informed) > 0 {
			items = append(items, "**Informed:** "+p.parties(x.refs(r.Informed)))
		}
		if !r.Decided.IsZero() {
			items = append(items, "**Decided:** "+Text(r.Decided.String()))
		}
		if !r.ReviewBy.IsZero() {
			rv := "**Review by:** " + Text(r.ReviewBy.String())
			if d.Overdue {
				rv += " (overdue)"
			}
			items = append(items, rv)
		}
		items = append(items, "**Cells decided:** "+strconv.Itoa(d.Cells))
		if len(r.Approvals) > 0 {
			var aps []string
			for _, a := range r.Approvals {
				s := p.partyRef(a.Party)
				if a.By != "" {
					s += " by " + Text(a.By)
				}
				if !a.At.IsZero() {
					s += " on " + Text(a.At.String())
				}
				aps = append(aps, s)
			}
			items = append(items, "**Approvals:** "+strings.Join(aps, "; "))
		} else {
			items = append(items, "**Approvals:** none")
		}
		p.list(items)
	}
	return p.String()
}
