package sheet

import (
	"fmt"
	"iter"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

// table is one sheet of the workbook and one CSV file: a header and rows
// of text. The rows are produced on demand, so a matrix of millions of
// cells is never held in memory; a yielded row is reused for the next one.
// Values are raw model text: the writers neutralise every cell.
type table struct {
	name   string // sheet name before sanitising
	fixed  bool   // name is one of the workbook's own (Overview, Parties, …)
	file   string // CSV file name
	header []string
	wrap   []bool // long text columns, wrapped in the workbook
	rows   iter.Seq[[]string]
}

// tables lists the tables of a book in workbook order: the overview, a
// matrix per landing zone and one of the duties outside landing zones.
func tables(b *view.Book) []*table {
	ts := []*table{overview(b)}
	files := map[string]bool{}
	add := func(t *table, id string) {
		name := "matrix-" + fileSafe(id)
		file := name
		for n := 2; files[file]; n++ {
			file = name + "-" + strconv.Itoa(n)
		}
		files[file] = true
		t.file = file + ".csv"
		ts = append(ts, t)
	}
	for _, zp := range b.LandingZones {
		add(matrix(b, zp.Zone.Name, zp.Activities), zp.Zone.ID)
	}
	if len(b.OrgActivities) > 0 {
		add(matrix(b, orgSheet, b.OrgActivities), "organisation")
	}
	return append(ts, parties(b), decisions(b), tenants(b))
}

// orgSheet names the matrix of the duties outside any landing zone.
const orgSheet = "Organisation"

// fileSafe maps an id to [a-z0-9._-] for a file name.
func fileSafe(id string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			sb.WriteRune(r)
		default:
			sb.WriteByte('-')
		}
		if sb.Len() >= 80 {
			break
		}
	}
	s := strings.Trim(sb.String(), ".-_")
	if s == "" {
		s = "zone"
	}
	return s
}

func overview(b *view.Book) *table {
	h := b.Health
	m := b.Model
	health := "clean: no errors and no warnings"
	if h.Errors > 0 || h.Warnings > 0 {
		health = fmt.Sprintf("%d error(s), %d warning(s): run demarc check", h.Errors, h.Warnings)
	}
	rows := [][2]string{
		{"Organisation", b.Organisation.Name},
		{"Description", strings.TrimSpace(b.Organisation.Description)},
		{"Website", b.Organisation.Website},
		{"Model as of", b.Generated.UTC().Format("2006-01-02 15:04 UTC")},
		{"Health", health},
		{"Errors", strconv.Itoa(h.Errors)},
		{"Warnings", strconv.Itoa(h.Warnings)},
		{"Notes", strconv.Itoa(h.Infos)},
	}
	if s := h.Summary; s != nil {
		rows = append(rows,
			[2]string{"Duties (activities where they happen)", strconv.Itoa(s.Cells)},
			[2]string{"Decided by the provider border", strconv.Itoa(s.ProviderCells)},
			[2]string{"Decided by a rule", strconv.Itoa(s.RuleCells)},
			[2]string{"Gaps", strconv.Itoa(s.GapCells)},
			[2]string{"Conflicts", strconv.Itoa(s.ConflictCells)},
		)
	}
	rows = append(rows,
		[2]string{"Parties", strconv.Itoa(len(b.Parties))},
		[2]string{"Providers", strconv.Itoa(len(b.Providers))},
		[2]string{"Services", strconv.Itoa(len(b.Services))},
		[2]string{"Landing zones", strconv.Itoa(len(b.LandingZones))},
		[2]string{"Activities", strconv.Itoa(len(b.Activities))},
		[2]string{"Decisions", strconv.Itoa(len(b.Decisions))},
		[2]string{"Decisions proposed, not yet agreed", strconv.Itoa(len(h.Proposed))},
		[2]string{"Decisions overdue for review", strconv.Itoa(len(h.Overdue))},
	)
	if m != nil {
		rows = append(rows, [2]string{"Tenants", strconv.Itoa(len(m.Tenants))})
	}
	root := m.SourceRoot()
	for _, d := range h.Diagnostics {
		rows = append(rows, [2]string{"Problem", fmt.Sprintf("%s %s: %s (%s)", d.Severity, d.Code, d.Summary, where(root, d.Subject))})
	}
	return &table{
		name: "Overview", fixed: true, file: "overview.csv",
		header: []string{"Item", "Value"},
		wrap:   []bool{false, true},
		rows: func(yield func([]string) bool) {
			row := make([]string, 2)
			for _, r := range rows {
				row[0], row[1] = r[0], r[1]
				if !yield(row) {
					return
				}
			}
		},
	}
}

