package resolve

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// UnknownError is returned when a query names an element that does not
// exist; it carries a did-you-mean suggestion.
type UnknownError struct {
	Kind, ID, Suggestion string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown %s %q", e.Kind, e.ID)
	if e.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return msg
}

func (r *Resolver) unknown(kind, id string, idx map[string]int32) error {
	var cands []string
	if len(idx) <= 100_000 {
		cands = make([]string, 0, len(idx))
		for k := range idx {
			cands = append(cands, k)
		}
		sort.Strings(cands)
	}
	return &UnknownError{Kind: kind, ID: id, Suggestion: diag.DidYouMean(id, cands)}
}

// Filter restricts a walk over cells. Empty fields match everything.
type Filter struct {
	LandingZones []string
	Services     []string
	Activities   []string
	// Party keeps only cells where this party holds any RACI role,
	// including through the tenant-owner placeholder in landing zones where
	// it owns a tenant.
	Party string
	// Tenant resolves the cells of one tenant: its landing zone and the
	// services of its provider, with the placeholder replaced by its owner.
	Tenant string
}

// Cells resolves every cell matching f, in model order (landing zone,
// service, activity), calling fn for each. It stops when fn returns false.
// Its cost follows the cells asked for, not the size of the model.
func (r *Resolver) Cells(f Filter, fn func(*Answer) bool) error {
	zones, err := r.pick("landing zone", f.LandingZones, r.zoneIdx)
	if err != nil {
		return err
	}
	svcs, err := r.pick("service", f.Services, r.svcIdx)
	if err != nil {
		return err
	}
	acts, err := r.pick("activity", f.Activities, r.actIdx)
	if err != nil {
		return err
	}
	var party, placeholder *model.Party
	var ownerZones []int32 // zones where party owns a tenant
	if f.Party != "" {
		i, ok := r.partyIdx[f.Party]
		if !ok {
			return r.unknown("party", f.Party, r.partyIdx)
		}
		party, ownerZones = r.parties[i], r.ownerZones[i]
		if r.ownerIdx >= 0 {
			placeholder = r.parties[r.ownerIdx]
		}
	}
	t := int32(-1)
	if f.Tenant != "" {
		ti, ok := r.tenantIdx[f.Tenant]
		if !ok {
			return r.unknown("tenant", f.Tenant, r.tenantIdx)
		}
		t = ti
		tz, ok := r.zoneIdx[r.M.Tenants[ti].LandingZone.ID]
		if !ok {
			return fmt.Errorf("tenant %q has no valid landing zone", f.Tenant)
		}
		if zones != nil && !slices.Contains(zones, tz) {
			return nil
		}
		zones = []int32{tz}
	}
	if zones == nil {
		zones = r.allZones
	}
	if acts == nil {
		acts = r.allActs
	}
	var inZone []int32
	for _, z := range zones {
		list := r.zoneSvcs[z]
		if svcs != nil {
			inZone = r.servicesInZone(inZone[:0], z, svcs)
			list = inZone
		}
		owner := placeholder != nil && slices.Contains(ownerZones, z)
		for _, si := range list {
			s := r.svcs[si]
			if t >= 0 && s.s.Provider.ID != r.M.Tenants[t].Provider.ID {
				continue
			}
			for _, a := range acts {
				ans := r.answer(a, s, z, t)
				if party != nil && !ans.Involves(party) && !(owner && ans.Involves(placeholder)) {
					continue
				}
				if !fn(ans) {
					return nil
				}
			}
		}
	}
	return nil
}

// servicesInZone appends to dst the services of svcs that zone z offers, in
// the zone's order.
func (r *Resolver) servicesInZone(dst []int32, z int32, svcs []int32) []int32 {
	pos := r.zoneSvcPos[z]
	start := len(dst)
	for _, si := range svcs {
		if _, ok := pos[si]; ok {
			dst = append(dst, si)
		}
	}
	slices.SortFunc(dst[start:], func(a, b int32) int { return int(pos[a] - pos[b]) })
	return dst
}

