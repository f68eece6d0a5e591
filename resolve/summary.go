package resolve

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/demarc-dev/demarc/model"
)

// Summary is what a full resolution of the model found, for the checker.
type Summary struct {
	Cells, ProviderCells, RuleCells, GapCells, ConflictCells int
	// CellsByGrain counts the cells per activity grain.
	CellsByGrain map[model.Grain]int
	Gaps         []GapGroup
	Conflicts    []ConflictGroup
	// Rules has one entry per compiled (non-retired, well-formed) rule,
	// in rule id order.
	Rules []RuleStats
	// ActivityDecided is set per activity when some cell of it is decided
	// by a rule or by the provider border, or is in conflict.
	ActivityDecided map[*model.Activity]bool
	// TenantCells counts the cells resolved for tenant-scoped rules.
	TenantCells int
}

// GapGroup is one activity without a rule in one context: the services of
// a landing zone (per-service grain), its providers (per-tenant grain), the
// landing zone itself, the providers (per-provider grain) or the
// organisation.
type GapGroup struct {
	Activity    *model.Activity
	LandingZone *model.LandingZone // nil for provider and organisation grains
	Tenant      *model.Tenant
	Services    []*model.Service  // per-service grain
	Providers   []*model.Provider // per-tenant and per-provider grains
}

// ConflictGroup is one pair of disagreeing rules with an example cell and the
// number of cells they disagree on.
type ConflictGroup struct {
	A, B    *model.Rule // A before B by id
	Example Cell
	Count   int
}

// RuleStats counts what one rule matched and decided.
type RuleStats struct {
	Rule *model.Rule
	// Contradictory scopes (e.g. an AWS provider with an Azure service)
	// can match no cell.
	Contradictory bool
	// Activities are the ids of the activities the rule selects.
	Activities []string
	// Excluded are the activities the rule selects whose grain lacks a
	// dimension its scope fixes, so the rule cannot apply to them;
	// Explicit is set when the rule names them by id.
	Excluded        []*model.Activity
	Explicit        bool
	MatchedProvider int // provider-side cells the rule matched
	MatchedCustomer int // customer-side or shared cells the rule matched
	Won             int // cells the rule decided
	// WonNoTenant counts won cells whose grain knows no tenant (landing
	// zone, provider, organisation), where the tenant-owner placeholder
	// cannot resolve.
	WonNoTenant     int
	ExampleProvider Cell
	ExampleWon      Cell
	ExampleNoTenant Cell
}

type pairKey struct{ a, b int32 }

// partial is one worker's share of a Summary.
type partial struct {
	cells, provider, rule, gap, conflict int
	byGrain                              map[model.Grain]int
	gaps                                 []gapKey
	conflicts                            map[pairKey]*ConflictGroup
	stats                                []RuleStats
	decided                              []bool
}

func (r *Resolver) newPartial() *partial {
	return &partial{byGrain: map[model.Grain]int{}, conflicts: map[pairKey]*ConflictGroup{}, stats: make([]RuleStats, len(r.rules)), decided: make([]bool, len(r.acts))}
}

type gapKey struct {
	a, z, t int32
	svcs    []int32
	provs   []int32
}

