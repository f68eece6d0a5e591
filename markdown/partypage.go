package markdown

import (
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (x *exporter) partyPage(pp *view.PartyPage) string {
	pt := pp.Party
	p := x.newPage(x.party[pt])
	p.heading(1, pt.Name)
	facts := []string{Text(kindLabel(pt.Kind))}
	if pt.Placeholder {
		facts = append(facts, "a placeholder that stands for the application team owning each tenant")
	}
	if pp.Parent != nil {
		facts = append(facts, "part of "+p.party(pp.Parent))
	}
	if pp.Escalation != nil {
		facts = append(facts, "escalate to "+p.party(pp.Escalation))
	}
	p.para(strings.Join(facts, " · ") + " · id " + Code(pt.ID))
	p.para(Markdown(pt.Description))

	if len(pt.Contacts) > 0 {
		p.heading(2, "Contacts")
		var rows [][]string
		for _, c := range pt.Contacts {
			rows = append(rows, []string{Text(c.Name), mailLink(c.Email), Text(c.Chat), webLink("", c.OnCall), Text(c.Phone), webLink("", c.URL), webLink("", c.Ticket)})
		}
		p.table([]string{"Name", "E-mail", "Chat", "On call", "Phone", "Link", "Tickets"}, rows)
	}
	if len(pt.Members) > 0 {
		p.heading(2, "Members")
		items := make([]string, 0, len(pt.Members))
		for _, m := range pt.Members {
			items = append(items, Code(m))
		}
		p.list(items)
	}
	if len(pp.Children) > 0 {
		p.heading(2, "Teams")
		items := make([]string, 0, len(pp.Children))
		for _, c := range pp.Children {
			items = append(items, p.party(c))
		}
		p.list(items)
	}

	p.heading(2, "Summary")
	p.table([]string{"Role", "Duties"}, [][]string{
		{"Responsible", strconv.Itoa(pp.CountR)},
		{"Accountable", strconv.Itoa(pp.CountA)},
		{"Consulted", strconv.Itoa(pp.CountC)},
		{"Informed", strconv.Itoa(pp.CountI)},
	})
	if len(pp.Zones) > 0 {
		p.para("Runs the landing zones " + p.zones(pp.Zones) + ".")
	}

	p.heading(2, "Responsibilities")
	duties := pp.Duties()
	if len(duties) == 0 {
		p.para(Text(pt.Name) + " holds no role in any cell of the model.")
	} else {
		p.para("What " + Text(pt.Name) + " must do, by landing zone and layer. A duty is one activity where it happens: for a service, for each tenant of a provider, for a landing zone or for the organisation.")
		var zone *model.LandingZone
		started := false
		layer := "\x00"
		var rows [][]string
		flush := func() {
			if len(rows) > 0 {
				p.table([]string{"Activity", "Roles", "Where", "Accountable", "Decided by"}, rows)
				rows = nil
			}
		}
		for _, d := range duties {
			if d.LandingZone != zone || !started {
				flush()
				zone, layer, started = d.LandingZone, "\x00", true
				p.heading(3, zoneHeading(zone))
			}
			if l := d.Activity.Layer.ID; l != layer {
				flush()
				layer = l
				p.heading(4, x.layerName(l))
			}
			r := roles(d.Roles)
			if d.ViaTenantOwner {
				r += " (as tenant owner)"
			}
			rows = append(rows, []string{p.activity(d.Activity), r, p.servicesCell(d.Group, x.zoneServices(zone)), p.parties(d.Assignment.Accountable), p.decidedBy(d.Assignment)})
		}
		flush()
	}

	if len(pp.Tenants) > 0 {
		p.heading(2, "Tenants")
		p.table([]string{"Tenant", "Name", "Provider", "Landing zone", "Tags"}, x.tenantRows(p, pp.Tenants, false))
	}
	if len(pp.Relations) > 0 {
		p.heading(2, "Relations")
		p.table([]string{"From", "Relation", "To", "Description"}, x.relationRows(p, pp.Relations))
	}
	return p.String()
}

func (x *exporter) tenantRows(p *page, ts []*model.Tenant, owner bool) [][]string {
	rows := make([][]string, 0, len(ts))
	for _, t := range ts {
		prov := Code(t.Provider.ID)
		if pv := x.m.ProviderByID[t.Provider.ID]; pv != nil {
			prov = Text(pv.Name)
		}
		row := []string{Code(t.ID), Text(t.Name), prov}
		if owner {
			row = append(row, p.partyRef(t.Ref(t.Owner)))
		} else if z := x.m.LandingZoneByID[t.LandingZone.ID]; z != nil {
			row = append(row, p.zone(z))
		} else {
			row = append(row, Code(t.LandingZone.ID))
		}
		var tags []string
		for k, v := range t.Tags.All() {
			tags = append(tags, Code(k+"="+v))
		}
		row = append(row, strings.Join(tags, " "))
		rows = append(rows, row)
	}
	return rows
}

func (x *exporter) relationRows(p *page, rels []view.Relation) [][]string {
	rows := make([][]string, 0, len(rels))
	for _, r := range rels {
		rows = append(rows, []string{p.party(r.From), Text(strings.ReplaceAll(r.Type, "-", " ")), p.party(r.To), Text(r.Description)})
	}
	return rows
}

// zoneHeading names a landing zone's duties, or the duties outside any.
func zoneHeading(z *model.LandingZone) string {
	if z == nil {
		return "Across the organisation"
	}
	return z.Name
}

// zoneServices are the services a landing zone offers (none for nil).
func (x *exporter) zoneServices(z *model.LandingZone) []*model.Service {
	if z == nil {
		return nil
	}
	if zp := x.b.ZoneByID(z.ID); zp != nil {
		return zp.Services
	}
	return nil
}