func where(root string, r diag.Range) string {
	if r.IsZero() {
		return "no source"
	}
	if root != "" {
		if rel, err := filepath.Rel(root, r.Filename); err == nil && !strings.HasPrefix(rel, "..") {
			r.Filename = filepath.ToSlash(rel)
		}
	}
	return r.String()
}

// matrixHeader is the header of a landing zone's RACI matrix.
var matrixHeader = []string{"Activity", "Activity name", "Layer", "Grain", "Service", "Provider", "Service model", "Side", "Outcome",
	"Responsible", "Accountable", "Consulted", "Informed", "Rule"}

// matrix is a resolved RACI matrix: one row per duty — an activity for a
// service, for each tenant of a provider, for a landing zone, for a
// provider or for the organisation — so filtering by any column works.
func matrix(b *view.Book, name string, activities []*view.ZoneActivity) *table {
	m := b.Model
	type svc struct{ name, provider, model string }
	type assign struct{ r, a, c, i, rule string }
	providerName := func(p *model.Provider) string {
		if p.Name != "" {
			return p.Name
		}
		return p.ID
	}
	return &table{
		name:   name,
		header: matrixHeader,
		wrap:   make([]bool, len(matrixHeader)),
		rows: func(yield func([]string) bool) {
			services := map[*model.Service]*svc{}
			assignments := map[*view.Assignment]*assign{}
			row := make([]string, len(matrixHeader))
			for _, za := range activities {
				act := za.Activity
				row[0], row[1], row[2], row[3] = act.ID, act.Name, layerName(m, act.Layer.ID), string(act.EffectiveGrain())
				for _, g := range za.Groups {
					a := assignments[g.Assignment]
					if a == nil {
						ga := g.Assignment
						a = &assign{r: names(ga.Responsible), a: names(ga.Accountable), c: names(ga.Consulted), i: names(ga.Informed)}
						if ga.Rule != nil && (ga.Outcome == resolve.ByRule || ga.Outcome == resolve.Conflicting) {
							a.rule = ga.Rule.ID
						}
						assignments[g.Assignment] = a
					}
					row[7], row[8] = string(g.Assignment.Side), g.Assignment.Outcome.String()
					row[9], row[10], row[11], row[12], row[13] = a.r, a.a, a.c, a.i, a.rule
					switch g.Grain {
					case model.GrainService:
					case model.GrainTenant, model.GrainProvider:
						for _, p := range g.Providers {
							row[4], row[5], row[6] = "", providerName(p), ""
							if !yield(row) {
								return
							}
						}
						continue
					default:
						row[4], row[5], row[6] = "", "", ""
						if !yield(row) {
							return
						}
						continue
					}
					for _, s := range g.Services() {
						sv := services[s]
						if sv == nil {
							sv = &svc{name: s.Name, provider: s.Provider.ID, model: s.Model.ID}
							if p := m.ProviderByID[s.Provider.ID]; p != nil {
								sv.provider = providerName(p)
							}
							if sm := m.ServiceModelByID[s.Model.ID]; sm != nil {
								sv.model = sm.Name
							}
							services[s] = sv
						}
						row[4], row[5], row[6] = sv.name, sv.provider, sv.model
						if !yield(row) {
							return
						}
					}
				}
			}
		},
	}
}

func layerName(m *model.Model, id string) string {
	if id == "" {
		return "Governance"
	}
	if l := m.LayerByID[id]; l != nil {
		return l.Name
	}
	return id
}

// names joins party names; names may hold commas, so the separator is a
// semicolon.
func names(ps []*model.Party) string {
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return ps[0].Name
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return strings.Join(out, "; ")
}

func refNames(m *model.Model, refs model.Refs) string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		if p := m.PartyByID[r.ID]; p != nil {
			out = append(out, p.Name)
		} else {
			out = append(out, r.ID)
		}
	}
	return strings.Join(out, "; ")
}

func partyName(p *model.Party) string {
	if p == nil {
		return ""
	}
	return p.Name
}

var partiesHeader = []string{"ID", "Name", "Kind", "Part of", "Escalation", "Contacts", "Members",
	"Responsible cells", "Accountable cells", "Consulted cells", "Informed cells", "Landing zones run", "Tenants owned", "Description"}