// pick returns the indexes of ids, sorted and without repeats; nil when ids
// is empty (no restriction).
func (r *Resolver) pick(kind string, ids []string, idx map[string]int32) ([]int32, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		i, ok := idx[id]
		if !ok {
			return nil, r.unknown(kind, id, idx)
		}
		out = append(out, i)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Involves reports whether p holds any role in the answer, directly or as
// the tenant owner the placeholder resolved to.
func (a *Answer) Involves(p *model.Party) bool {
	for _, list := range [][]Assignee{a.Responsible, a.Accountable, a.Consulted, a.Informed} {
		for _, as := range list {
			if as.Party == p || as.Via == p {
				return true
			}
		}
	}
	return false
}

// Summary is what a full resolution of the model found, for the checker.
type Summary struct {
	Cells, ProviderCells, RuleCells, GapCells, ConflictCells int

	Gaps      []GapGroup
	Conflicts []ConflictGroup
	// Rules has one entry per compiled (non-retired, well-formed) rule.
	Rules []RuleStats
	// ActivityDecided is set per activity when some cell of it is decided
	// by a rule or by the provider border, or is in conflict.
	ActivityDecided map[*model.Activity]bool
	// TenantCells counts the cells resolved for tenant-scoped rules.
	TenantCells int
}

// GapGroup is every service of one landing zone where one activity has no
// rule.
type GapGroup struct {
	Activity    *model.Activity
	LandingZone *model.LandingZone
	Tenant      *model.Tenant
	Services    []*model.Service
}

// ConflictGroup is one pair of disagreeing rules with an example cell and the
// number of cells they disagree on.
type ConflictGroup struct {
	A, B    *model.Rule
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
	Activities      []string
	MatchedProvider int // provider-side cells the rule matched
	MatchedCustomer int // customer-side or shared cells the rule matched
	Won             int // cells the rule decided
	ExampleProvider Cell
	ExampleWon      Cell
}

type pairKey struct{ a, b int32 }

// partial is one worker's share of a Summary.
type partial struct {
	cells, provider, rule, gap, conflict int
	gaps                                 []gapKey
	conflicts                            map[pairKey]*ConflictGroup
	stats                                []RuleStats
	decided                              []bool
}

type gapKey struct {
	a, z, t int32
	svcs    []int32
}

// Summarize resolves every cell of the model (every service of every landing
// zone × every activity) in parallel and collects what the checker needs.
// Tenant-scoped rules are exercised on their tenant's cells.
func (r *Resolver) Summarize() *Summary {
	workers := runtime.GOMAXPROCS(0)
	if workers > len(r.acts) {
		workers = max(1, len(r.acts))
	}
	parts := make([]*partial, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		p := &partial{conflicts: map[pairKey]*ConflictGroup{}, stats: make([]RuleStats, len(r.rules)), decided: make([]bool, len(r.acts))}
		parts[w] = p
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var sc scratch
			var cand []int32
			for a := int32(w); int(a) < len(r.acts); a += int32(workers) {
				for z := range r.zones {
					cand = r.candidates(a, int32(z), -1, cand)
					r.summarizeZone(p, a, int32(z), -1, r.zoneSvcs[z], cand, &sc)
				}
			}
		}(w)
	}
	wg.Wait()
	// Tenant-scoped rules: resolve their tenants' cells.
	tp := &partial{conflicts: map[pairKey]*ConflictGroup{}, stats: make([]RuleStats, len(r.rules)), decided: make([]bool, len(r.acts))}
	done := map[[2]int32]bool{}
	var sc scratch
	var cand []int32
	for _, c := range r.rules {
		t := c.scope[dimTenant]
		if t == anyID || c.contradictory {
			continue
		}
		tenant := r.M.Tenants[t]
		z, ok := r.zoneIdx[tenant.LandingZone.ID]
		if !ok {
			continue
		}
		var svcs []int32
		for _, si := range r.zoneSvcs[z] {
			if r.svcs[si].s.Provider.ID == tenant.Provider.ID {
				svcs = append(svcs, si)
			}
		}
		for a := range r.acts {
			if !c.acts.has(a) || done[[2]int32{int32(a), t}] {
				continue
			}
			done[[2]int32{int32(a), t}] = true
			cand = r.candidates(int32(a), z, t, cand)
			r.summarizeZone(tp, int32(a), z, t, svcs, cand, &sc)
		}
	}
	return r.merge(append(parts, tp), tp)
}

