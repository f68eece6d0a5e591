package markdown

import (
	"cmp"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// maxProblems caps the diagnostics listed on the overview; `demarc check`
// lists them all.
const maxProblems = 100

func (x *exporter) overview() string {
	b := x.b
	p := x.newPage("index.md")
	org := oneLine(b.Organisation.Name)
	if org == "" {
		org = "Shared responsibility model"
	}
	p.heading(1, org)
	p.para(Markdown(b.Organisation.Description))
	if w := webLink("", b.Organisation.Website); w != "" {
		p.para("Website: " + w)
	}
	p.paraf("Who is responsible, accountable, consulted and informed for every activity on every service in every landing zone, and why. Generated %s from the model.",
		Text(b.Generated.UTC().Format("2006-01-02 15:04 UTC")))

	h := b.Health
	p.heading(2, "Health")
	switch {
	case h.Errors == 0 && h.Warnings == 0:
		p.para("The model checks clean: no errors and no warnings.")
	default:
		p.paraf("The model has %s and %s. Run `demarc check` for the details.", plural(h.Errors, "error"), plural(h.Warnings, "warning"))
	}
	rows := [][]string{}
	if s := h.Summary; s != nil {
		rows = append(rows,
			[]string{"Cells (activity × service × landing zone)", strconv.Itoa(s.Cells)},
			[]string{"Decided by the provider border", strconv.Itoa(s.ProviderCells)},
			[]string{"Decided by a rule", strconv.Itoa(s.RuleCells)},
			[]string{"Gaps", strconv.Itoa(s.GapCells)},
			[]string{"Conflicts", strconv.Itoa(s.ConflictCells)},
		)
	}
	rows = append(rows,
		[]string{"Errors", strconv.Itoa(h.Errors)},
		[]string{"Warnings", strconv.Itoa(h.Warnings)},
		[]string{"Notes", strconv.Itoa(h.Infos)},
		[]string{"Decisions proposed, not yet agreed", strconv.Itoa(len(h.Proposed))},
		[]string{"Decisions overdue for review", strconv.Itoa(len(h.Overdue))},
	)
	p.table([]string{"Measure", "Value"}, rows)
	if len(h.Diagnostics) > 0 {
		p.heading(3, "Problems")
		rows = nil
		for i, d := range h.Diagnostics {
			if i == maxProblems {
				break
			}
			rows = append(rows, []string{Text(d.Severity.String()), Code(string(d.Code)), Text(d.Summary), Text(x.where(d.Subject))})
		}
		p.table([]string{"Severity", "Code", "Problem", "Where"}, rows)
		if n := len(h.Diagnostics) - maxProblems; n > 0 {
			p.paraf("And %d more: run `demarc check` to see them all.", n)
		}
	}
	if len(h.Proposed) > 0 {
		p.heading(3, "Proposed decisions")
		rows = nil
		for _, d := range h.Proposed {
			rows = append(rows, []string{p.rule(d.Rule), p.activities(d.Activities), Text(d.Scope), p.parties(x.refs(d.Rule.Accountable))})
		}
		p.table([]string{"Decision", "Activities", "Scope", "Accountable"}, rows)
	}
	if len(h.Overdue) > 0 {
		p.heading(3, "Overdue for review")
		rows = nil
		for _, d := range h.Overdue {
			rows = append(rows, []string{p.rule(d.Rule), Text(d.Rule.ReviewBy.String()), p.parties(x.refs(d.Rule.Accountable))})
		}
		p.table([]string{"Decision", "Review by", "Accountable"}, rows)
	}

	p.heading(2, "Landing zones")
	if len(b.LandingZones) == 0 {
		p.para("The model has no landing zones.")
	} else {
		rows = nil
		for _, zp := range b.LandingZones {
			rows = append(rows, []string{p.zone(zp.Zone), p.party(zp.Owner), strconv.Itoa(len(zp.Services)), strconv.Itoa(len(zp.Tenants)), Text(zp.Zone.Description)})
		}
		p.table([]string{"Landing zone", "Owner", "Services", "Tenants", "Description"}, rows)
	}
	p.heading(2, "Parties")
	rows = nil
	for _, pp := range b.Parties {
		rows = append(rows, []string{p.party(pp.Party), Text(kindLabel(pp.Party.Kind)), p.party(pp.Parent),
			strconv.Itoa(pp.CountR), strconv.Itoa(pp.CountA), strconv.Itoa(pp.CountC), strconv.Itoa(pp.CountI)})
	}
	p.table([]string{"Party", "Kind", "Part of", "R cells", "A cells", "C cells", "I cells"}, rows)
	if len(b.Providers) > 0 {
		p.heading(2, "Providers")
		rows = nil
		for _, pv := range b.Providers {
			rows = append(rows, []string{Text(pv.Provider.Name), p.party(pv.Party), strconv.Itoa(len(pv.Services)), webLink("Shared responsibility model", pv.Provider.Reference)})
		}
		p.table([]string{"Provider", "Provider side held by", "Services", "Published model"}, rows)
	}
	if len(b.Services) > 0 {
		p.heading(2, "Services")
		rows = nil
		for _, sp := range b.Services {
			rows = append(rows, []string{p.service(sp.Service), x.providerName(sp), x.modelName(sp), Text(sp.Service.Category), p.zones(sp.Zones)})
		}
		p.table([]string{"Service", "Provider", "Service model", "Category", "Landing zones"}, rows)
	}
	if len(b.Activities) > 0 {
		p.heading(2, "Activities")
		rows = nil
		for _, ap := range b.Activities {
			rows = append(rows, []string{p.activity(ap.Activity), Text(x.layerName(ap.Activity.Layer.ID)), Text(ap.Activity.Area)})
		}
		p.table([]string{"Activity", "Layer", "Area"}, rows)
	}
	p.heading(2, "More")
	p.list([]string{
		p.link("Decisions", "decisions.md") + ": every rule with its rationale and approvals",
		p.link("Stakeholders", "stakeholders.md") + ": influence, interest and relations",
		p.link("Org chart", "org-chart.md"),
		p.link("Glossary", "glossary.md"),
	})
	return p.String()
}

// where shows a diagnostic's location relative to the model's directory
// (SourceRoot, or else the directory holding every file of the model), so
// pages read the same on every machine.
func (x *exporter) where(r diag.Range) string {
	if r.IsZero() {
		return ""
	}
	root := x.opts.SourceRoot
	if root == "" {
		root = x.m.SourceRoot()
	}
	if root != "" {
		if rp, err := filepath.Rel(root, r.Filename); err == nil && !strings.HasPrefix(rp, "..") {
			r.Filename = filepath.ToSlash(rp)
		}
	}
	return r.String()
}

func (x *exporter) refs(rs model.Refs) []*model.Party {
	var out []*model.Party
	for _, r := range rs {
		if pt := x.m.PartyByID[r.ID]; pt != nil {
			out = append(out, pt)
		}
	}
	return out
}

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
			row = append(row, p.partyRef(t.Owner))
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

	if len(s.Facts) > 0 {
		p.heading(2, "Provider facts")
		var rows [][]string
		for _, f := range s.Facts {
			rows = append(rows, []string{Text(f.Framework), Code(f.Control), Text(f.Responsibility), Text(f.Feature), Text(f.Note)})
		}
		p.table([]string{"Framework", "Control", "Responsibility", "Feature", "Note"}, rows)
	}
	return p.String()
}

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
	return p.String()
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

