package confluence

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// Page is one Confluence page to publish.
type Page struct {
	// Key identifies the page across publishes, whatever its title: "home",
	// "parties", "party/<id>", "service/<id>", "zone/<id>",
	// "activity/<id>", "decision/<rule id>", … Publish stores it on the
	// page and finds the page by it again.
	Key string
	// Title is unique in the space: Confluence refuses a second page with
	// the same title.
	Title string
	// ParentKey is the key of the page above; "" places the page directly
	// under Config.Parent.
	ParentKey string
	// Body is the page in Confluence storage format (XHTML).
	Body string
	// Attachments are files the body shows, such as chart images.
	Attachments []Attachment
}

// Attachment is a file attached to a page.
type Attachment struct {
	Name        string // file name, referenced from the body
	ContentType string
	Data        []byte
}

// Keys of the fixed pages.
const (
	KeyHome         = "home"
	KeyParties      = "parties"
	KeyServices     = "services"
	KeyLandingZones = "landing-zones"
	KeyActivities   = "activities"
	KeyDecisions    = "decisions"
	KeyStakeholders = "stakeholders"
	KeyOrgChart     = "org-chart"
	KeyGlossary     = "glossary"
)

// Limits that keep a page readable (and within Confluence's page size) at
// enterprise scale; the rest is counted.
const (
	maxListed      = 100 // tenants, findings
	maxTitleRunes  = 255 // Confluence's title limit
	maxOrgDepth    = 64
	titleSeparator = " · "
)

// Pages arranges a book as a tree of Confluence pages: a home page (the
// overview), one page per section (parties, services, landing zones,
// activities, decisions, stakeholders, org chart, glossary) and one page
// per party, service, landing zone, activity and decision below its
// section. Titles start with the organisation's name so they stay unique in
// a shared space, e.g. "Northwind Mutual · Party · Cloud Foundation".
// Landing zone, stakeholder and org chart pages carry their charts as SVG
// attachments, and show the same facts as tables.
//
// Bodies depend only on the model (not on the time of generation), so an
// unchanged model produces byte-identical pages and Publish writes nothing.
func Pages(b *view.Book) []Page {
	w := newWriter(b)
	w.home()
	w.parties()
	w.servicesSection()
	for _, sp := range b.Services {
		w.servicePage(sp)
	}
	w.zonesSection()
	for _, zp := range b.LandingZones {
		w.zonePage(zp)
	}
	w.activitiesSection()
	for _, ap := range b.Activities {
		w.activityPage(ap)
	}
	w.decisionsSection()
	for _, dc := range b.Decisions {
		w.decisionPage(dc)
	}
	w.stakeholders()
	w.orgChart()
	w.glossary()
	return w.pages
}

type writer struct {
	b      *view.Book
	org    string
	titles map[string]string // key → title
	used   map[string]bool   // lower-cased titles
	added  map[string]bool   // keys of the pages made
	linked map[string]bool   // keys linked from the page being written
	pages  []Page
}

func newWriter(b *view.Book) *writer {
	w := &writer{b: b, titles: map[string]string{}, used: map[string]bool{}, added: map[string]bool{}}
	w.org = oneLine(b.Organisation.Name)
	if w.org == "" {
		w.org = "demarc"
	}
	w.title(KeyHome, "", "Responsibility model", "")
	w.title(KeyParties, "", "Parties", "")
	for _, pp := range b.Parties {
		w.title(partyKey(pp.Party), "Party", pp.Party.Name, pp.Party.ID)
	}
	w.title(KeyServices, "", "Services", "")
	for _, sp := range b.Services {
		w.title(serviceKey(sp.Service), "Service", sp.Service.Name, sp.Service.ID)
	}
	w.title(KeyLandingZones, "", "Landing zones", "")
	for _, zp := range b.LandingZones {
		w.title(zoneKey(zp.Zone), "Landing zone", zp.Zone.Name, zp.Zone.ID)
	}
	w.title(KeyActivities, "", "Activities", "")
	for _, ap := range b.Activities {
		w.title(activityKey(ap.Activity), "Activity", ap.Activity.Name, ap.Activity.ID)
	}
	w.title(KeyDecisions, "", "Decisions", "")
	for _, dc := range b.Decisions {
		w.title(decisionKey(dc.Rule), "Decision", dc.Rule.ID, dc.Rule.ID)
	}
	w.title(KeyStakeholders, "", "Stakeholders", "")
	w.title(KeyOrgChart, "", "Org chart", "")
	w.title(KeyGlossary, "", "Glossary", "")
	return w
}