func (r *Resolver) summarizeZone(p *partial, a, z, t int32, svcs []int32, cand []int32, sc *scratch) {
	var gapSvcs []int32
	for _, si := range svcs {
		s := r.svcs[si]
		d := r.decide(a, s, z, t, cand, sc)
		p.cells++
		switch d.outcome {
		case ByProvider:
			p.provider++
			p.decided[a] = true
			for _, mi := range sc.matched {
				st := &p.stats[mi]
				if st.MatchedProvider == 0 {
					st.ExampleProvider = r.cell(a, s, z, t)
				}
				st.MatchedProvider++
			}
			continue
		case Gap:
			p.gap++
			gapSvcs = append(gapSvcs, si)
		case Conflicting:
			p.conflict++
			p.decided[a] = true // in play: reported as a conflict, not as unused
			key := pairKey{min(d.winner, d.other), max(d.winner, d.other)}
			g := p.conflicts[key]
			if g == nil {
				g = &ConflictGroup{A: r.rules[key.a].rule, B: r.rules[key.b].rule, Example: r.cell(a, s, z, t)}
				p.conflicts[key] = g
			}
			g.Count++
		case ByRule:
			p.rule++
			p.decided[a] = true
			st := &p.stats[d.winner]
			if st.Won == 0 {
				st.ExampleWon = r.cell(a, s, z, t)
			}
			st.Won++
		}
		for _, mi := range sc.matched {
			p.stats[mi].MatchedCustomer++
		}
	}
	if len(gapSvcs) > 0 {
		p.gaps = append(p.gaps, gapKey{a: a, z: z, t: t, svcs: gapSvcs})
	}
}

func (r *Resolver) cell(a int32, s *svc, z, t int32) Cell {
	c := Cell{Activity: r.acts[a], Service: s.s, LandingZone: r.zones[z]}
	if t >= 0 {
		c.Tenant = r.M.Tenants[t]
	}
	return c
}

func (r *Resolver) merge(parts []*partial, tenantPart *partial) *Summary {
	sum := &Summary{ActivityDecided: map[*model.Activity]bool{}, Rules: make([]RuleStats, len(r.rules))}
	for i, c := range r.rules {
		sum.Rules[i].Rule = c.rule
		sum.Rules[i].Contradictory = c.contradictory
		for a := range r.acts {
			if c.acts.has(a) {
				sum.Rules[i].Activities = append(sum.Rules[i].Activities, r.acts[a].ID)
			}
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
			dst.MatchedProvider += st.MatchedProvider
			dst.MatchedCustomer += st.MatchedCustomer
			dst.Won += st.Won
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
		gg := GapGroup{Activity: r.acts[g.a], LandingZone: r.zones[g.z]}
		if g.t >= 0 {
			gg.Tenant = r.M.Tenants[g.t]
		}
		for _, si := range g.svcs {
			gg.Services = append(gg.Services, r.svcs[si].s)
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

// Describe names the services of a gap group for a message: the first few
// ids and how many more.
func (g GapGroup) Describe(limit int) string {
	ids := make([]string, 0, min(limit, len(g.Services)))
	for i, s := range g.Services {
		if i == limit {
			break
		}
		ids = append(ids, s.ID)
	}
	out := strings.Join(ids, ", ")
	if n := len(g.Services) - limit; n > 0 {
		out += fmt.Sprintf(" and %d more", n)
	}
	return out
}

// Decided is one resolved cell in compact form, for consumers that
// aggregate over all cells (publishing) and must not allocate per cell.
type Decided struct {
	Activity, Service, LandingZone int // indexes into M.Activities, M.Services, M.LandingZones
	Side                           model.Side
	Outcome                        Outcome
	// Rule decided the cell (ByRule), or is one of the conflicting rules.
	Rule *model.Rule
}

// Walk resolves every cell of every landing zone in model order (landing
// zone, then activity, then service) and calls fn with each. It is sequential, so fn
// may aggregate without locking.
func (r *Resolver) Walk(fn func(Decided)) {
	var sc scratch
	var cand []int32
	for z := range r.zones {
		for a := range r.acts {
			cand = r.candidates(int32(a), int32(z), -1, cand)
			for _, si := range r.zoneSvcs[z] {
				s := r.svcs[si]
				d := r.decide(int32(a), s, int32(z), -1, cand, &sc)
				c := Decided{Activity: a, Service: int(si), LandingZone: z, Side: r.side(int32(a), s), Outcome: d.outcome}
				if d.winner >= 0 {
					c.Rule = r.rules[d.winner].rule
				}
				fn(c)
			}
		}
	}
}