// Summarize resolves every cell of the model in parallel and collects what
// the checker needs. Tenant-scoped rules are exercised on their tenant's
// cells.
func (r *Resolver) Summarize() *Summary {
	workers := runtime.GOMAXPROCS(0)
	if workers > len(r.acts) {
		workers = max(1, len(r.acts))
	}
	parts := make([]*partial, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		p := r.newPartial()
		parts[w] = p
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var sc scratch
			var cand []int32
			var buf []spot
			for a := int32(w); int(a) < len(r.acts); a += int32(workers) {
				if g := r.globalSpots(a); len(g) > 0 {
					cand = r.candidates(a, none, none, cand)
					r.summarizeSpots(p, a, none, none, g, cand, &sc)
				}
				for z := range r.zones {
					buf = r.zoneSpots(a, int32(z), none, buf)
					if len(buf) == 0 {
						continue
					}
					cand = r.candidates(a, int32(z), none, cand)
					r.summarizeSpots(p, a, int32(z), none, buf, cand, &sc)
				}
			}
		}(w)
	}
	wg.Wait()
	// Tenant-scoped rules: resolve their tenants' cells.
	tp := r.newPartial()
	done := map[[2]int32]bool{}
	var sc scratch
	var cand []int32
	var buf []spot
	for _, c := range r.rules {
		t := c.scope[dimTenant]
		if t == anyID || c.contradictory {
			continue
		}
		z, ok := r.zoneIdx[r.M.Tenants[t].LandingZone.ID]
		if !ok {
			continue
		}
		for a := range r.acts {
			if !c.acts.has(a) || done[[2]int32{int32(a), t}] {
				continue
			}
			done[[2]int32{int32(a), t}] = true
			buf = r.zoneSpots(int32(a), z, t, buf)
			cand = r.candidates(int32(a), z, t, cand)
			r.summarizeSpots(tp, int32(a), z, t, buf, cand, &sc)
		}
	}
	return r.merge(append(parts, tp), tp)
}

func (r *Resolver) summarizeSpots(p *partial, a, z, t int32, spots []spot, cand []int32, sc *scratch) {
	var gap gapKey
	grain := r.actGrain[a]
	noTenant := !grain.Has(model.DimTenant)
	for i := range spots {
		sp := &spots[i]
		k := r.key(sp.place)
		d := r.decide(&k, sp.side, cand, sc)
		p.cells++
		p.byGrain[grain]++
		switch d.outcome {
		case ByProvider:
			p.provider++
			p.decided[a] = true
			for _, mi := range sc.matched {
				st := &p.stats[mi]
				if st.MatchedProvider == 0 {
					st.ExampleProvider = r.cell(a, sp.place)
				}
				st.MatchedProvider++
			}
			continue
		case Gap:
			p.gap++
			if sp.service >= 0 {
				gap.svcs = append(gap.svcs, sp.service)
			} else if sp.provider >= 0 {
				gap.provs = append(gap.provs, sp.provider)
			}
			gap.a, gap.z, gap.t = a, z, t
			if sp.service < 0 && sp.provider < 0 {
				gap.svcs, gap.provs = nil, nil
				p.gaps = append(p.gaps, gap)
				gap = gapKey{}
			}
		case Conflicting:
			p.conflict++
			p.decided[a] = true // in play: reported as a conflict, not as unused
			key := pairKey{min(d.winner, d.other), max(d.winner, d.other)}
			g := p.conflicts[key]
			if g == nil {
				g = &ConflictGroup{A: r.rules[key.a].rule, B: r.rules[key.b].rule, Example: r.cell(a, sp.place)}
				p.conflicts[key] = g
			}
			g.Count++
		case ByRule:
			p.rule++
			p.decided[a] = true
			st := &p.stats[d.winner]
			if st.Won == 0 {
				st.ExampleWon = r.cell(a, sp.place)
			}
			st.Won++
			if noTenant {
				if st.WonNoTenant == 0 {
					st.ExampleNoTenant = r.cell(a, sp.place)
				}
				st.WonNoTenant++
			}
		}
		for _, mi := range sc.matched {
			p.stats[mi].MatchedCustomer++
		}
	}
	if len(gap.svcs) > 0 || len(gap.provs) > 0 {
		p.gaps = append(p.gaps, gap)
	}
}