func partyKey(p *model.Party) string            { return "party/" + p.ID }
func serviceKey(s *model.Service) string        { return "service/" + s.ID }
func zoneKey(z *model.LandingZone) string       { return "zone/" + z.ID }
func activityKey(a *model.Activity) string      { return "activity/" + a.ID }
func decisionKey(r *model.Rule) string          { return "decision/" + r.ID }
func zoneChartFile(z *model.LandingZone) string { return "zone-" + fileSafe(z.ID) + ".svg" }

// title assigns a unique title to key: "Org · Kind · Name", or "Org · Name"
// for sections. A name used twice gets its id appended.
func (w *writer) title(key, kind, name, id string) {
	if _, dup := w.titles[key]; dup {
		return // a duplicate id (an error in the model): one page for both
	}
	name = oneLine(name)
	if name == "" {
		name = id
	}
	prefix := w.org + titleSeparator
	if kind != "" {
		prefix += kind + titleSeparator
	}
	t := clip(prefix, name, "")
	if w.used[strings.ToLower(t)] && id != "" {
		t = clip(prefix, name, " ("+oneLine(id)+")")
	}
	for i := 2; w.used[strings.ToLower(t)]; i++ {
		t = clip(prefix, name, " ("+strconv.Itoa(i)+")")
	}
	w.used[strings.ToLower(t)] = true
	w.titles[key] = t
}

// clip joins prefix, name and suffix, shortening name so the title fits
// Confluence's limit.
func clip(prefix, name, suffix string) string {
	room := maxTitleRunes - utf8.RuneCountInString(prefix) - utf8.RuneCountInString(suffix)
	if utf8.RuneCountInString(name) > room {
		r := []rune(name)
		if room < 1 {
			room = 1
		}
		name = string(r[:room-1]) + "…"
	}
	return prefix + name + suffix
}

// oneLine collapses whitespace (titles cannot hold line breaks) and drops
// characters XML cannot carry.
func oneLine(s string) string { return strings.Join(strings.Fields(xmlText(s)), " ") }

// fileSafe keeps ids usable as attachment file names.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func (w *writer) add(key, parent string, d *doc, att ...Attachment) {
	if w.added[key] {
		return
	}
	w.added[key] = true
	var atts []Attachment
	for _, a := range att {
		if len(a.Data) > 0 {
			atts = append(atts, a)
		}
	}
	w.pages = append(w.pages, Page{Key: key, Title: w.titles[key], ParentKey: parent, Body: d.String(), Attachments: atts})
}

// start begins the body of the page of key with the notice that the page
// is generated. A page never links to itself.
func (w *writer) start(key string) *doc {
	w.linked = map[string]bool{key: true}
	d := &doc{}
	home := ""
	if key != KeyHome {
		home = " " + w.link(KeyHome, "Overview")
	}
	d.panel("info", "<p>"+esc("Generated by demarc from the responsibility model of "+w.org+
		". Change the model, not this page: edits made here are overwritten by the next publish.")+home+"</p>")
	return d
}

// link links to the page of key on its first mention in a page; later
// mentions are plain text, which keeps large tables (and the page) small.
func (w *writer) link(key, text string) string {
	t, ok := w.titles[key]
	if !ok || w.linked[key] {
		return esc(text)
	}
	w.linked[key] = true
	return pageLink(t, text)
}

func (w *writer) party(p *model.Party) string {
	if p == nil {
		return ""
	}
	return w.link(partyKey(p), p.Name)
}

func (w *writer) partyList(ps []*model.Party) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, w.party(p))
	}
	return strings.Join(out, ", ")
}

func (w *writer) refParties(refs model.Refs) string {
	var out []string
	for _, r := range refs {
		if p := w.b.Model.PartyByID[r.ID]; p != nil {
			out = append(out, w.party(p))
		} else {
			out = append(out, esc(r.ID))
		}
	}
	return strings.Join(out, ", ")
}

func (w *writer) service(s *model.Service) string { return w.link(serviceKey(s), s.Name) }
func (w *writer) zone(z *model.LandingZone) string {
	if z == nil {
		return esc("Across the organisation")
	}
	return w.link(zoneKey(z), z.Name)
}
func (w *writer) activity(a *model.Activity) string { return w.link(activityKey(a), a.Name) }

func (w *writer) rule(r *model.Rule) string {
	if r == nil {
		return ""
	}
	return w.link(decisionKey(r), r.ID)
}

