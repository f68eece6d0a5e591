package confluence

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (w *writer) zoneTable(d *doc) {
	var rows [][]string
	for _, zp := range w.b.LandingZones {
		rows = append(rows, []string{w.zone(zp.Zone), w.party(zp.Owner), esc(strconv.Itoa(len(zp.Services))), esc(strconv.Itoa(len(zp.Tenants))), esc(firstLine(zp.Zone.Description))})
	}
	d.table([]string{"Landing zone", "Run by", "Services", "Tenants", "About"}, rows)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

func (w *writer) zonesSection() {
	d := w.start(KeyLandingZones)
	d.p("Each landing zone is a use case with its own split of duties: who it is for, why the split is what it is, and which services it offers.")
	w.zoneTable(d)
	w.add(KeyLandingZones, KeyHome, d)
}

func (w *writer) zonePage(zp *view.ZonePage) {
	z := zp.Zone
	d := w.start(zoneKey(zp.Zone))
	d.raw(markdown(z.Description))
	kv := []string{"Run by", w.party(zp.Owner)}
	if a := z.Audience; a != nil {
		kv = append(kv, "Applications", esc(a.Applications), "Cloud skills", esc(a.Skills), "Operations", esc(a.Operations))
	}
	d.fields(kv...)
	if r := markdown(z.Rationale); r != "" {
		d.h(2, "Why this split")
		d.raw(r)
	}

	var atts []Attachment
	d.h(2, "Responsibility chart")
	if svg := chartResponsibility(zp.Chart); len(svg) > 0 {
		name := zoneChartFile(z)
		atts = append(atts, Attachment{Name: name, ContentType: "image/svg+xml", Data: svg})
		d.pRaw(image(name, "Responsibility chart of "+oneLine(z.Name)))
	}
	w.chartTable(d, zp.Chart)

	d.h(2, "Services")
	var rows [][]string
	for _, s := range zp.Services {
		sp := w.b.ServiceByID(s.ID)
		var sm *model.ServiceModel
		if sp != nil {
			sm = sp.Model
		}
		rows = append(rows, []string{w.service(s), esc(s.Provider.ID), esc(modelName(sm, s.Model.ID))})
	}
	d.table([]string{"Service", "Provider", "Service model"}, rows)

	d.h(2, "Split of duties")
	if len(zp.Activities) == 0 {
		d.p("No activity applies to this landing zone.")
	} else {
		rows = nil
		for _, za := range zp.Activities {
			for i, g := range za.Groups {
				act := ""
				if i == 0 {
					act = w.activity(za.Activity)
				}
				rows = append(rows, append(append([]string{act, w.services(g)}, w.raci(g.Assignment)...), w.decidedBy(g.Assignment)))
			}
		}
		d.table([]string{"Activity", "Services", "Accountable", "Responsible", "Consulted", "Informed", "Decided by"}, rows)
	}

	if len(zp.Tenants) > 0 {
		d.h(2, "Tenants")
		d.p(fmt.Sprintf("%s in this landing zone.", count(len(zp.Tenants), "tenant", "tenants")))
		w.tenantTable(d, zp.Tenants, true)
	}
	w.add(zoneKey(z), KeyLandingZones, d, atts...)
}

// chartTable is the responsibility chart as a table: readable without the
// image and searchable.
func (w *writer) chartTable(d *doc, c *view.Chart) {
	if c == nil || len(c.Columns) == 0 {
		d.p("This landing zone offers no services.")
		return
	}
	head := []string{"Layer"}
	for _, col := range c.Columns {
		head = append(head, col.Model.Name)
	}
	var rows [][]string
	for _, r := range c.Rows {
		row := []string{esc(r.Name)}
		empty := true
		for _, cell := range r.Cells {
			var parts []string
			for _, sh := range cell.Shares {
				s := esc(fmt.Sprintf("%s %d", sh.Category, sh.Count))
				if len(sh.Parties) > 0 {
					s += esc(" (") + w.partyList(sh.Parties) + esc(")")
				}
				parts = append(parts, s)
			}
			if len(parts) > 0 {
				empty = false
			}
			row = append(row, strings.Join(parts, "<br />"))
		}
		if !empty {
			rows = append(rows, row)
		}
	}
	d.table(head, rows)
}
