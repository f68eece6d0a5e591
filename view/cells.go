package view

import (
	"slices"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

type assignKey struct {
	outcome  resolve.Outcome
	side     uint8
	rule     *model.Rule
	provider *model.Party
}

func sideCode(s model.Side) uint8 {
	switch s {
	case model.SideProvider:
		return 1
	case model.SideShared:
		return 2
	}
	return 0
}

// assignment returns the shared Assignment for a cell's resolution.
func (bb *builder) assignment(d resolve.Decided, s *model.Service) *Assignment {
	var prov *model.Party
	if d.Side != model.SideCustomer {
		prov = bb.providerParty[d.Service]
	}
	k := assignKey{outcome: d.Outcome, side: sideCode(d.Side), rule: d.Rule, provider: prov}
	if a, ok := bb.assignments[k]; ok {
		return a
	}
	a := &Assignment{Outcome: d.Outcome, Side: d.Side, Rule: d.Rule, ProviderParty: prov}
	switch d.Outcome {
	case resolve.ByProvider:
		if prov != nil {
			a.Responsible = []*model.Party{prov}
			a.Accountable = []*model.Party{prov}
		}
	case resolve.ByRule:
		a.Responsible = bb.parties(d.Rule.Responsible)
		if d.Side == model.SideShared && prov != nil && !slices.Contains(a.Responsible, prov) {
			a.Responsible = append(a.Responsible, prov)
		}
		a.Accountable = bb.parties(d.Rule.Accountable)
		a.Consulted = bb.parties(d.Rule.Consulted)
		a.Informed = bb.parties(d.Rule.Informed)
	}
	bb.assignments[k] = a
	return a
}

func (bb *builder) parties(refs model.Refs) []*model.Party {
	out := make([]*model.Party, 0, len(refs))
	for _, r := range refs {
		if p := bb.m.PartyByID[r.ID]; p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// cells walks every resolved cell once and fills the zone, activity,
// service and party pages and the charts.
func (bb *builder) cells() {
	m, b := bb.m, bb.b
	bb.assignments = map[assignKey]*Assignment{}
	bb.providerParty = make([]*model.Party, len(m.Services))
	for i, s := range m.Services {
		bb.providerParty[i] = m.ProviderParty(s.Provider.ID)
	}
	for _, zp := range b.LandingZones {
		zp.Chart = newChart(m, zp)
	}
	// Per service, per activity: the zone answers, filled as zones pass.
	split := make([][]*SplitRow, len(m.Services))
	var cur *ZoneActivity
	var curKey [2]int
	groupOf := map[*Assignment]*Group{}
	flush := func() {
		if cur == nil {
			return
		}
		zp := b.LandingZones[curKey[0]]
		for _, g := range cur.Groups {
			g.AllServices = len(g.Services) == len(zp.Services)
			if g.AllServices {
				g.Services = zp.Services // same services, same order: share them
			}
		}
		zp.Activities = append(zp.Activities, cur)
		ap := b.Activities[curKey[1]]
		ap.Zones = append(ap.Zones, &ZoneActivityGroups{Zone: zp.Zone, Groups: cur.Groups})
		cur = nil
	}
	bb.r.Walk(func(d resolve.Decided) {
		if cur == nil || curKey != [2]int{d.LandingZone, d.Activity} {
			flush()
			cur = &ZoneActivity{Activity: m.Activities[d.Activity]}
			curKey = [2]int{d.LandingZone, d.Activity}
			clear(groupOf)
		}
		s := m.Services[d.Service]
		a := bb.assignment(d, s)
		g := groupOf[a]
		if g == nil {
			g = &Group{Activity: cur.Activity, LandingZone: m.LandingZones[d.LandingZone], Assignment: a}
			groupOf[a] = g
			cur.Groups = append(cur.Groups, g)
		}
		g.Services = append(g.Services, s)
		if d.Outcome == resolve.ByRule {
			if dec := bb.decisionOf[d.Rule]; dec != nil {
				dec.Cells++
			}
		}
		// Service split: group zones with the same answer per activity.
		if split[d.Service] == nil {
			split[d.Service] = make([]*SplitRow, len(m.Activities))
		}
		row := split[d.Service][d.Activity]
		if row == nil {
			row = &SplitRow{Activity: cur.Activity}
			split[d.Service][d.Activity] = row
		}
		zone := m.LandingZones[d.LandingZone]
		if i := slices.IndexFunc(row.Answers, func(za ZoneAnswer) bool { return za.Assignment == a }); i >= 0 {
			row.Answers[i].Zones = append(row.Answers[i].Zones, zone)
		} else {
			row.Answers = append(row.Answers, ZoneAnswer{Zones: []*model.LandingZone{zone}, Assignment: a})
		}
		b.LandingZones[d.LandingZone].Chart.add(d.Activity, d.Service, a)
	})
	flush()
	for i, rows := range split {
		sp := b.Services[i]
		for _, row := range rows {
			if row == nil {
				continue
			}
			// One answer everywhere: share the service's zone list.
			if len(row.Answers) == 1 && len(row.Answers[0].Zones) == len(sp.Zones) {
				row.Answers[0].Zones = sp.Zones
			}
			sp.Split = append(sp.Split, row)
		}
	}
	bb.duties()
}

// duties attaches every group to the pages of the parties holding a role
// in it, and the tenant-owner placeholder's groups to the application
// parties owning tenants in that landing zone.
func (bb *builder) duties() {
	m, b := bb.m, bb.b
	owners := map[*model.LandingZone][]*model.Party{} // zone → parties owning tenants there
	for _, t := range m.Tenants {
		z, p := m.LandingZoneByID[t.LandingZone.ID], m.PartyByID[t.Owner.ID]
		if z != nil && p != nil && !p.Placeholder && !slices.Contains(owners[z], p) {
			owners[z] = append(owners[z], p)
		}
	}
	placeholder := m.PartyByID[model.TenantOwner]
	layerOrder := map[string]int{}
	for i, l := range m.Layers {
		layerOrder[l.ID] = i + 1 // governance (no layer) first
	}
	for zi, zp := range b.LandingZones {
		for _, za := range zp.Activities {
			order := zi*(len(m.Layers)+1) + layerOrder[za.Activity.Layer.ID]
			for _, g := range za.Groups {
				a := g.Assignment
				seen := map[*model.Party]bool{}
				for _, list := range [][]*model.Party{a.Accountable, a.Responsible, a.Consulted, a.Informed} {
					for _, p := range list {
						if seen[p] {
							continue
						}
						seen[p] = true
						roles := a.Roles(p)
						if pp := b.partyPage[p.ID]; pp != nil {
							pp.addDuty(&Duty{Group: g, Roles: roles, order: order}, len(g.Services))
						}
						if p == placeholder {
							for _, owner := range owners[zp.Zone] {
								if seen[owner] {
									continue // named directly as well
								}
								if pp := b.partyPage[owner.ID]; pp != nil {
									pp.addDuty(&Duty{Group: g, Roles: roles, ViaTenantOwner: true, order: order}, len(g.Services))
								}
							}
						}
					}
				}
			}
		}
	}
	maxOrder := len(b.LandingZones) * (len(m.Layers) + 1)
	for _, pp := range b.Parties {
		pp.Duties = sortByOrder(pp.Duties, maxOrder)
	}
}

func (pp *PartyPage) addDuty(d *Duty, cells int) {
	pp.Duties = append(pp.Duties, d)
	for _, r := range d.Roles {
		switch r {
		case 'R':
			pp.CountR += cells
		case 'A':
			pp.CountA += cells
		case 'C':
			pp.CountC += cells
		case 'I':
			pp.CountI += cells
		}
	}
}

// sortByOrder sorts duties by their order key, stably, in linear time:
// parties at enterprise scale hold tens of thousands of duties.
func sortByOrder(duties []*Duty, maxOrder int) []*Duty {
	if len(duties) < 2 {
		return duties
	}
	counts := make([]int, maxOrder+2)
	for _, d := range duties {
		counts[d.order+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	out := make([]*Duty, len(duties))
	for _, d := range duties {
		out[counts[d.order]] = d
		counts[d.order]++
	}
	return out
}