func parties(b *view.Book) *table {
	wrap := make([]bool, len(partiesHeader))
	wrap[5], wrap[13] = true, true
	return &table{
		name: "Parties", fixed: true, file: "parties.csv", header: partiesHeader, wrap: wrap,
		rows: func(yield func([]string) bool) {
			row := make([]string, len(partiesHeader))
			for _, pp := range b.Parties {
				p := pp.Party
				var contacts []string
				for _, c := range p.Contacts {
					var parts []string
					for _, ch := range c.Channels() {
						parts = append(parts, ch.Value)
					}
					s := strings.Join(parts, ", ")
					if c.Name != "" {
						s = c.Name + ": " + s
					}
					contacts = append(contacts, s)
				}
				zones := make([]string, 0, len(pp.Zones))
				for _, z := range pp.Zones {
					zones = append(zones, z.Name)
				}
				row[0], row[1], row[2] = p.ID, p.Name, string(p.Kind)
				row[3], row[4] = partyName(pp.Parent), partyName(pp.Escalation)
				row[5], row[6] = strings.Join(contacts, "\n"), strings.Join(p.Members, "; ")
				row[7], row[8], row[9], row[10] = strconv.Itoa(pp.CountR), strconv.Itoa(pp.CountA), strconv.Itoa(pp.CountC), strconv.Itoa(pp.CountI)
				row[11], row[12], row[13] = strings.Join(zones, "; "), strconv.Itoa(len(pp.Tenants)), strings.TrimSpace(p.Description)
				if !yield(row) {
					return
				}
			}
		},
	}
}

var decisionsHeader = []string{"ID", "Status", "Activities", "Scope", "Responsible", "Accountable", "Consulted", "Informed",
	"Rationale", "Decided", "Review by", "Overdue", "Approvals", "Cells decided"}

func decisions(b *view.Book) *table {
	wrap := make([]bool, len(decisionsHeader))
	wrap[2], wrap[8], wrap[12] = true, true, true
	m := b.Model
	return &table{
		name: "Decisions", fixed: true, file: "decisions.csv", header: decisionsHeader, wrap: wrap,
		rows: func(yield func([]string) bool) {
			row := make([]string, len(decisionsHeader))
			for _, d := range b.Decisions {
				r := d.Rule
				acts := make([]string, len(d.Activities))
				for i, a := range d.Activities {
					acts[i] = a.ID
				}
				var approvals []string
				for _, a := range r.Approvals {
					s := a.Party.ID
					if p := m.PartyByID[a.Party.ID]; p != nil {
						s = p.Name
					}
					if a.By != "" {
						s += " by " + a.By
					}
					if !a.At.IsZero() {
						s += " on " + a.At.String()
					}
					approvals = append(approvals, s)
				}
				row[0], row[1], row[2], row[3] = r.ID, string(r.EffectiveStatus()), strings.Join(acts, ", "), d.Scope
				row[4], row[5], row[6], row[7] = refNames(m, r.Responsible), refNames(m, r.Accountable), refNames(m, r.Consulted), refNames(m, r.Informed)
				row[8], row[9], row[10] = strings.TrimSpace(r.Rationale), r.Decided.String(), r.ReviewBy.String()
				row[11], row[12], row[13] = yesNo(d.Overdue), strings.Join(approvals, "; "), strconv.Itoa(d.Cells)
				if !yield(row) {
					return
				}
			}
		},
	}
}

var tenantsHeader = []string{"ID", "Name", "Provider", "Landing zone", "Owner", "Tags"}

func tenants(b *view.Book) *table {
	m := b.Model
	return &table{
		name: "Tenants", fixed: true, file: "tenants.csv", header: tenantsHeader, wrap: make([]bool, len(tenantsHeader)),
		rows: func(yield func([]string) bool) {
			if m == nil {
				return
			}
			row := make([]string, len(tenantsHeader))
			for _, t := range m.Tenants {
				prov, zone, owner := t.Provider.ID, t.LandingZone.ID, t.Owner.ID
				if p := m.ProviderByID[prov]; p != nil {
					prov = p.Name
				}
				if z := m.LandingZoneByID[zone]; z != nil {
					zone = z.Name
				}
				if p := m.PartyByID[owner]; p != nil {
					owner = p.Name
				}
				keys := make([]string, 0, t.Tags.Len())
				for k, v := range t.Tags.All() {
					keys = append(keys, k+"="+v)
				}
				row[0], row[1], row[2], row[3], row[4], row[5] = t.ID, t.Name, prov, zone, owner, strings.Join(keys, "; ")
				if !yield(row) {
					return
				}
			}
		},
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
