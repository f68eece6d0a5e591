package resolve

import (
	"fmt"
	"slices"

	"github.com/demarc-dev/demarc/model"
)

// Outcome says how a cell was resolved.
type Outcome int

const (
	// ByProvider: the layer is provider-side; the provider's party holds it.
	ByProvider Outcome = iota + 1
	// ByRule: one most specific rule (or several that agree) decided.
	ByRule
	// Gap: a customer-side or shared cell that no rule decides.
	Gap
	// Conflicting: the most specific matching rules disagree.
	Conflicting
)

func (o Outcome) String() string {
	switch o {
	case ByProvider:
		return "provider"
	case ByRule:
		return "rule"
	case Gap:
		return "gap"
	case Conflicting:
		return "conflict"
	}
	return "invalid"
}

// MarshalText writes the outcome as a word.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Cell is one activity for one service in one landing zone, optionally for
// one tenant.
type Cell struct {
	Activity    *model.Activity
	Service     *model.Service
	LandingZone *model.LandingZone
	Tenant      *model.Tenant // nil unless a tenant was asked about
}

func (c Cell) String() string {
	if c.Activity == nil || c.Service == nil || c.LandingZone == nil {
		return "no cell"
	}
	s := fmt.Sprintf("activity %q for service %q in landing zone %q", c.Activity.ID, c.Service.ID, c.LandingZone.ID)
	if c.Tenant != nil {
		s += fmt.Sprintf(" for tenant %q", c.Tenant.ID)
	}
	return s
}

// Assignee is a party in a resolved RACI role.
type Assignee struct {
	Party *model.Party
	// Via is the tenant-owner placeholder when Party was resolved from it;
	// when no tenant is known, Party is the placeholder itself.
	Via *model.Party
	// ByBorder is set for the provider party added on provider-side and
	// shared cells by the provider border rather than by a rule.
	ByBorder bool
}

// Answer is a resolved cell with everything needed to explain it.
type Answer struct {
	Cell
	Side        model.Side
	Outcome     Outcome
	Responsible []Assignee
	Accountable []Assignee
	Consulted   []Assignee
	Informed    []Assignee
	// Rule decided the cell (nil for provider-side cells and gaps).
	Rule *model.Rule
	// Agreeing are other equally specific rules that say the same.
	Agreeing []*model.Rule
	// Overridden are matching rules that a more specific rule beat.
	Overridden []*model.Rule
	// Conflicting are the disagreeing most specific rules of a conflict.
	Conflicting []*model.Rule
}

// scratch is per-goroutine working memory for the hot path.
type scratch struct {
	matched []int32
	minimal []int32
}

// decision is a cell's resolution in integer form.
type decision struct {
	outcome Outcome
	winner  int32 // rule index, or -1
	other   int32 // the second rule of a conflict, or -1
}

// side returns who holds activity a's layer for service s.
func (r *Resolver) side(a int32, s *svc) model.Side {
	l := r.actLayer[a]
	if l < 0 {
		return model.SideCustomer
	}
	return s.sides[l]
}

// decide resolves one cell from the candidate rules cand (already filtered to
// the activity, landing zone and tenant). matched is left in sc.matched.
func (r *Resolver) decide(a int32, s *svc, z, t int32, cand []int32, sc *scratch) decision {
	sc.matched = sc.matched[:0]
	for _, ri := range cand {
		if r.rules[ri].matches(s, z, t) {
			sc.matched = append(sc.matched, ri)
		}
	}
	if r.side(a, s) == model.SideProvider {
		return decision{outcome: ByProvider, winner: -1, other: -1}
	}
	switch len(sc.matched) {
	case 0:
		return decision{outcome: Gap, winner: -1, other: -1}
	case 1:
		return decision{outcome: ByRule, winner: sc.matched[0], other: -1}
	}
	sc.minimal = sc.minimal[:0]
	for _, mi := range sc.matched {
		m := r.rules[mi]
		beaten := false
		for _, oi := range sc.matched {
			if oi != mi && moreSpecific(r.rules[oi], m) {
				beaten = true
				break
			}
		}
		if !beaten {
			sc.minimal = append(sc.minimal, mi)
		}
	}
	first := r.rules[sc.minimal[0]]
	for _, oi := range sc.minimal[1:] {
		if !r.rules[oi].raci.equal(first.raci) {
			return decision{outcome: Conflicting, winner: sc.minimal[0], other: oi}
		}
	}
	return decision{outcome: ByRule, winner: sc.minimal[0], other: -1}
}

// candidates returns the rules that can apply to activity a in zone z for
// tenant t (t = -1: no tenant), appending to buf.
func (r *Resolver) candidates(a, z, t int32, buf []int32) []int32 {
	buf = buf[:0]
	for _, ri := range r.byActivity[a] {
		c := r.rules[ri]
		if c.contradictory {
			continue
		}
		if c.scope[dimZone] != anyID && c.scope[dimZone] != z {
			continue
		}
		if c.scope[dimTenant] != anyID && c.scope[dimTenant] != t {
			continue
		}
		buf = append(buf, ri)
	}
	return buf
}

// Query names a cell by ids, as a user types it.
type Query struct {
	Activity    string
	Service     string
	LandingZone string
	Tenant      string
}

