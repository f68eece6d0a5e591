package site

import (
	"bytes"
	"html/template"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

var (
	crumbParties    = crumb{"parties/index.html", "Parties"}
	crumbServices   = crumb{"services/index.html", "Services"}
	crumbZones      = crumb{"landing-zones/index.html", "Landing zones"}
	crumbActivities = crumb{"activities/index.html", "Activities"}
	crumbProviders  = crumb{"providers/index.html", "Providers"}
)

// Overview.

type diagRow struct {
	Severity, Code, Summary, Where string
}

type kindGroup struct {
	Kind, Label string
	Parties     []*model.Party
	More        bool
	Total       int
}

type overview struct {
	Desc                 template.HTML
	Website              string
	Health               *view.Health
	Diags                []diagRow
	DiagTotal, MoreDiags int
	Overdue, Proposed    []*view.Decision
	OverdueMore          int
	ProposedMore         int
	Summary              *resolve.Summary
	CellsBar             template.HTML
	Kinds                []kindGroup
	Providers            []*view.ProviderPage
	// FactControls and FactDisagreements count the controls the providers
	// state something about for offered services, and those where the
	// model's border contradicts them.
	FactControls, FactDisagreements int
}

const (
	maxDiagnostics = 25
	maxListed      = 12
	maxKindListed  = 40
)

func (s *site) indexPage(w *bytes.Buffer) error {
	b := s.b
	h := &b.Health
	v := &overview{
		Desc: s.Markdown(b.Organisation.Description), Website: safeLink(b.Organisation.Website),
		Health: h, Summary: h.Summary, Providers: b.Providers, DiagTotal: len(h.Diagnostics),
		FactControls: b.FactControls(), FactDisagreements: b.FactDisagreements(),
	}
	for i, d := range h.Diagnostics {
		if i == maxDiagnostics {
			v.MoreDiags = len(h.Diagnostics) - i
			break
		}
		v.Diags = append(v.Diags, diagRow{Severity: d.Severity.String(), Code: string(d.Code), Summary: d.Summary, Where: where(d.Subject)})
	}
	v.Overdue, v.OverdueMore = capped(h.Overdue, maxListed)
	v.Proposed, v.ProposedMore = capped(h.Proposed, maxListed)
	for _, k := range []model.PartyKind{model.KindFoundation, model.KindShared, model.KindApplication, model.KindExternal, model.KindProvider} {
		g := kindGroup{Kind: string(k), Label: kindPlural(k)}
		for _, pp := range b.Parties {
			if pp.Party.Kind == k {
				g.Total++
				if len(g.Parties) < maxKindListed {
					g.Parties = append(g.Parties, pp.Party)
				}
			}
		}
		g.More = g.Total > len(g.Parties)
		if g.Total > 0 {
			v.Kinds = append(v.Kinds, g)
		}
	}
	if v.Summary != nil {
		v.CellsBar = cellsBar(v.Summary)
	}
	return exec(w, "index", s.page(0, "Overview", "overview", v))
}

func capped(ds []*view.Decision, n int) ([]*view.Decision, int) {
	if len(ds) > n {
		return ds[:n], len(ds) - n
	}
	return ds, 0
}

func where(r diag.Range) string {
	if r.IsZero() {
		return "—"
	}
	return r.String()
}

func kindPlural(k model.PartyKind) string {
	switch k {
	case model.KindProvider:
		return "Providers"
	case model.KindFoundation:
		return "Cloud foundation"
	case model.KindShared:
		return "Central teams"
	case model.KindApplication:
		return "Application teams"
	case model.KindExternal:
		return "External parties"
	}
	return string(k)
}

// Index pages.

func (s *site) partiesIndex(w *bytes.Buffer) error {
	return exec(w, "parties-index", s.page(1, "Parties", "parties", s.b.Parties))
}

func (s *site) servicesIndex(w *bytes.Buffer) error {
	return exec(w, "services-index", s.page(1, "Services", "services", s.b.Services))
}

func (s *site) zonesIndex(w *bytes.Buffer) error {
	return exec(w, "zones-index", s.page(1, "Landing zones", "zones", nil))
}

func (s *site) activitiesIndex(w *bytes.Buffer) error {
	return exec(w, "activities-index", s.page(1, "Activities", "activities", s.b.Activities))
}

func (s *site) providersIndex(w *bytes.Buffer) error {
	return exec(w, "providers-index", s.page(1, "Providers", "providers", s.b.Providers))
}

func (s *site) providerPage(w *bytes.Buffer, pv *view.ProviderPage) error {
	return exec(w, "provider", s.page(1, pv.Provider.Name, "providers", pv, crumbProviders))
}

// Entity pages: a template for the top, hand-written tables, the footer.

func (s *site) partyPage(w *bytes.Buffer, pp *view.PartyPage) error {
	p := s.page(1, pp.Party.Name, "parties", pp, crumbParties)
	if err := exec(w, "party-top", p); err != nil {
		return err
	}
	s.duties(hw{w}, s.links[1], pp)
	if err := exec(w, "party-tenants", p); err != nil {
		return err
	}
	return exec(w, "foot", p)
}

func (s *site) servicePage(w *bytes.Buffer, sp *view.ServicePage) error {
	crumbs := []crumb{crumbServices}
	p := s.page(1, sp.Service.Name, "services", sp, crumbs...)
	if err := exec(w, "service-top", p); err != nil {
		return err
	}
	s.split(hw{w}, s.links[1], sp)
	if err := exec(w, "service-facts", p); err != nil {
		return err
	}
	return exec(w, "foot", p)
}

type zoneData struct {
	*view.ZonePage
	ChartSVG   template.HTML
	ChartTable template.HTML
}

func (s *site) zonePage(w *bytes.Buffer, zp *view.ZonePage) error {
	v := &zoneData{ZonePage: zp}
	if zp.Chart != nil {
		v.ChartSVG = s.svg(chartResponsibility(zp.Chart), "chart-"+s.zoneStem[zp.Zone], "Responsibility chart of "+zp.Zone.Name)
		v.ChartTable = s.chartTable(s.links[1], zp.Chart)
	}
	p := s.page(1, zp.Zone.Name, "zones", v, crumbZones)
	if err := exec(w, "zone-top", p); err != nil {
		return err
	}
	s.zoneActivities(hw{w}, s.links[1], zp)
	if err := exec(w, "zone-tenants", p); err != nil {
		return err
	}
	return exec(w, "foot", p)
}

func (s *site) activityPage(w *bytes.Buffer, ap *view.ActivityPage) error {
	p := s.page(1, ap.Activity.Name, "activities", ap, crumbActivities)
	if err := exec(w, "activity-top", p); err != nil {
		return err
	}
	s.activityZones(hw{w}, s.links[1], ap)
	s.activityRules(hw{w}, s.links[1], ap)
	if cov := s.b.ProviderCoverage(ap.Activity); len(cov) > 0 {
		if err := exec(w, "activity-facts", s.page(1, ap.Activity.Name, "activities", cov)); err != nil {
			return err
		}
	}
	return exec(w, "foot", p)
}

func (s *site) decisionsPage(w *bytes.Buffer) error {
	p := s.page(0, "Decisions", "decisions", nil)
	if err := exec(w, "head", p); err != nil {
		return err
	}
	s.decisions(hw{w}, s.links[0])
	return exec(w, "foot", p)
}

// Site-wide pages.

type stakeholderData struct {
	Grid, Graph  template.HTML
	Stakeholders []*view.Stakeholder
	Relations    []view.Relation
}

func (s *site) stakeholdersPage(w *bytes.Buffer) error {
	v := &stakeholderData{
		Grid:         s.svg(chartStakeholders(s.b), "chart-stakeholders", "Stakeholder map: influence and interest of each party"),
		Graph:        s.svg(chartRelations(s.b), "chart-relations", "Relations between the parties"),
		Stakeholders: s.b.Stakeholders, Relations: s.b.Relations,
	}
	return exec(w, "stakeholders", s.page(0, "Stakeholders", "stakeholders", v))
}

type orgData struct {
	Chart, Tree template.HTML
}

func (s *site) orgChartPage(w *bytes.Buffer) error {
	v := &orgData{
		Chart: s.svg(chartOrgChart(s.b), "chart-org", "Org chart of the parties"),
		Tree:  s.orgTree(s.links[0], s.b.OrgChart),
	}
	return exec(w, "org-chart", s.page(0, "Org chart", "org", v))
}

type glossaryData struct {
	Terms  []view.Term
	Models []*model.ServiceModel
	Rows   []glossaryRow
}

type glossaryRow struct {
	Layer *model.Layer
	Sides []model.Side
}

func (s *site) glossaryPage(w *bytes.Buffer) error {
	m := s.b.Model
	v := &glossaryData{Terms: s.b.Glossary, Models: m.ServiceModels}
	for i := len(m.Layers) - 1; i >= 0; i-- {
		l := m.Layers[i]
		row := glossaryRow{Layer: l}
		for _, sm := range m.ServiceModels {
			side := sm.Borders[l.ID]
			if side == "" {
				side = model.SideCustomer
			}
			row.Sides = append(row.Sides, side)
		}
		v.Rows = append(v.Rows, row)
	}
	return exec(w, "glossary", s.page(0, "Glossary", "glossary", v))
}

func (s *site) searchPage(w *bytes.Buffer) error {
	return exec(w, "search", s.page(0, "Search", "search", nil))
}

// orgTree renders the org chart as nested lists.
func (s *site) orgTree(l *links, roots []*view.OrgNode) template.HTML {
	var buf bytes.Buffer
	w := hw{&buf}
	var walk func(nodes []*view.OrgNode, depth int)
	walk = func(nodes []*view.OrgNode, depth int) {
		if depth == 0 {
			w.s(`<ul class="org-tree">`)
		} else {
			w.s(`<ul>`)
		}
		for _, n := range nodes {
			w.s(`<li>`)
			w.s(string(l.Party(n.Party)))
			w.s(` <span class="muted">`)
			w.t(kindLabel(n.Party.Kind))
			w.s(`</span>`)
			if len(n.Children) > 0 && depth < 64 {
				walk(n.Children, depth+1)
			}
			w.s("</li>\n")
		}
		w.s(`</ul>`)
	}
	if len(roots) > 0 {
		walk(roots, 0)
	}
	return template.HTML(buf.String())
}
