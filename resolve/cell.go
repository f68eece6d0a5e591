package resolve

import (
	"fmt"
	"slices"
	"strings"

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

// Cell is one activity in one context. Which fields are set follows the
// activity's grain: a per-service cell has a service (and its provider) in a
// landing zone; a per-tenant cell a provider in a landing zone; a
// landing-zone cell only the landing zone; a per-provider cell only the
// provider; an organisation-wide cell none. Tenant is set when a tenant
// was asked about.
type Cell struct {
	Activity    *model.Activity
	Service     *model.Service
	Provider    *model.Provider
	LandingZone *model.LandingZone
	Tenant      *model.Tenant // nil unless a tenant was asked about
}

func (c Cell) String() string {
	if c.Activity == nil {
		return "no cell"
	}
	s := fmt.Sprintf("activity %q", c.Activity.ID)
	switch {
	case c.Service != nil:
		s += fmt.Sprintf(" for service %q", c.Service.ID)
	case c.Tenant != nil:
	case c.Provider != nil && c.LandingZone != nil:
		s += fmt.Sprintf(" for %s tenants", c.Provider.ID)
	case c.Provider != nil:
		s += fmt.Sprintf(" for provider %q", c.Provider.ID)
	case c.LandingZone == nil:
		s += " for the organisation"
	}
	if c.LandingZone != nil {
		s += fmt.Sprintf(" in landing zone %q", c.LandingZone.ID)
	}
	if c.Tenant != nil {
		s += fmt.Sprintf(" for tenant %q", c.Tenant.ID)
	}
	return s
}

// Grain is the grain of the cell's activity.
func (c Cell) Grain() model.Grain { return c.Activity.EffectiveGrain() }

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

	m *model.Model // for source names relative to the model directory
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

// decide resolves one cell at k on side from the candidate rules cand
// (already filtered to the activity, landing zone and tenant). matched is
// left in sc.matched. Of several agreeing most specific rules, the first
// by id decides (rules are compiled in id order).
func (r *Resolver) decide(k *key, side model.Side, cand []int32, sc *scratch) decision {
	sc.matched = sc.matched[:0]
	for _, ri := range cand {
		if r.rules[ri].matches(k) {
			sc.matched = append(sc.matched, ri)
		}
	}
	if side == model.SideProvider {
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

// Query names a cell by ids, as a user types it. Which ids a cell needs
// follows its activity's grain; a tenant gives its landing zone and
// provider, a service its provider.
type Query struct {
	Activity    string
	Service     string
	Provider    string
	LandingZone string
	Tenant      string
}

// Resolve answers one cell with its explanation.
func (r *Resolver) Resolve(q Query) (*Answer, error) {
	a, ok := r.actIdx[q.Activity]
	if !ok {
		return nil, r.unknown("activity", q.Activity, r.actIdx)
	}
	grain := r.actGrain[a]
	var s *svc
	if q.Service != "" {
		si, ok := r.svcIdx[q.Service]
		if !ok {
			return nil, r.unknown("service", q.Service, r.svcIdx)
		}
		s = r.svcs[si]
	}
	prov := none
	if q.Provider != "" {
		pi, ok := r.provIdx[q.Provider]
		if !ok {
			return nil, r.unknown("provider", q.Provider, r.provIdx)
		}
		prov = pi
	}
	if s != nil {
		if prov >= 0 && s.provider != prov {
			return nil, fmt.Errorf("service %q is a %s service, not %s", s.s.ID, s.s.Provider.ID, q.Provider)
		}
		prov = s.provider
	}
	t := int32(none)
	if q.Tenant != "" {
		ti, ok := r.tenantIdx[q.Tenant]
		if !ok {
			return nil, r.unknown("tenant", q.Tenant, r.tenantIdx)
		}
		t = ti
		tenant := r.M.Tenants[ti]
		if q.LandingZone != "" && q.LandingZone != tenant.LandingZone.ID {
			return nil, fmt.Errorf("tenant %q is in landing zone %q, not %q; leave out --landing-zone or give %q",
				tenant.ID, tenant.LandingZone.ID, q.LandingZone, tenant.LandingZone.ID)
		}
		q.LandingZone = tenant.LandingZone.ID
		tp := lookup(r.provIdx, tenant.Provider.ID)
		if prov >= 0 && tp >= 0 && prov != tp {
			what := fmt.Sprintf("provider %q", q.Provider)
			if s != nil {
				what = fmt.Sprintf("service %q is a %s service", s.s.ID, s.s.Provider.ID)
			}
			return nil, fmt.Errorf("tenant %q is a %s tenant; %s", tenant.ID, tenant.Provider.ID, what)
		}
		if tp >= 0 {
			prov = tp
		}
	}
	z := int32(none)
	if q.LandingZone != "" {
		zi, ok := r.zoneIdx[q.LandingZone]
		if !ok {
			return nil, r.unknown("landing zone", q.LandingZone, r.zoneIdx)
		}
		z = zi
	}
	act := r.acts[a]
	switch grain {
	case model.GrainService:
		if s == nil {
			return nil, fmt.Errorf("activity %q happens per service: name one with --service", act.ID)
		}
		if z < 0 {
			return nil, fmt.Errorf("no landing zone given: name one with --landing-zone (landing zones offering %q: %v)", s.s.ID, r.ZonesOffering(s.s.ID))
		}
		if !slices.Contains(r.zoneSvcs[z], s.index) {
			return nil, fmt.Errorf("landing zone %q does not offer service %q; it offers: %v", r.zones[z].ID, s.s.ID, r.zoneServiceIDs(z))
		}
		if !r.appliesTo(a, s.index) {
			return nil, fmt.Errorf("activity %q does not apply to service %q (see its applies_to)", act.ID, s.s.ID)
		}
		return r.answer(a, r.serviceSpot(a, s, z, t)), nil
	case model.GrainTenant, model.GrainLandingZone:
		if z < 0 {
			return nil, fmt.Errorf("activity %q happens per %s: name a landing zone with --landing-zone or a tenant with --tenant", act.ID, grain)
		}
	case model.GrainProvider:
		if prov < 0 {
			return nil, fmt.Errorf("activity %q happens once per provider: name one with --provider (%s)", act.ID, strings.Join(r.providerIDs(), ", "))
		}
	}
	var found []spot
	for _, sp := range r.spots[a] {
		if (grain == model.GrainTenant || grain == model.GrainLandingZone) && sp.zone != z {
			continue
		}
		if prov >= 0 && sp.provider >= 0 && sp.provider != prov {
			continue
		}
		found = append(found, sp)
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("activity %q has no cell there: %s", act.ID, r.noCellReason(a, z, prov))
	case 1:
	default:
		var ids []string
		for _, sp := range found {
			ids = append(ids, r.provs[sp.provider].ID)
		}
		return nil, fmt.Errorf("activity %q happens per tenant, once per provider: name one with --provider or --tenant (%s)", act.ID, strings.Join(ids, ", "))
	}
	sp := found[0]
	if grain == model.GrainTenant {
		sp.tenant = t
	}
	return r.answer(a, sp), nil
}

// noCellReason says why activity a has no cell in zone z for provider prov.
func (r *Resolver) noCellReason(a, z, prov int32) string {
	switch {
	case z >= 0 && prov >= 0:
		return fmt.Sprintf("landing zone %q offers no %s service the activity applies to", r.zones[z].ID, r.provs[prov].ID)
	case z >= 0:
		return fmt.Sprintf("landing zone %q offers no service the activity applies to", r.zones[z].ID)
	case prov >= 0:
		return fmt.Sprintf("no landing zone offers a %s service the activity applies to", r.provs[prov].ID)
	}
	return "no landing zone offers a service the activity applies to"
}

func (r *Resolver) providerIDs() []string {
	out := make([]string, len(r.provs))
	for i, p := range r.provs {
		out[i] = p.ID
	}
	return out
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

// cell returns the cell at place p for activity a.
func (r *Resolver) cell(a int32, p place) Cell {
	c := Cell{Activity: r.acts[a]}
	if p.service >= 0 {
		c.Service = r.svcs[p.service].s
	}
	if p.provider >= 0 {
		c.Provider = r.provs[p.provider]
	}
	if p.zone >= 0 {
		c.LandingZone = r.zones[p.zone]
	}
	if p.tenant >= 0 {
		c.Tenant = r.M.Tenants[p.tenant]
	}
	return c
}

func (r *Resolver) answer(a int32, sp spot) *Answer {
	var sc scratch
	cand := r.candidates(a, sp.zone, sp.tenant, nil)
	k := r.key(sp.place)
	d := r.decide(&k, sp.side, cand, &sc)
	ans := &Answer{Cell: r.cell(a, sp.place), Side: sp.side, Outcome: d.outcome, m: r.M}
	border := func() []Assignee {
		out := make([]Assignee, 0, len(sp.border))
		for _, p := range sp.border {
			out = append(out, Assignee{Party: r.parties[p], ByBorder: true})
		}
		return out
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
		for _, b := range border() {
			if !slices.ContainsFunc(ans.Responsible, func(x Assignee) bool { return x.Party == b.Party }) {
				ans.Responsible = append(ans.Responsible, b)
			}
		}
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
