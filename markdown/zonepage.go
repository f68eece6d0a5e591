package markdown

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (x *exporter) zonePage(zp *view.ZonePage) string {
	z := zp.Zone
	path := x.zone[z]
	p := x.newPage(path)
	p.heading(1, z.Name)
	facts := []string{"id " + Code(z.ID)}
	if zp.Owner != nil {
		facts = append(facts, "run by "+p.party(zp.Owner))
	}
	facts = append(facts, plural(len(zp.Services), "service"), plural(len(zp.Tenants), "tenant"))
	p.para(strings.Join(facts, " · "))
	p.para(Paragraphs(z.Description))

	if a := z.Audience; a != nil && (a.Applications != "" || a.Skills != "" || a.Operations != "") {
		p.heading(2, "Audience")
		var items []string
		for _, kv := range [][2]string{{"Applications", a.Applications}, {"Skills", a.Skills}, {"Operations", a.Operations}} {
			if t := Text(kv[1]); t != "" {
				items = append(items, "**"+kv[0]+":** "+t)
			}
		}
		p.list(items)
	}
	if md := Markdown(z.Rationale); md != "" {
		p.heading(2, "Rationale")
		p.para(md)
	}

	if c := zp.Chart; c != nil && len(c.Columns) > 0 {
		p.heading(2, "Responsibility chart")
		if img := chartPath(path); x.hasImage(img) {
			p.image("Responsibility chart of "+oneLine(z.Name)+": who is accountable per layer and service model", img)
		}
		p.para("The chart as a table: per layer and service model, the cells (activity × service) by who is accountable, with the first parties named.")
		header := []string{"Layer"}
		for _, col := range c.Columns {
			header = append(header, fmt.Sprintf("%s (%s)", oneLine(col.Model.Name), plural(len(col.Services), "service")))
		}
		var rows [][]string
		for _, row := range c.Rows {
			cells := []string{Text(row.Name)}
			for _, cell := range row.Cells {
				cells = append(cells, p.chartCell(cell))
			}
			rows = append(rows, cells)
		}
		p.table(header, rows)
	}

	p.heading(2, "Services")
	if len(zp.Services) == 0 {
		p.para("The landing zone offers no services.")
	} else {
		var rows [][]string
		for _, s := range zp.Services {
			sp := x.b.ServiceByID(s.ID)
			prov, sm := Code(s.Provider.ID), Code(s.Model.ID)
			if sp != nil {
				prov, sm = x.providerName(sp), x.modelName(sp)
			}
			rows = append(rows, []string{p.service(s), prov, sm, Text(s.Category)})
		}
		p.table([]string{"Service", "Provider", "Service model", "Category"}, rows)
	}
	if len(zp.Tenants) > 0 {
		p.heading(2, "Tenants")
		p.table([]string{"Tenant", "Name", "Provider", "Owner", "Tags"}, x.tenantRows(p, zp.Tenants, true))
	}

	p.heading(2, "Split of duties")
	if len(zp.Activities) == 0 {
		p.para("No cell is resolved in this landing zone.")
	} else {
		p.para("Per activity, who does what; services with the same answer share a row.")
		var rows [][]string
		for _, za := range zp.Activities {
			for i, g := range za.Groups {
				act, layer := "", ""
				if i == 0 {
					act, layer = p.activity(za.Activity), Text(x.layerName(za.Activity.Layer.ID))
				}
				rows = append(rows, append(append([]string{act, layer, p.servicesCell(g, zp.Services)}, p.raci(g.Assignment)...), p.decidedBy(g.Assignment)))
			}
		}
		p.table([]string{"Activity", "Layer", "Services", "Responsible", "Accountable", "Consulted", "Informed", "Decided by"}, rows)
	}
	return p.String()
}

// chartCell describes one cell of the responsibility chart in words.
func (p *page) chartCell(c *view.ChartCell) string {
	if c.Total == 0 {
		return ""
	}
	parts := make([]string, 0, len(c.Shares))
	for _, sh := range c.Shares {
		s := Text(chart.CategoryLabel(sh.Category)) + " " + strconv.Itoa(sh.Count)
		if len(sh.Parties) > 0 {
			names := make([]string, 0, len(sh.Parties))
			for _, pt := range sh.Parties {
				names = append(names, Text(pt.Name))
			}
			s += " (" + strings.Join(names, ", ") + ")"
		}
		parts = append(parts, s)
	}
	side := ""
	if c.Side != model.SideCustomer {
		side = Text(string(c.Side)) + " side: "
	}
	return side + strings.Join(parts, "; ")
}
