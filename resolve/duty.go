package resolve

import (
	"slices"

	"github.com/demarc-dev/demarc/model"
)

// ZoneDuty is who holds an activity in a landing zone, over all its cells
// there (every service, or every provider's tenants, and the cells above
// the landing zones that cover it).
type ZoneDuty struct {
	Cells int
	// Undecided is set when some cell is a gap or a conflict.
	Undecided bool
	// Accountable and Responsible are the distinct parties of the decided
	// cells, by the order of the model's parties; the tenant-owner
	// placeholder stands for the tenants' owners.
	Accountable, Responsible []*model.Party
}

// ZoneDuty sums up activity in landing zone zone as Cells with that
// filter would, without building an answer per cell: checks ask it of
// every step of every process in every landing zone. ok is false for an
// unknown activity or landing zone.
func (r *Resolver) ZoneDuty(activity, zone string) (d ZoneDuty, ok bool) {
	a, okA := r.actIdx[activity]
	z, okZ := r.zoneIdx[zone]
	if !okA || !okZ {
		return d, false
	}
	var sc scratch
	var acc, resp []int32
	add := func(list *[]int32, ps []int32) {
		for _, p := range ps {
			if !slices.Contains(*list, p) {
				*list = append(*list, p)
			}
		}
	}
	visit := func(spots []spot, cand []int32) {
		for i := range spots {
			sp := &spots[i]
			k := r.key(sp.place)
			dec := r.decide(&k, sp.side, cand, &sc)
			d.Cells++
			switch dec.outcome {
			case ByProvider:
				add(&acc, sp.border)
				add(&resp, sp.border)
			case Gap, Conflicting:
				d.Undecided = true
			case ByRule:
				w := r.rules[dec.winner]
				add(&acc, w.raci.A)
				add(&resp, w.raci.R)
				if sp.side == model.SideShared {
					add(&resp, sp.border)
				}
			}
		}
	}
	if g := r.globalSpots(a); len(g) > 0 {
		visit(g, r.candidates(a, none, none, nil))
	}
	visit(r.zoneSpots(a, z, none, nil), r.candidates(a, z, none, nil))
	slices.Sort(acc)
	slices.Sort(resp)
	for _, p := range acc {
		d.Accountable = append(d.Accountable, r.parties[p])
	}
	for _, p := range resp {
		d.Responsible = append(d.Responsible, r.parties[p])
	}
	return d, true
}

// CellGroup is the cells of an activity that are decided alike, with one
// answer for all of them.
type CellGroup struct {
	Answer *Answer
	// For names the services (or providers) of the group's cells.
	For []string
}

// Groups resolves activity in landing zone zone, or for tenant when one is
// given, as Cells with that filter would, grouping the cells decided by
// the same rule on the same side (with the same provider parties) and
// building one answer per group: a per-service activity has a cell per
// service, and a process runbook wants what they say, not each of them.
func (r *Resolver) Groups(activity, zone, tenant string) ([]CellGroup, error) {
	a, ok := r.actIdx[activity]
	if !ok {
		return nil, r.unknown("activity", activity, r.actIdx)
	}
	t := int32(none)
	prov := int32(none)
	if tenant != "" {
		ti, ok := r.tenantIdx[tenant]
		if !ok {
			return nil, r.unknown("tenant", tenant, r.tenantIdx)
		}
		t = ti
		zone = r.M.Tenants[ti].LandingZone.ID
		prov = lookup(r.provIdx, r.M.Tenants[ti].Provider.ID)
	}
	z, ok := r.zoneIdx[zone]
	if !ok {
		return nil, r.unknown("landing zone", zone, r.zoneIdx)
	}
	type groupKey struct {
		outcome       Outcome
		winner, other int32
		side          model.Side
		border        int32
		nborder       int
	}
	var out []CellGroup
	index := map[groupKey]int{}
	var sc scratch
	visit := func(spots []spot, cand []int32) {
		for _, sp := range spots {
			if prov >= 0 && sp.provider >= 0 && sp.provider != prov {
				continue
			}
			k := r.key(sp.place)
			d := r.decide(&k, sp.side, cand, &sc)
			gk := groupKey{outcome: d.outcome, winner: d.winner, other: d.other, side: sp.side, border: none, nborder: len(sp.border)}
			if len(sp.border) > 0 {
				gk.border = sp.border[0]
			}
			gi, seen := index[gk]
			if !seen {
				gi = len(out)
				index[gk] = gi
				out = append(out, CellGroup{Answer: r.answer(a, sp)})
			}
			switch {
			case sp.service >= 0:
				out[gi].For = append(out[gi].For, r.svcs[sp.service].s.ID)
			case sp.provider >= 0:
				out[gi].For = append(out[gi].For, r.provs[sp.provider].ID)
			}
		}
	}
	if g := r.globalSpots(a); len(g) > 0 {
		visit(g, r.candidates(a, none, none, nil))
	}
	visit(r.zoneSpots(a, z, t, nil), r.candidates(a, z, t, nil))
	return out, nil
}