// decidedBy says how an assignment was decided.
func (w *writer) decidedBy(a *view.Assignment) string {
	switch a.Outcome {
	case resolve.ByProvider:
		return esc("provider border")
	case resolve.ByRule:
		return w.rule(a.Rule)
	case resolve.Gap:
		return status("Red", "gap")
	case resolve.Conflicting:
		s := status("Red", "conflict")
		if a.Rule != nil {
			s += " " + w.rule(a.Rule)
		}
		return s
	}
	return ""
}

// raci is the A, R, C, I cells of an assignment.
func (w *writer) raci(a *view.Assignment) []string {
	return []string{w.partyList(a.Accountable), w.partyList(a.Responsible), w.partyList(a.Consulted), w.partyList(a.Informed)}
}

// services names the services of a group, or "all N services".
func (w *writer) services(g *view.Group) string {
	if g.Grain != model.GrainService {
		return esc(view.Capital(g.Where()))
	}
	if g.AllServices && g.Len() > 1 {
		return esc(fmt.Sprintf("all %d services", g.Len()))
	}
	out := make([]string, 0, g.Len())
	for _, s := range g.Services() {
		out = append(out, w.service(s))
	}
	return strings.Join(out, ", ")
}

func sideStatus(s model.Side) string {
	switch s {
	case model.SideProvider:
		return status("Blue", "provider")
	case model.SideShared:
		return status("Yellow", "shared")
	}
	return status("Grey", "customer")
}

