package confluence

import (
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (w *writer) servicesSection() {
	b := w.b
	d := w.start(KeyServices)
	d.p("The services the landing zones offer, with the provider's published border and the internal split of duties.")
	for _, pv := range b.Providers {
		if len(pv.Services) == 0 {
			continue
		}
		d.h(2, pv.Provider.Name)
		var intro []string
		if pv.Party != nil {
			intro = append(intro, esc("Provider side held by ")+w.party(pv.Party)+esc("."))
		}
		if pv.Provider.Reference != "" {
			intro = append(intro, extLink(pv.Provider.Reference, "Published shared responsibility model"))
		}
		if len(intro) > 0 {
			d.pRaw(strings.Join(intro, " "))
		}
		w.serviceTable(d, pv.Services)
	}
	var other []*view.ServicePage
	for _, sp := range b.Services {
		if sp.Provider == nil {
			other = append(other, sp)
		}
	}
	if len(other) > 0 {
		d.h(2, "Other services")
		w.serviceTable(d, other)
	}
	w.add(KeyServices, KeyHome, d)
}

func (w *writer) serviceTable(d *doc, sps []*view.ServicePage) {
	var rows [][]string
	for _, sp := range sps {
		var zones []string
		for _, z := range sp.Zones {
			zones = append(zones, w.zone(z))
		}
		rows = append(rows, []string{w.service(sp.Service), esc(modelName(sp.Model, sp.Service.Model.ID)), esc(sp.Service.Category), strings.Join(zones, ", ")})
	}
	d.table([]string{"Service", "Service model", "Category", "Landing zones"}, rows)
}

func modelName(sm *model.ServiceModel, id string) string {
	if sm != nil {
		return sm.Name
	}
	return id
}

func (w *writer) servicePage(sp *view.ServicePage) {
	s := sp.Service
	d := w.start(serviceKey(sp.Service))
	d.raw(markdown(s.Description))
	provider := esc(s.Provider.ID)
	if sp.Provider != nil {
		provider = esc(sp.Provider.Name)
	}
	var zones []string
	for _, z := range sp.Zones {
		zones = append(zones, w.zone(z))
	}
	ref := ""
	if s.Reference != "" {
		ref = extLink(s.Reference, "")
	}
	d.fields(
		"Provider", provider,
		"Service model", esc(modelName(sp.Model, s.Model.ID)),
		"Category", esc(s.Category),
		"Offered in", strings.Join(zones, ", "),
		"Reference", ref,
	)

	d.h(2, "Provider border")
	var rows [][]string
	for _, br := range sp.Borders {
		note := ""
		if br.Overridden {
			note = esc("overridden for this service")
		}
		rows = append(rows, []string{esc(br.Layer.Name), sideStatus(br.Side), note})
	}
	d.table([]string{"Layer", "Held by", "Note"}, rows)

	d.h(2, "Who does what")
	split := sp.Split()
	if len(split) == 0 {
		d.p("No landing zone offers this service.")
	} else {
		rows = nil
		for _, row := range split {
			for i, za := range row.Answers {
				act := ""
				if i == 0 {
					act = w.activity(row.Activity)
				}
				var zs []string
				for _, z := range za.Zones {
					zs = append(zs, w.zone(z))
				}
				rows = append(rows, append(append([]string{act, strings.Join(zs, ", ")}, w.raci(za.Assignment)...), w.decidedBy(za.Assignment)))
			}
		}
		d.table([]string{"Activity", "Landing zones", "Accountable", "Responsible", "Consulted", "Informed", "Decided by"}, rows)
	}

	if len(s.Facts) > 0 {
		d.h(2, "Provider facts")
		rows = nil
		for _, f := range s.Facts {
			rows = append(rows, []string{esc(f.Control), esc(f.Framework), esc(f.Responsibility), esc(f.Feature), esc(f.Note)})
		}
		d.table([]string{"Control", "Framework", "Responsibility", "Feature", "Note"}, rows)
	}
	w.add(serviceKey(s), KeyServices, d)
}
