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
	more     string // further provider parties of a cell shared by several
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
func (bb *builder) assignment(d resolve.Decided) *Assignment {
	k := assignKey{outcome: d.Outcome, side: sideCode(d.Side), rule: d.Rule}
	if d.Side != model.SideCustomer && len(d.Border) > 0 {
		k.provider = bb.m.Parties[d.Border[0]]
		for _, p := range d.Border[1:] {
			k.more += bb.m.Parties[p].ID + ","
		}
	}
	if a, ok := bb.assignments[k]; ok {
		return a
	}
	a := &Assignment{Outcome: d.Outcome, Side: d.Side, Rule: d.Rule, ProviderParty: k.provider}
	if k.provider != nil {
		for _, p := range d.Border {
			a.ProviderParties = append(a.ProviderParties, bb.m.Parties[p])
		}
	}
	switch d.Outcome {
	case resolve.ByProvider:
		a.Responsible = a.ProviderParties
		a.Accountable = a.ProviderParties
	case resolve.ByRule:
		a.Responsible = bb.parties(d.Rule.Responsible)
		if d.Side == model.SideShared {
			for _, p := range a.ProviderParties {
				if !slices.Contains(a.Responsible, p) {
					a.Responsible = append(a.Responsible, p)
				}
			}
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
	for _, zp := range b.LandingZones {
		zp.Chart = newChart(m, zp)
	}
	// Where each landing zone sits in each service's Zones, for the
	// service's cells; -1 when the zone does not offer the service.
	zoneIndex := make(map[*model.LandingZone]int, len(m.LandingZones))
	for i, z := range m.LandingZones {
		zoneIndex[z] = i
	}
	zonePos := make([][]int32, len(b.Services))
	for si, sp := range b.Services {
		zonePos[si] = make([]int32, len(m.LandingZones))
		for i := range zonePos[si] {
			zonePos[si][i] = -1
		}
		for pos, z := range sp.Zones {
			zonePos[si][zoneIndex[z]] = int32(pos)
		}
	}
	// Where each service sits in the current landing zone's services (the
	// walk goes zone by zone).
	posInZone := make([]int32, len(m.Services))
	posZone := -1
	serviceIndex := make(map[*model.Service]int, len(m.Services))
	for i, s := range m.Services {
		serviceIndex[s] = i
	}
	index := map[*Assignment]uint32{} // assignment → its index+1 in list
	var list []*Assignment
	var cur *ZoneActivity
	curKey := [2]int{-2, -2}
	groupOf := map[*Assignment]*Group{}
	flush := func() {
		if cur == nil {
			return
		}
		var zp *ZonePage
		var zone *model.LandingZone
		if curKey[0] >= 0 {
			zp = b.LandingZones[curKey[0]]
			zone = zp.Zone
		}
		for _, g := range cur.Groups {
			if g.Grain != model.GrainService {
				continue
			}
			g.AllServices = len(g.positions) == len(zp.Services)
			if g.AllServices {
				g.positions = nil
			} else {
				g.positions = slices.Clone(g.positions) // drop the slack of appending
			}
		}
		if zp != nil {
			zp.Activities = append(zp.Activities, cur)
		} else {
			b.OrgActivities = append(b.OrgActivities, cur)
		}
		ap := b.Activities[curKey[1]]
		ap.Zones = append(ap.Zones, &ZoneActivityGroups{Zone: zone, Groups: cur.Groups})
		cur = nil
	}
	bb.r.Walk(func(d resolve.Decided) {
		if d.LandingZone >= 0 && d.LandingZone != posZone {
			posZone = d.LandingZone
			for i, s := range b.LandingZones[d.LandingZone].Services {
				posInZone[serviceIndex[s]] = int32(i)
			}
		}
		if cur == nil || curKey != [2]int{d.LandingZone, d.Activity} {
			flush()
			cur = &ZoneActivity{Activity: m.Activities[d.Activity]}
			curKey = [2]int{d.LandingZone, d.Activity}
			clear(groupOf)
		}
		a := bb.assignment(d)
		g := groupOf[a]
		if g == nil {
			g = &Group{Activity: cur.Activity, Grain: cur.Activity.EffectiveGrain(), Assignment: a}
			if d.LandingZone >= 0 {
				g.LandingZone = m.LandingZones[d.LandingZone]
				g.zoneServices = b.LandingZones[d.LandingZone].Services
			}
			groupOf[a] = g
			cur.Groups = append(cur.Groups, g)
		}
		if d.Outcome == resolve.ByRule {
			if dec := bb.decisionOf[d.Rule]; dec != nil {
				dec.Cells++
			}
		}
		if d.Service < 0 {
			if d.Provider >= 0 {
				g.Providers = append(g.Providers, m.Providers[d.Provider])
			}
			return
		}
		g.positions = append(g.positions, posInZone[d.Service])
		if pos := zonePos[d.Service][d.LandingZone]; pos >= 0 {
			sp := b.Services[d.Service]
			if sp.cells == nil {
				sp.cells = make([]uint32, len(m.Activities)*len(sp.Zones))
			}
			n := index[a]
			if n == 0 {
				list = append(list, a)
				n = uint32(len(list))
				index[a] = n
			}
			sp.cells[d.Activity*len(sp.Zones)+int(pos)] = n
		}
		b.LandingZones[d.LandingZone].Chart.add(d.Activity, d.Service, a)
	})
	flush()
	for _, sp := range b.Services {
		if sp.cells != nil {
			sp.activities, sp.assignments = m.Activities, list
		}
	}
	bb.duties()
}

// Split has one row per activity: the assignments across the landing zones
// offering the service, zones with the same answer grouped, in the order of
// Zones. It is arranged on each call; keep the result when using it twice.
func (sp *ServicePage) Split() []SplitRow {
	nz := len(sp.Zones)
	if nz == 0 || len(sp.cells) == 0 {
		return nil
	}
	var out []SplitRow
	for ai, a := range sp.activities {
		var row SplitRow
		for pos, n := range sp.cells[ai*nz : (ai+1)*nz] {
			if n == 0 {
				continue
			}
			as, z := sp.assignments[n-1], sp.Zones[pos]
			if i := slices.IndexFunc(row.Answers, func(za ZoneAnswer) bool { return za.Assignment == as }); i >= 0 {
				row.Answers[i].Zones = append(row.Answers[i].Zones, z)
			} else {
				row.Answers = append(row.Answers, ZoneAnswer{Zones: []*model.LandingZone{z}, Assignment: as})
			}
		}
		if row.Answers == nil {
			continue
		}
		// One answer everywhere: share the service's zone list.
		if len(row.Answers) == 1 && len(row.Answers[0].Zones) == nz {
			row.Answers[0].Zones = sp.Zones
		}
		row.Activity = a
		out = append(out, row)
	}
	return out
}

// duties attaches every group to the pages of the parties holding a role
// in it. The tenant-owner placeholder's groups reach the application
// parties owning tenants in their landing zone through Duties.
func (bb *builder) duties() {
	m, b := bb.m, bb.b
	placeholder := m.PartyByID[model.TenantOwner]
	var ownerDuties []Duty // the placeholder's, whether or not it has a page
	for _, t := range m.Tenants {
		z, p := m.LandingZoneByID[t.LandingZone.ID], m.PartyByID[t.Owner.ID]
		if z == nil || p == nil || p.Placeholder {
			continue
		}
		if pp := b.partyPage[p.ID]; pp != nil {
			if pp.ownedZones == nil {
				pp.ownedZones = map[*model.LandingZone]bool{}
				pp.ownerOf = &ownerDuties
			}
			pp.ownedZones[z] = true
		}
	}
	layerOrder := map[string]int{}
	for i, l := range m.Layers {
		layerOrder[l.ID] = i + 1 // governance (no layer) first
	}
	var seq int32
	// The organisation's duties (no landing zone) come first, then each
	// landing zone's.
	sections := append([][]*ZoneActivity{b.OrgActivities}, make([][]*ZoneActivity, len(b.LandingZones))...)
	for zi, zp := range b.LandingZones {
		sections[zi+1] = zp.Activities
	}
	for zi, section := range sections {
		for _, za := range section {
			order := int32(zi*(len(m.Layers)+1) + layerOrder[za.Activity.Layer.ID])
			for _, g := range za.Groups {
				seq++
				a := g.Assignment
				seen := map[*model.Party]bool{}
				for _, list := range [][]*model.Party{a.Accountable, a.Responsible, a.Consulted, a.Informed} {
					for _, p := range list {
						if seen[p] {
							continue
						}
						seen[p] = true
						d := Duty{Group: g, Roles: a.Roles(p), order: order, seq: seq}
						if p == placeholder {
							ownerDuties = append(ownerDuties, d)
						}
						if pp := b.partyPage[p.ID]; pp != nil {
							pp.direct = append(pp.direct, d)
						}
					}
				}
			}
		}
	}
	maxOrder := len(sections) * (len(m.Layers) + 1)
	ownerDuties = sortByOrder(ownerDuties, maxOrder)
	for _, pp := range b.Parties {
		pp.direct = sortByOrder(pp.direct, maxOrder)
		pp.eachDuty(func(d *Duty) { pp.count(d) })
	}
}

// Duties are the groups where the party holds a role, directly or as the
// owner of tenants in the group's landing zone, ordered by landing zone,
// then layer (governance first), then activity. Parties that own tenants
// get a new slice on each call; keep the result when using it twice.
func (pp *PartyPage) Duties() []Duty {
	if pp.ownerOf == nil {
		return pp.direct
	}
	var out []Duty
	pp.eachDuty(func(d *Duty) { out = append(out, *d) })
	return out
}

// eachDuty calls f with each of the party's duties in order, merging the
// placeholder's duties in the landing zones where the party owns tenants
// (unless the group names the party itself).
func (pp *PartyPage) eachDuty(f func(*Duty)) {
	i := 0
	if pp.ownerOf != nil {
		for _, d := range *pp.ownerOf {
			if !pp.ownedZones[d.LandingZone] || d.Assignment.Roles(pp.Party) != "" {
				continue
			}
			for i < len(pp.direct) && before(&pp.direct[i], &d) {
				f(&pp.direct[i])
				i++
			}
			d.ViaTenantOwner = true
			f(&d)
		}
	}
	for ; i < len(pp.direct); i++ {
		f(&pp.direct[i])
	}
}

func before(a, b *Duty) bool {
	return a.order < b.order || a.order == b.order && a.seq < b.seq
}

func (pp *PartyPage) count(d *Duty) {
	cells := d.Len()
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
func sortByOrder(duties []Duty, maxOrder int) []Duty {
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
	out := make([]Duty, len(duties))
	for _, d := range duties {
		out[counts[d.order]] = d
		counts[d.order]++
	}
	return out
}