func ruleStatus(r *model.Rule) string {
	switch r.EffectiveStatus() {
	case model.StatusAgreed:
		return status("Green", "agreed")
	case model.StatusRetired:
		return status("Grey", "retired")
	}
	return status("Yellow", "proposed")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ---- home ----

func (w *writer) home() {
	b := w.b
	d := w.start(KeyHome)
	if desc := markdown(b.Organisation.Description); desc != "" {
		d.raw(desc)
	}
	if b.Organisation.Website != "" {
		d.pRaw(extLink(b.Organisation.Website, ""))
	}

	d.h(2, "Health")
	h := b.Health
	errs := status("Green", "no errors")
	if h.Errors > 0 {
		errs = status("Red", count(h.Errors, "error", "errors"))
	}
	warns := esc("none")
	if h.Warnings > 0 {
		warns = status("Yellow", count(h.Warnings, "warning", "warnings"))
	}
	kv := []string{"Errors", errs, "Warnings", warns}
	if s := h.Summary; s != nil {
		kv = append(kv,
			"Cells", esc(strconv.Itoa(s.Cells)),
			"Decided by the provider border", esc(strconv.Itoa(s.ProviderCells)),
			"Decided by rules", esc(strconv.Itoa(s.RuleCells)),
			"Gaps", esc(strconv.Itoa(s.GapCells)),
			"Conflicts", esc(strconv.Itoa(s.ConflictCells)))
	}
	kv = append(kv, "Proposed decisions", esc(strconv.Itoa(len(h.Proposed))), "Reviews overdue", esc(strconv.Itoa(len(h.Overdue))))
	d.fields(kv...)
	if len(h.Diagnostics) > 0 {
		d.h(3, "Findings")
		var rows [][]string
		for i, dg := range h.Diagnostics {
			if i == maxListed {
				break
			}
			sev := status("Yellow", dg.Severity.String())
			if dg.Severity == diag.Error {
				sev = status("Red", dg.Severity.String())
			}
			rows = append(rows, []string{sev, code(string(dg.Code)), esc(dg.Summary), esc(where(dg.Subject))})
		}
		d.table([]string{"Severity", "Code", "Summary", "Where"}, rows)
		if n := len(h.Diagnostics) - maxListed; n > 0 {
			d.p(fmt.Sprintf("… and %d more; run demarc check for the full list.", n))
		}
	}
	if len(h.Proposed) > 0 {
		d.h(3, "Proposed decisions")
		d.ul(w.decisionItems(h.Proposed))
	}
	if len(h.Overdue) > 0 {
		d.h(3, "Reviews overdue")
		d.ul(w.decisionItems(h.Overdue))
	}

	d.h(2, "Contents")
	d.ul([]string{
		w.link(KeyParties, "Parties") + esc(fmt.Sprintf(" (%d): who does what, team by team", len(b.Parties))),
		w.link(KeyServices, "Services") + esc(fmt.Sprintf(" (%d): the provider border and the internal split per service", len(b.Services))),
		w.link(KeyLandingZones, "Landing zones") + esc(fmt.Sprintf(" (%d): the split of duties per use case", len(b.LandingZones))),
		w.link(KeyActivities, "Activities") + esc(fmt.Sprintf(" (%d): each activity across every context", len(b.Activities))),
		w.link(KeyDecisions, "Decisions") + esc(fmt.Sprintf(" (%d): what was decided and why", len(b.Decisions))),
		w.link(KeyStakeholders, "Stakeholders") + esc(": influence, interest and relations"),
		w.link(KeyOrgChart, "Org chart"),
		w.link(KeyGlossary, "Glossary"),
	})

	if len(b.LandingZones) > 0 {
		d.h(2, "Landing zones")
		w.zoneTable(d)
	}
	w.add(KeyHome, "", d)
}

func where(r diag.Range) string {
	if r.IsZero() {
		return ""
	}
	r.Filename = filepath.ToSlash(r.Filename)
	return r.String()
}

func (w *writer) decisionItems(ds []*view.Decision) []string {
	var out []string
	for i, dc := range ds {
		if i == maxListed {
			out = append(out, esc(fmt.Sprintf("… and %d more", len(ds)-maxListed)))
			break
		}
		out = append(out, w.rule(dc.Rule)+esc(": "+activityNames(dc.Activities)+" — "+dc.Scope))
	}
	return out
}

func activityNames(as []*model.Activity) string {
	names := make([]string, 0, len(as))
	for _, a := range as {
		names = append(names, a.Name)
	}
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

// ---- parties ----

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
			row = append(row, w.refParties(model.Refs{t.Owner}))
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

// ---- services ----

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

// ---- landing zones ----

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

// ---- activities ----

func (w *writer) activitiesSection() {
	d := w.start(KeyActivities)
	d.p("Everything someone must do, by layer of the stack; activities without a layer are governance.")
	var rows [][]string
	for _, ap := range w.b.Activities {
		layer := ""
		if ap.Layer != nil {
			layer = ap.Layer.Name
		}
		rows = append(rows, []string{w.activity(ap.Activity), esc(layer), esc(ap.Activity.Area), esc(controls(ap.Activity))})
	}
	d.table([]string{"Activity", "Layer", "Area", "Controls"}, rows)
	w.add(KeyActivities, KeyHome, d)
}

func controls(a *model.Activity) string {
	fws := make([]string, 0, len(a.Controls))
	for fw := range a.Controls {
		fws = append(fws, fw)
	}
	slices.Sort(fws)
	var out []string
	for _, fw := range fws {
		out = append(out, fw+": "+strings.Join(a.Controls[fw], ", "))
	}
	return strings.Join(out, "; ")
}

func (w *writer) activityPage(ap *view.ActivityPage) {
	a := ap.Activity
	d := w.start(activityKey(ap.Activity))
	d.raw(markdown(a.Description))
	layer := esc("governance (no layer)")
	if ap.Layer != nil {
		layer = esc(ap.Layer.Name)
	}
	d.fields("Layer", layer, "Area", esc(a.Area), "Controls", esc(controls(a)))

	d.h(2, "Who does what")
	if len(ap.Zones) == 0 {
		d.p("The activity applies in no landing zone.")
	}
	for _, zg := range ap.Zones {
		d.raw("<h3>", w.zone(zg.Zone), "</h3>")
		var rows [][]string
		for _, g := range zg.Groups {
			rows = append(rows, append(append([]string{w.services(g)}, w.raci(g.Assignment)...), w.decidedBy(g.Assignment)))
		}
		where := "Services"
		if a.EffectiveGrain() != model.GrainService {
			where = "Where"
		}
		d.table([]string{where, "Accountable", "Responsible", "Consulted", "Informed", "Decided by"}, rows)
	}

	if len(ap.Rules) > 0 {
		d.h(2, "Decisions")
		d.p("The rules that select this activity, most specific first; the most specific matching rule decides a cell.")
		var rows [][]string
		for _, dc := range ap.Rules {
			rows = append(rows, []string{w.rule(dc.Rule), esc(dc.Scope), w.refParties(dc.Rule.Accountable), w.refParties(dc.Rule.Responsible), ruleStatus(dc.Rule)})
		}
		d.table([]string{"Rule", "Scope", "Accountable", "Responsible", "Status"}, rows)
	}
	w.add(activityKey(a), KeyActivities, d)
}

// ---- decisions ----

func (w *writer) decisionsSection() {
	d := w.start(KeyDecisions)
	d.p("Every responsibility decision: what was decided, where it applies, who approved it and why. Each decision has its page with its rationale.")
	var rows [][]string
	for _, dc := range w.b.Decisions {
		rows = append(rows, []string{w.rule(dc.Rule), esc(activityNames(dc.Activities)), esc(dc.Scope), w.refParties(dc.Rule.Accountable), ruleStatus(dc.Rule), w.review(dc)})
	}
	d.table([]string{"Rule", "Activities", "Scope", "Accountable", "Status", "Review by"}, rows)
	w.add(KeyDecisions, KeyHome, d)
}

func (w *writer) review(dc *view.Decision) string {
	s := esc(dc.Rule.ReviewBy.String())
	if dc.Overdue {
		s += " " + status("Red", "overdue")
	}
	return s
}

func (w *writer) decisionPage(dc *view.Decision) {
	r := dc.Rule
	d := w.start(decisionKey(dc.Rule))
	var acts []string
	for _, a := range dc.Activities {
		acts = append(acts, w.activity(a))
	}
	var approvals []string
	for _, ap := range r.Approvals {
		s := w.refParties(model.Refs{ap.Party})
		if ap.By != "" {
			s += esc(" by " + ap.By)
		}
		if !ap.At.IsZero() {
			s += esc(" on " + ap.At.String())
		}
		approvals = append(approvals, s)
	}
	approved := ""
	if len(r.Accountable) == 1 {
		approved = status("Yellow", "not approved by the accountable party")
		if dc.Approved {
			approved = status("Green", "approved by the accountable party")
		}
	}
	d.fields(
		"Status", ruleStatus(r)+" "+approved,
		"Activities", strings.Join(acts, ", "),
		"Scope", esc(dc.Scope),
		"Accountable", w.refParties(r.Accountable),
		"Responsible", w.refParties(r.Responsible),
		"Consulted", w.refParties(r.Consulted),
		"Informed", w.refParties(r.Informed),
		"Decided", esc(r.Decided.String()),
		"Review by", w.review(dc),
		"Approvals", strings.Join(approvals, "<br />"),
		"Cells decided", esc(strconv.Itoa(dc.Cells)),
	)
	d.h(2, "Why")
	if why := markdown(r.Rationale); why != "" {
		d.raw(why)
	} else {
		d.p("No rationale is recorded for this decision.")
	}
	w.add(decisionKey(r), KeyDecisions, d)
}

// ---- stakeholders, org chart, glossary ----

func (w *writer) stakeholders() {
	b := w.b
	d := w.start(KeyStakeholders)
	var atts []Attachment
	if svg := chartStakeholders(b); len(svg) > 0 {
		atts = append(atts, Attachment{Name: "stakeholders.svg", ContentType: "image/svg+xml", Data: svg})
		d.pRaw(image("stakeholders.svg", "Stakeholder map: influence and interest"))
	}
	var rows [][]string
	for _, st := range b.Stakeholders {
		rows = append(rows, []string{w.party(st.Party), esc(string(st.Party.Kind)), esc(cmp.Or(view.LevelName(st.Influence), "unknown")), esc(cmp.Or(view.LevelName(st.Interest), "unknown")), esc(strings.Join(st.Concerns, "; "))})
	}
	d.table([]string{"Party", "Kind", "Influence", "Interest", "Concerns"}, rows)
	if len(b.Relations) > 0 {
		d.h(2, "Relations")
		if svg := chartRelations(b); len(svg) > 0 {
			atts = append(atts, Attachment{Name: "relations.svg", ContentType: "image/svg+xml", Data: svg})
			d.pRaw(image("relations.svg", "Relations between the parties"))
		}
		w.relationTable(d, b.Relations)
	}
	w.add(KeyStakeholders, KeyHome, d, atts...)
}

func (w *writer) orgChart() {
	b := w.b
	d := w.start(KeyOrgChart)
	var atts []Attachment
	if svg := chartOrg(b); len(svg) > 0 {
		atts = append(atts, Attachment{Name: "org-chart.svg", ContentType: "image/svg+xml", Data: svg})
		d.pRaw(image("org-chart.svg", "Org chart of the parties"))
	}
	var list func(nodes []*view.OrgNode, depth int)
	list = func(nodes []*view.OrgNode, depth int) {
		if len(nodes) == 0 || depth > maxOrgDepth {
			return
		}
		d.raw("<ul>")
		for _, n := range nodes {
			d.raw("<li>", w.party(n.Party), esc(" ("+string(n.Party.Kind)+")"))
			list(n.Children, depth+1)
			d.raw("</li>")
		}
		d.raw("</ul>")
	}
	list(b.OrgChart, 0)
	w.add(KeyOrgChart, KeyHome, d, atts...)
}

func (w *writer) glossary() {
	d := w.start(KeyGlossary)
	var rows [][]string
	for _, t := range w.b.Glossary {
		rows = append(rows, []string{"<strong>" + esc(t.Term) + "</strong>", esc(t.Definition)})
	}
	d.table([]string{"Term", "Definition"}, rows)
	w.add(KeyGlossary, KeyHome, d)
}
