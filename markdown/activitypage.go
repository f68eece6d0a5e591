package markdown

import (
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (x *exporter) activityPage(ap *view.ActivityPage) string {
	a := ap.Activity
	p := x.newPage(x.activity[a])
	p.heading(1, a.Name)
	layer := "governance (no layer)"
	if ap.Layer != nil {
		layer = "layer " + Text(ap.Layer.Name)
	} else if a.Layer.IsSet() {
		layer = "layer " + Code(a.Layer.ID)
	}
	facts := []string{"id " + Code(a.ID), layer}
	if a.Area != "" {
		facts = append(facts, "area "+Text(a.Area))
	}
	p.para(strings.Join(facts, " · "))
	p.para(Paragraphs(a.Description))
	if len(a.Controls) > 0 {
		p.heading(2, "Controls")
		var rows [][]string
		for _, fw := range sortedKeys(a.Controls) {
			ids := make([]string, 0, len(a.Controls[fw]))
			for _, id := range a.Controls[fw] {
				ids = append(ids, Code(id))
			}
			rows = append(rows, []string{Text(fw), strings.Join(ids, ", ")})
		}
		p.table([]string{"Framework", "Controls"}, rows)
	}

	p.heading(2, "Who does it")
	if len(ap.Zones) == 0 {
		p.para("No cell of this activity is resolved: no landing zone offers a service.")
	}
	for _, zg := range ap.Zones {
		p.heading(3, zoneHeading(zg.Zone))
		all := x.zoneServices(zg.Zone)
		var rows [][]string
		for _, g := range zg.Groups {
			rows = append(rows, append(append([]string{p.servicesCell(g, all)}, p.raci(g.Assignment)...), p.decidedBy(g.Assignment)))
		}
		where := "Services"
		if ap.Activity.EffectiveGrain() != model.GrainService {
			where = "Where"
		}
		p.table([]string{where, "Responsible", "Accountable", "Consulted", "Informed", "Decided by"}, rows)
	}

	p.heading(2, "Rules")
	if len(ap.Rules) == 0 {
		p.para("No rule selects this activity.")
	} else {
		p.para("The rules that select this activity, the most specific first.")
		var rows [][]string
		for _, d := range ap.Rules {
			rows = append(rows, []string{p.rule(d.Rule), Text(string(d.Rule.EffectiveStatus())), Text(d.Scope),
				p.parties(x.refs(d.Rule.Responsible)), p.parties(x.refs(d.Rule.Accountable)), Text(d.Rule.ReviewBy.String())})
		}
		p.table([]string{"Rule", "Status", "Scope", "Responsible", "Accountable", "Review by"}, rows)
	}
	if cov := x.b.ProviderCoverage(ap.Activity); len(cov) > 0 {
		p.heading(2, "What the providers state")
		p.para("For the services landing zones offer, what their providers state about the controls this activity maps to.")
		var rows [][]string
		for _, c := range cov {
			var ctls []string
			for _, id := range c.Controls {
				ctls = append(ctls, Code(id))
			}
			says := "not applicable"
			switch c.Side {
			case model.SideProvider:
				says = "the provider holds it"
			case model.SideCustomer:
				says = "the customer holds it"
			case model.SideShared:
				says = "shared"
			}
			border := "agrees"
			if !c.Agrees {
				border = "disagrees"
			}
			rows = append(rows, []string{p.service(c.Service), strings.Join(ctls, ", "), says, border})
		}
		p.table([]string{"Service", "Controls", "Provider says", "Border"}, rows)
	}
	return p.String()
}
