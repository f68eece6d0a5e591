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
