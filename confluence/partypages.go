package confluence

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

func (w *writer) parties() {
	b := w.b
	d := w.start(KeyParties)
	d.p("Every party that holds a responsibility: the cloud providers, the cloud foundation team, central teams, application teams and external partners. Each page says what the party must do.")
	var rows [][]string
	for _, pp := range b.Parties {
		rows = append(rows, []string{
			w.party(pp.Party), esc(string(pp.Party.Kind)), w.party(pp.Parent),
			esc(strconv.Itoa(pp.CountA)), esc(strconv.Itoa(pp.CountR)), w.firstContact(pp.Party),
		})
	}
	d.table([]string{"Party", "Kind", "Part of", "Accountable (cells)", "Responsible (cells)", "Contact"}, rows)
	w.add(KeyParties, KeyHome, d)
	for _, pp := range b.Parties {
		w.partyPage(pp)
	}
}

func (w *writer) firstContact(p *model.Party) string {
	for _, c := range p.Contacts {
		switch {
		case c.Email != "":
			return extLink("mailto:"+c.Email, c.Email)
		case c.Chat != "":
			return esc(c.Chat)
		case c.Ticket != "":
			return extLink(c.Ticket, c.Ticket)
		case c.URL != "":
			return extLink(c.URL, c.URL)
		case c.OnCall != "":
			return extLink(c.OnCall, c.OnCall)
		case c.Phone != "":
			return esc(c.Phone)
		}
	}
	return ""
}

func (w *writer) partyPage(pp *view.PartyPage) {
	p := pp.Party
	d := w.start(partyKey(pp.Party))
	if p.Placeholder {
		d.p("This placeholder stands for the application team that owns a tenant (account, subscription or project). For a given tenant it resolves to the tenant's owner.")
	}
	d.raw(markdown(p.Description))
	var children, zones []string
	for _, c := range pp.Children {
		children = append(children, w.party(c))
	}
	for _, z := range pp.Zones {
		zones = append(zones, w.zone(z))
	}
	var members []string
	for _, m := range p.Members {
		members = append(members, code(m))
	}
	d.fields(
		"Kind", esc(string(p.Kind)),
		"Part of", w.party(pp.Parent),
		"Escalation", w.party(pp.Escalation),
		"Teams", strings.Join(children, ", "),
		"Members", strings.Join(members, ", "),
		"Runs landing zones", strings.Join(zones, ", "),
	)
	if len(p.Contacts) > 0 {
		d.h(2, "Contacts")
		head := []string{"Name", "E-mail", "Chat", "On call", "Phone", "Tickets", "Web"}
		var rows [][]string
		used := make([]bool, len(head))
		for _, c := range p.Contacts {
			mail := ""
			if c.Email != "" {
				mail = extLink("mailto:"+c.Email, c.Email)
			}
			row := []string{esc(c.Name), mail, esc(c.Chat), extLink(c.OnCall, c.OnCall), esc(c.Phone), extLink(c.Ticket, c.Ticket), extLink(c.URL, c.URL)}
			for i, v := range row {
				used[i] = used[i] || v != ""
			}
			rows = append(rows, row)
		}
		d.table(keep(head, used), mapRows(rows, func(r []string) []string { return keep(r, used) }))
	}
	d.h(2, "Responsibilities")
	d.p(fmt.Sprintf("Accountable for %s, responsible for %s, consulted on %s and informed on %s.",
		count(pp.CountA, "duty", "duties"), count(pp.CountR, "duty", "duties"), count(pp.CountC, "duty", "duties"), count(pp.CountI, "duty", "duties")))
	duties := pp.Duties()
	if len(duties) == 0 {
		d.p("No responsibilities in any landing zone.")
	}
	var zone *model.LandingZone
	first := true
	var rows [][]string
	flush := func() {
		if len(rows) > 0 {
			d.table([]string{"Activity", "Where", "Roles", "Decided by"}, rows)
			rows = nil
		}
	}
	for _, du := range duties {
		if first || du.LandingZone != zone {
			first = false
			flush()
			zone = du.LandingZone
			d.raw("<h3>", w.zone(zone), "</h3>")
		}
		roles := esc(du.Roles)
		if du.ViaTenantOwner {
			roles += esc(" (as tenant owner)")
		}
		rows = append(rows, []string{w.activity(du.Activity), w.services(du.Group), roles, w.decidedBy(du.Assignment)})
	}
	flush()

	if len(pp.Tenants) > 0 {
		d.h(2, "Tenants")
		d.p(fmt.Sprintf("Owns %s.", count(len(pp.Tenants), "tenant", "tenants")))
		w.tenantTable(d, pp.Tenants, false)
	}
	if len(pp.Relations) > 0 {
		d.h(2, "Relations")
		w.relationTable(d, pp.Relations)
	}
	w.add(partyKey(p), KeyParties, d)
}

// keep returns the items whose flag is set.
func keep[T any](items []T, flags []bool) []T {
	var out []T
	for i, it := range items {
		if flags[i] {
			out = append(out, it)
		}
	}
	return out
}

func mapRows(rows [][]string, f func([]string) []string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}

func (w *writer) tenantTable(d *doc, ts []*model.Tenant, withOwner bool) {
	var rows [][]string
	for i, t := range ts {
		if i == maxListed {
			break
		}
		row := []string{code(t.ID), esc(t.Name), esc(t.Provider.ID)}
		if withOwner {
			row = append(row, w.refParties(model.Refs{t.Ref(t.Owner)}))
		} else {
			row = append(row, w.zone(w.b.Model.LandingZoneByID[t.LandingZone.ID]))
		}
		rows = append(rows, row)
	}
	last := "Landing zone"
	if withOwner {
		last = "Owner"
	}
	d.table([]string{"Tenant", "Name", "Provider", last}, rows)
	if n := len(ts) - maxListed; n > 0 {
		d.p(fmt.Sprintf("… and %d more.", n))
	}
}

func (w *writer) relationTable(d *doc, rels []view.Relation) {
	var rows [][]string
	for _, r := range rels {
		rows = append(rows, []string{w.party(r.From), esc(r.Type), w.party(r.To), esc(r.Description)})
	}
	d.table([]string{"From", "Relation", "To", "Description"}, rows)
}
