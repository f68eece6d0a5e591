package resolve

import (
	"slices"

	"github.com/demarc-dev/demarc/model"
)

// place is where a cell is, in integer form; -1 where the cell has no such
// coordinate. Which coordinates a cell has follows its activity's grain:
// per service (zone, service), per tenant (zone, provider), per landing
// zone (zone), per provider (provider), for the organisation (none). A
// tenant is added when one is asked about.
type place struct {
	zone, provider, service, tenant int32
}

var nowhere = place{zone: none, provider: none, service: none, tenant: none}

// key returns the cell's coordinates per scope dimension. A service fixes
// its provider and service model.
func (r *Resolver) key(p place) key {
	k := key{none, none, none, none, none}
	if p.service >= 0 {
		k = r.svcs[p.service].key
	} else if p.provider >= 0 {
		k[dimProvider] = p.provider
	}
	k[dimZone], k[dimTenant] = p.zone, p.tenant
	return k
}

// spot is a cell of an activity whose grain is coarser than per service,
// with the side of the border it is on and the provider parties that hold
// their side of it.
type spot struct {
	place
	side   model.Side
	border []int32 // provider party indexes, sorted
}

// spotsOf lists the cells of activity a (of a grain other than per
// service): those without a landing zone first, then by landing zone, then
// provider. A cell exists where the activity applies to at least one
// service it covers; an organisation-wide activity always has its cell.
func (r *Resolver) spotsOf(a int32) []spot {
	var out []spot
	add := func(p place, covered []int32) {
		if len(covered) == 0 && r.actGrain[a] != model.GrainOrganisation {
			return
		}
		side, border := r.aggregate(a, covered)
		out = append(out, spot{place: p, side: side, border: border})
	}
	offered := r.covered(a, r.offered, none)
	switch r.actGrain[a] {
	case model.GrainOrganisation:
		add(nowhere, offered)
	case model.GrainProvider:
		for pi := range r.provs {
			p := nowhere
			p.provider = int32(pi)
			add(p, r.covered(a, offered, int32(pi)))
		}
	case model.GrainLandingZone:
		for z := range r.zones {
			p := nowhere
			p.zone = int32(z)
			add(p, r.covered(a, r.zoneSvcs[z], none))
		}
	case model.GrainTenant:
		for z := range r.zones {
			inZone := r.covered(a, r.zoneSvcs[z], none)
			for pi := range r.provs {
				p := nowhere
				p.zone, p.provider = int32(z), int32(pi)
				add(p, r.covered(a, inZone, int32(pi)))
			}
		}
	}
	return out
}

// covered returns the services of list that activity a applies to, of
// provider prov unless prov is none.
func (r *Resolver) covered(a int32, list []int32, prov int32) []int32 {
	var out []int32
	for _, si := range list {
		if (prov == none || r.svcs[si].provider == prov) && r.appliesTo(a, si) {
			out = append(out, si)
		}
	}
	return out
}

// aggregate is the side of activity a's layer over the services a cell
// covers: provider-side when every one of them puts the layer on the
// provider side and they share one provider, customer-side when every one
// puts it on the customer side (and always without a layer), otherwise
// shared, with the provider parties of the services that hold a part.
func (r *Resolver) aggregate(a int32, covered []int32) (model.Side, []int32) {
	l := r.actLayer[a]
	if l < 0 || len(covered) == 0 {
		return model.SideCustomer, nil
	}
	allProvider, allCustomer := true, true
	var parties []int32
	for _, si := range covered {
		s := r.svcs[si]
		switch s.sides[l] {
		case model.SideProvider:
			allCustomer = false
		case model.SideShared:
			allCustomer, allProvider = false, false
		default:
			allProvider = false
			continue
		}
		if s.party >= 0 && !slices.Contains(parties, s.party) {
			parties = append(parties, s.party)
		}
	}
	slices.Sort(parties)
	switch {
	case allCustomer:
		return model.SideCustomer, nil
	case allProvider && len(parties) == 1:
		return model.SideProvider, parties
	}
	return model.SideShared, parties
}

// serviceSpot is the cell of a per-service activity for service s.
func (r *Resolver) serviceSpot(a int32, s *svc, z, t int32) spot {
	sp := spot{place: place{zone: z, provider: s.provider, service: s.index, tenant: t}, side: model.SideCustomer}
	if l := r.actLayer[a]; l >= 0 {
		sp.side = s.sides[l]
	}
	if sp.side != model.SideCustomer {
		sp.border = s.border
	}
	return sp
}

// zoneSpots returns the cells of activity a in landing zone z for tenant t
// (none: no tenant), appending to buf. For a tenant, only the cells of its
// provider.
func (r *Resolver) zoneSpots(a, z, t int32, buf []spot) []spot {
	return r.zoneSpotsOf(a, z, t, nil, buf)
}

// zoneSpotsOf is zoneSpots restricted to the per-service cells of svcs
// (nil: all), so a question about one service does not build a spot for
// every service of the landing zone.
func (r *Resolver) zoneSpotsOf(a, z, t int32, svcs []int32, buf []spot) []spot {
	buf = buf[:0]
	prov := none
	if t >= 0 {
		prov = lookup(r.provIdx, r.M.Tenants[t].Provider.ID)
	}
	if r.actGrain[a] == model.GrainService {
		for _, si := range r.zoneSvcs[z] {
			if svcs != nil && !slices.Contains(svcs, si) {
				continue
			}
			s := r.svcs[si]
			if !r.appliesTo(a, si) || (t >= 0 && s.provider != prov) {
				continue
			}
			buf = append(buf, r.serviceSpot(a, s, z, t))
		}
		return buf
	}
	for _, sp := range r.spots[a] {
		if sp.zone != z || (t >= 0 && sp.provider >= 0 && sp.provider != prov) {
			continue
		}
		sp.tenant = t
		if r.actGrain[a] != model.GrainTenant {
			sp.tenant = none // a zone-wide duty is not one tenant's
		}
		buf = append(buf, sp)
	}
	return buf
}

// globalSpots returns the cells of activity a that have no landing zone
// (provider and organisation grains).
func (r *Resolver) globalSpots(a int32) []spot {
	g := r.actGrain[a]
	if g != model.GrainProvider && g != model.GrainOrganisation {
		return nil
	}
	return r.spots[a]
}