func (r *Resolver) merge(parts []*partial, tenantPart *partial) *Summary {
	sum := &Summary{ActivityDecided: map[*model.Activity]bool{}, Rules: make([]RuleStats, len(r.rules)), CellsByGrain: map[model.Grain]int{}}
	for i, c := range r.rules {
		st := &sum.Rules[i]
		st.Rule = c.rule
		st.Contradictory = c.contradictory
		st.Explicit = c.explicit
		for a := range r.acts {
			if c.acts.has(a) {
				st.Activities = append(st.Activities, r.acts[a].ID)
			}
		}
		for _, a := range c.excluded {
			st.Excluded = append(st.Excluded, r.acts[a])
		}
	}
	conflicts := map[pairKey]*ConflictGroup{}
	var gaps []gapKey
	for _, p := range parts {
		// Tenant cells are counted apart: they repeat landing-zone cells
		// with tenant rules applied, and are not part of the cell total.
		if p == tenantPart {
			sum.TenantCells = p.cells
		} else {
			sum.Cells += p.cells
			sum.ProviderCells += p.provider
			sum.RuleCells += p.rule
			sum.GapCells += p.gap
			sum.ConflictCells += p.conflict
			for g, n := range p.byGrain {
				sum.CellsByGrain[g] += n
			}
		}
		gaps = append(gaps, p.gaps...)
		for k, g := range p.conflicts {
			if prev := conflicts[k]; prev != nil {
				prev.Count += g.Count
			} else {
				conflicts[k] = g
			}
		}
		for i, st := range p.stats {
			dst := &sum.Rules[i]
			if dst.MatchedProvider == 0 && st.MatchedProvider > 0 {
				dst.ExampleProvider = st.ExampleProvider
			}
			if dst.Won == 0 && st.Won > 0 {
				dst.ExampleWon = st.ExampleWon
			}
			if dst.WonNoTenant == 0 && st.WonNoTenant > 0 {
				dst.ExampleNoTenant = st.ExampleNoTenant
			}
			dst.MatchedProvider += st.MatchedProvider
			dst.MatchedCustomer += st.MatchedCustomer
			dst.Won += st.Won
			dst.WonNoTenant += st.WonNoTenant
		}
		for a, ok := range p.decided {
			if ok {
				sum.ActivityDecided[r.acts[a]] = true
			}
		}
	}
	slices.SortFunc(gaps, func(x, y gapKey) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		if x.z != y.z {
			return int(x.z - y.z)
		}
		return int(x.t - y.t)
	})
	for _, g := range gaps {
		gg := GapGroup{Activity: r.acts[g.a]}
		if g.z >= 0 {
			gg.LandingZone = r.zones[g.z]
		}
		if g.t >= 0 {
			gg.Tenant = r.M.Tenants[g.t]
		}
		for _, si := range g.svcs {
			gg.Services = append(gg.Services, r.svcs[si].s)
		}
		for _, pi := range g.provs {
			gg.Providers = append(gg.Providers, r.provs[pi])
		}
		sum.Gaps = append(sum.Gaps, gg)
	}
	keys := make([]pairKey, 0, len(conflicts))
	for k := range conflicts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y pairKey) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
	for _, k := range keys {
		sum.Conflicts = append(sum.Conflicts, *conflicts[k])
	}
	return sum
}

// Describe names what a gap group covers for a message: the first few
// services or providers and how many more, "the landing zone", or "the
// organisation".
// GrainCount is the number of cells of one grain.
type GrainCount struct {
	Grain model.Grain
	Cells int
}

// ByGrain lists the cell counts per grain in the order of model.Grains,
// leaving out the grains without cells.
func (s *Summary) ByGrain() []GrainCount {
	var out []GrainCount
	for _, g := range model.Grains {
		if n := s.CellsByGrain[g]; n > 0 {
			out = append(out, GrainCount{g, n})
		}
	}
	return out
}

func (g GapGroup) Describe(limit int) string {
	var ids []string
	switch {
	case len(g.Services) > 0:
		for _, s := range g.Services {
			ids = append(ids, s.ID)
		}
	case len(g.Providers) > 0:
		for _, p := range g.Providers {
			ids = append(ids, p.ID)
		}
	case g.LandingZone != nil:
		return "the landing zone"
	default:
		return "the organisation"
	}
	n := len(ids)
	out := strings.Join(ids[:min(limit, n)], ", ")
	if n > limit {
		out += fmt.Sprintf(" and %d more", n-limit)
	}
	return out
}
