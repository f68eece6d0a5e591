package markdown

import (
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (x *exporter) providerName(sp *view.ServicePage) string {
	if sp.Provider != nil {
		return Text(sp.Provider.Name)
	}
	return Code(sp.Service.Provider.ID)
}

func (x *exporter) modelName(sp *view.ServicePage) string {
	if sp.Model != nil {
		return Text(sp.Model.Name)
	}
	return Code(sp.Service.Model.ID)
}

func (x *exporter) servicePage(sp *view.ServicePage) string {
	s := sp.Service
	p := x.newPage(x.service[s])
	p.heading(1, s.Name)
	facts := []string{"id " + Code(s.ID), "provider " + x.providerName(sp), "service model " + x.modelName(sp)}
	if s.Category != "" {
		facts = append(facts, "category "+Text(s.Category))
	}
	p.para(strings.Join(facts, " · "))
	if pv := x.b.Providers; len(pv) > 0 && sp.Provider != nil {
		for _, pg := range pv {
			if pg.Provider == sp.Provider && pg.Party != nil {
				p.para("The provider side is held by " + p.party(pg.Party) + ".")
			}
		}
	}
	p.para(Paragraphs(s.Description))
	if w := webLink("Provider documentation", s.Reference); w != "" {
		p.para(w)
	}

	p.heading(2, "Provider border")
	if len(sp.Borders) == 0 {
		p.para("The model has no layers.")
	} else {
		var rows [][]string
		for i := len(sp.Borders) - 1; i >= 0; i-- {
			bd := sp.Borders[i]
			note := ""
			if bd.Overridden {
				note = "set for this service, overriding the service model"
			}
			rows = append(rows, []string{Text(bd.Layer.Name), Text(string(bd.Side)), note})
		}
		p.table([]string{"Layer", "Side", "Note"}, rows)
	}

	p.heading(2, "Landing zones")
	if len(sp.Zones) == 0 {
		p.para("No landing zone offers this service.")
	} else {
		items := make([]string, 0, len(sp.Zones))
		for _, z := range sp.Zones {
			items = append(items, p.zone(z))
		}
		p.list(items)
	}

	p.heading(2, "Split of duties")
	split := sp.Split()
	if len(split) == 0 {
		p.para("No cell of this service is resolved: no landing zone offers it.")
	} else {
		p.para("Per activity, who does what in the landing zones offering the service; landing zones with the same answer share a row.")
		var rows [][]string
		for _, row := range split {
			for i, za := range row.Answers {
				act := ""
				if i == 0 {
					act = p.activity(row.Activity)
				}
				rows = append(rows, append(append([]string{act, p.zones(za.Zones)}, p.raci(za.Assignment)...), p.decidedBy(za.Assignment)))
			}
		}
		p.table([]string{"Activity", "Landing zones", "Responsible", "Accountable", "Consulted", "Informed", "Decided by"}, rows)
	}

	if len(sp.Facts) > 0 {
		p.heading(2, "Provider facts")
		p.para("What " + x.providerName(sp) + " states per control for this service, next to the model's border for the activities that map to the control.")
		var rows [][]string
		for _, r := range sp.Facts {
			ctl := Code(r.Control)
			if r.Title != "" {
				ctl += " " + Text(r.Title)
			}
			var feats []string
			for _, f := range r.Facts {
				feats = append(feats, factFeature(f))
			}
			var decided []string
			for _, d := range r.Decisions {
				mark := ""
				if !d.Agrees {
					mark = " (disagrees)"
				}
				decided = append(decided, p.activity(d.Activity)+": "+Text(string(d.Side))+mark)
			}
			rows = append(rows, []string{Text(r.Framework), ctl, Text(string(r.Statement.Side())), strings.Join(feats, "; "), strings.Join(decided, "; ")})
		}
		p.table([]string{"Framework", "Control", "Provider says", "Features", "Model"}, rows)
	}
	return p.String()
}

// factFeature is one feature of a fact row: its name, responsibility and
// whether it is supported and on by default.
func factFeature(f *model.Fact) string {
	name := f.Feature
	if name == "" {
		name = "(no feature)"
	}
	out := Text(name) + " — " + Text(f.Responsibility)
	if f.Supported != nil && !*f.Supported {
		out += ", not supported"
	}
	if f.EnabledByDefault != nil && *f.EnabledByDefault {
		out += ", on by default"
	}
	if w := webLink("guidance", extractURL(f.Reference)); w != "" {
		out += " (" + w + ")"
	}
	return out
}

// extractURL returns the first http(s) URL of a reference such as "Azure
// Key Vault authentication: https://…", or "".
func extractURL(s string) string {
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://") {
			return strings.TrimRight(w, ".,;)")
		}
	}
	return ""
}
