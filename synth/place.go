package synth

import "slices"

// Where activities happen. This mirrors package resolve on the generated
// structure — which services an activity applies to, which cells that
// makes for its grain and which of them the provider border decides — so
// that the generator knows the cell count and places only rules that decide
// a cell, without resolving the model.

// appliesTo mirrors model.Activity.AppliesToService for the fields the
// generator uses.
func (a *activity) appliesTo(s *service) bool {
	return (len(a.models) == 0 || slices.Contains(a.models, s.model)) &&
		(len(a.categories) == 0 || slices.Contains(a.categories, s.category))
}

// place works out where activity a happens and counts its cells. An
// applicability that matches no generated service (a small size may lack
// a category) is dropped, so that every activity has cells.
func (g *gen) place(a *activity) {
	for pass := 0; pass < 2 && len(a.svcs) == 0; pass++ {
		if pass == 1 {
			a.models, a.categories = nil, nil
		}
		for _, s := range g.services {
			if a.appliesTo(s) {
				a.svcs = append(a.svcs, s.index)
			}
		}
	}
	a.byProvider = map[string][]int{}
	for _, si := range a.svcs {
		s := g.services[si]
		if g.side(s, a.layer) != "provider" {
			a.customer = append(a.customer, si)
			a.byProvider[s.provider] = append(a.byProvider[s.provider], si)
		}
	}
	// Providers the activity applies to, in provider order.
	var provs []*provider
	for _, p := range g.providers {
		if slices.ContainsFunc(a.svcs, func(si int) bool { return g.services[si].provider == p.id }) {
			provs = append(provs, p)
		}
	}
	// A cell covering several services is the provider's only when the
	// provider holds the layer for all of them and they share one provider
	// (resolve's aggregate); otherwise a rule must decide it.
	zones := len(g.zones)
	switch a.grain {
	case grainService:
		a.cells = zones * len(a.svcs)
		a.providerCells = zones * (len(a.svcs) - len(a.customer))
	case grainTenant:
		a.cells = zones * len(provs)
		for _, p := range provs {
			if len(a.byProvider[p.id]) == 0 {
				a.providerCells += zones
			}
		}
	case grainLandingZone:
		a.cells = zones
		if len(a.customer) == 0 && len(provs) == 1 {
			a.providerCells = zones
		}
	case grainProvider:
		a.cells = len(provs)
		for _, p := range provs {
			if len(a.byProvider[p.id]) == 0 {
				a.providerCells++
			}
		}
	case grainOrganisation:
		a.cells = 1
		if len(a.customer) == 0 && len(provs) == 1 {
			a.providerCells = 1
		}
	}
	if a.grain == grainService {
		// One keeper per service model; the first customer service's model
		// is reserved for the zone rules.
		seen := map[string]bool{}
		for _, si := range a.customer {
			m := g.services[si].model
			if !seen[m] {
				seen[m] = true
				if len(seen) > 1 {
					a.freeModels = append(a.freeModels, m)
				}
				continue
			}
			a.free = append(a.free, si)
		}
		slices.Sort(a.freeModels)
		if len(a.models) > 0 || len(a.categories) > 0 {
			g.st.Applicable++
		}
	}
	g.st.Cells += a.cells
	g.st.CellsByGrain[a.grain] += a.cells
	g.st.ActivitiesByGrain[a.grain]++
}

// knowsTenant reports whether a's cells can belong to one tenant, so that
// the tenant-owner placeholder may be responsible or accountable there.
func (a *activity) knowsTenant() bool {
	return a.grain == grainService || a.grain == grainTenant
}