func level(n int) string { return cmp.Or(view.LevelName(n), "unknown") }

func (x *exporter) stakeholdersPage() string {
	p := x.newPage("stakeholders.md")
	p.heading(1, "Stakeholders")
	if x.hasImage("stakeholders.svg") {
		p.image("Stakeholder map: the parties by influence and interest", "stakeholders.svg")
	}
	if len(x.b.Stakeholders) == 0 {
		p.para("The model has no stakeholders.")
	} else {
		var rows [][]string
		for _, st := range x.b.Stakeholders {
			concerns := make([]string, 0, len(st.Concerns))
			for _, c := range st.Concerns {
				concerns = append(concerns, Text(c))
			}
			rows = append(rows, []string{p.party(st.Party), Text(kindLabel(st.Party.Kind)), level(st.Influence), level(st.Interest), strings.Join(concerns, "; ")})
		}
		p.table([]string{"Party", "Kind", "Influence", "Interest", "Concerns"}, rows)
	}
	p.heading(2, "Relations")
	if x.hasImage("relations.svg") {
		p.image("Relations between the parties", "relations.svg")
	}
	if len(x.b.Relations) == 0 {
		p.para("The model records no relations between parties.")
	} else {
		p.table([]string{"From", "Relation", "To", "Description"}, x.relationRows(p, x.b.Relations))
	}
	return p.String()
}

// maxDepth bounds the nesting of the org chart list; deeper parties are
// listed flat at that depth.
const maxDepth = 12

func (x *exporter) orgChartPage() string {
	p := x.newPage("org-chart.md")
	p.heading(1, "Org chart")
	if x.hasImage("org-chart.svg") {
		p.image("Org chart of the parties", "org-chart.svg")
	}
	if len(x.b.OrgChart) == 0 {
		p.para("The model has no parties.")
		return p.String()
	}
	var walk func(n *view.OrgNode, depth int)
	walk = func(n *view.OrgNode, depth int) {
		d := min(depth, maxDepth)
		// Four spaces per level: Python-Markdown needs them for nested
		// lists, CommonMark accepts them.
		p.b.WriteString(strings.Repeat("    ", d))
		p.b.WriteString("- " + p.party(n.Party) + " · " + Text(kindLabel(n.Party.Kind)) + "\n")
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	for _, n := range x.b.OrgChart {
		walk(n, 0)
	}
	p.b.WriteByte('\n')
	return p.String()
}

func (x *exporter) glossaryPage() string {
	p := x.newPage("glossary.md")
	p.heading(1, "Glossary")
	var rows [][]string
	for _, t := range x.b.Glossary {
		rows = append(rows, []string{"**" + Text(t.Term) + "**", Text(t.Definition)})
	}
	p.table([]string{"Term", "Definition"}, rows)
	return p.String()
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
