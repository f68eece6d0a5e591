package confluence

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// Page is one Confluence page to publish.
type Page struct {
	// Key identifies the page across publishes, whatever its title: "home",
	// "parties", "party/<id>", "service/<id>", "zone/<id>",
	// "activity/<id>", "decision/<rule id>", "process/<id>", … Publish stores it on the
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
// activities, decisions, processes, stakeholders, org chart, glossary) and
// one page per party, service, landing zone, activity, decision and process
// below its section. Titles start with the organisation's name so they stay unique in
// a shared space, e.g. "Northwind Mutual · Party · Cloud Foundation".
// Landing zone, process, stakeholder and org chart pages carry their charts as SVG
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
	w.processesSection()
	for _, pp := range b.Processes {
		w.processPage(pp)
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
	if len(b.Processes) > 0 {
		w.title(KeyProcesses, "", "Processes", "")
	}
	for _, pp := range b.Processes {
		w.title(processKey(pp.Process), "Process", pp.Process.Name, pp.Process.ID)
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

// ---- parties ----

// ---- services ----

// ---- landing zones ----

// ---- activities ----

// ---- decisions ----

// ---- stakeholders, org chart, glossary ----