// Resolve answers one cell with its explanation.
func (r *Resolver) Resolve(q Query) (*Answer, error) {
	a, ok := r.actIdx[q.Activity]
	if !ok {
		return nil, r.unknown("activity", q.Activity, r.actIdx)
	}
	si, ok := r.svcIdx[q.Service]
	if !ok {
		return nil, r.unknown("service", q.Service, r.svcIdx)
	}
	t := int32(-1)
	var tenant *model.Tenant
	if q.Tenant != "" {
		ti, ok := r.tenantIdx[q.Tenant]
		if !ok {
			return nil, r.unknown("tenant", q.Tenant, r.tenantIdx)
		}
		t, tenant = ti, r.M.Tenants[ti]
		if q.LandingZone != "" && q.LandingZone != tenant.LandingZone.ID {
			return nil, fmt.Errorf("tenant %q is in landing zone %q, not %q; leave out --landing-zone or give %q",
				tenant.ID, tenant.LandingZone.ID, q.LandingZone, tenant.LandingZone.ID)
		}
		q.LandingZone = tenant.LandingZone.ID
		if tenant.Provider.ID != "" && r.svcs[si].s.Provider.ID != tenant.Provider.ID {
			return nil, fmt.Errorf("tenant %q is a %s tenant; service %q is a %s service",
				tenant.ID, tenant.Provider.ID, q.Service, r.svcs[si].s.Provider.ID)
		}
	}
	if q.LandingZone == "" {
		return nil, fmt.Errorf("no landing zone given: name one with --landing-zone (landing zones offering %q: %v)", q.Service, r.ZonesOffering(q.Service))
	}
	z, ok := r.zoneIdx[q.LandingZone]
	if !ok {
		return nil, r.unknown("landing zone", q.LandingZone, r.zoneIdx)
	}
	if !slices.Contains(r.zoneSvcs[z], si) {
		return nil, fmt.Errorf("landing zone %q does not offer service %q; it offers: %v", q.LandingZone, q.Service, r.zoneServiceIDs(z))
	}
	return r.answer(a, r.svcs[si], z, t), nil
}

// ZonesOffering lists the landing zones that offer service id.
func (r *Resolver) ZonesOffering(service string) []string {
	si, ok := r.svcIdx[service]
	var out []string
	for z, list := range r.zoneSvcs {
		if ok && slices.Contains(list, si) {
			out = append(out, r.zones[z].ID)
		}
	}
	return out
}

func (r *Resolver) zoneServiceIDs(z int32) []string {
	out := make([]string, 0, len(r.zoneSvcs[z]))
	for _, si := range r.zoneSvcs[z] {
		out = append(out, r.svcs[si].s.ID)
	}
	return out
}

func (r *Resolver) answer(a int32, s *svc, z, t int32) *Answer {
	var sc scratch
	cand := r.candidates(a, z, t, nil)
	d := r.decide(a, s, z, t, cand, &sc)
	ans := &Answer{
		Cell:    Cell{Activity: r.acts[a], Service: s.s, LandingZone: r.zones[z]},
		Side:    r.side(a, s),
		Outcome: d.outcome,
	}
	if t >= 0 {
		ans.Tenant = r.M.Tenants[t]
	}
	border := func() []Assignee {
		if s.party < 0 {
			return nil
		}
		return []Assignee{{Party: r.parties[s.party], ByBorder: true}}
	}
	switch d.outcome {
	case ByProvider:
		ans.Responsible, ans.Accountable = border(), border()
		// Rules that match a provider-side cell are reported, not applied.
		for _, mi := range sc.matched {
			ans.Overridden = append(ans.Overridden, r.rules[mi].rule)
		}
		return ans
	case Conflicting:
		for _, mi := range sc.minimal {
			ans.Conflicting = append(ans.Conflicting, r.rules[mi].rule)
		}
		return ans
	case Gap:
		return ans
	}
	w := r.rules[d.winner]
	ans.Rule = w.rule
	for _, mi := range sc.matched {
		if mi == d.winner {
			continue
		}
		if moreSpecific(w, r.rules[mi]) {
			ans.Overridden = append(ans.Overridden, r.rules[mi].rule)
		} else {
			ans.Agreeing = append(ans.Agreeing, r.rules[mi].rule)
		}
	}
	ans.Responsible = r.assignees(w.rule.Responsible, ans.Tenant)
	if ans.Side == model.SideShared {
		ans.Responsible = append(ans.Responsible, border()...)
	}
	ans.Accountable = r.assignees(w.rule.Accountable, ans.Tenant)
	ans.Consulted = r.assignees(w.rule.Consulted, ans.Tenant)
	ans.Informed = r.assignees(w.rule.Informed, ans.Tenant)
	return ans
}

// assignees resolves party references, replacing the tenant-owner
// placeholder with the tenant's owner when a tenant is known.
func (r *Resolver) assignees(refs model.Refs, tenant *model.Tenant) []Assignee {
	out := make([]Assignee, 0, len(refs))
	for _, ref := range refs {
		p := r.M.PartyByID[ref.ID]
		if p == nil {
			continue
		}
		if p.ID == model.TenantOwner && tenant != nil {
			if owner := r.M.PartyByID[tenant.Owner.ID]; owner != nil {
				out = append(out, Assignee{Party: owner, Via: p})
				continue
			}
		}
		out = append(out, Assignee{Party: p})
	}
	return out
}
