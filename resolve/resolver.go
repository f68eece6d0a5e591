package resolve

import (
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
)

// Resolver holds a model compiled for fast resolution. It is immutable after
// New and safe for concurrent use.
type Resolver struct {
	M *model.Model

	parties   []*model.Party
	partyIdx  map[string]int32
	acts      []*model.Activity
	actIdx    map[string]int32
	actLayer  []int32       // layer index per activity, -1 for none
	actGrain  []model.Grain // effective grain per activity
	applies   []bitset      // per activity, the services it applies to; nil: all
	layerIdx  map[string]int32
	provs     []*model.Provider
	provIdx   map[string]int32
	provParty []int32 // provider party per provider, -1 if unknown
	modelIdx  map[string]int32
	svcs      []*svc
	svcIdx    map[string]int32
	zones     []*model.LandingZone
	zoneIdx   map[string]int32
	zoneSvcs  [][]int32 // services offered per zone (known ones, de-duplicated)
	offered   []int32   // services some zone offers, by index
	tenantIdx map[string]int32

	// spots holds, per activity of a grain other than per service, every
	// cell it has, in walk order: the cells without a landing zone first,
	// then by landing zone and provider.
	spots [][]spot

	// For Cells: every zone and activity, each zone's services by position,
	// and per party the zones where it owns tenants.
	allZones, allActs []int32
	zoneSvcPos        []map[int32]int32
	ownerZones        map[int32][]int32

	rules      []*compiled // sorted by rule id, so index order is id order
	byActivity [][]int32   // activity → indexes of rules selecting it
	ownerIdx   int32       // index of the tenant-owner placeholder party
}

// New compiles m. Elements with broken references (already reported by the
// loader) are skipped, so New never fails.
func New(m *model.Model) *Resolver {
	r := &Resolver{
		M:         m,
		partyIdx:  make(map[string]int32, len(m.Parties)),
		actIdx:    make(map[string]int32, len(m.Activities)),
		layerIdx:  make(map[string]int32, len(m.Layers)),
		provIdx:   make(map[string]int32, len(m.Providers)),
		modelIdx:  make(map[string]int32, len(m.ServiceModels)),
		svcIdx:    make(map[string]int32, len(m.Services)),
		zoneIdx:   make(map[string]int32, len(m.LandingZones)),
		tenantIdx: make(map[string]int32, len(m.Tenants)),
		ownerIdx:  -1,
	}
	for i, p := range m.Parties {
		r.parties = append(r.parties, p)
		r.partyIdx[p.ID] = int32(i)
		if p.ID == model.TenantOwner {
			r.ownerIdx = int32(i)
		}
	}
	for i, l := range m.Layers {
		r.layerIdx[l.ID] = int32(i)
	}
	for i, p := range m.Providers {
		r.provs = append(r.provs, p)
		r.provIdx[p.ID] = int32(i)
		party := int32(-1)
		if pp := m.ProviderParty(p.ID); pp != nil {
			party = r.partyIdx[pp.ID]
		}
		r.provParty = append(r.provParty, party)
	}
	for i, sm := range m.ServiceModels {
		r.modelIdx[sm.ID] = int32(i)
	}
	for _, s := range m.Services {
		cs := &svc{
			s:        s,
			index:    int32(len(r.svcs)),
			provider: lookup(r.provIdx, s.Provider.ID),
			model:    lookup(r.modelIdx, s.Model.ID),
			sides:    make([]model.Side, len(m.Layers)),
			party:    -1,
		}
		for li, l := range m.Layers {
			cs.sides[li] = m.Border(s, l.ID)
		}
		if cs.provider >= 0 {
			cs.party = r.provParty[cs.provider]
		}
		if cs.party >= 0 {
			cs.border = []int32{cs.party}
		}
		cs.key = key{dimProvider: cs.provider, dimModel: cs.model, dimService: cs.index, dimZone: none, dimTenant: none}
		r.svcIdx[s.ID] = cs.index
		r.svcs = append(r.svcs, cs)
	}
	for i, a := range m.Activities {
		r.acts = append(r.acts, a)
		r.actIdx[a.ID] = int32(i)
		r.actLayer = append(r.actLayer, lookup(r.layerIdx, a.Layer.ID))
		r.actGrain = append(r.actGrain, a.EffectiveGrain())
		var ap bitset
		if a.AppliesTo != nil {
			ap = newBitset(len(r.svcs))
			for si, s := range r.svcs {
				if a.AppliesToService(s.s) {
					ap.set(si)
				}
			}
		}
		r.applies = append(r.applies, ap)
	}
	isOffered := make([]bool, len(r.svcs))
	for i, z := range m.LandingZones {
		r.zones = append(r.zones, z)
		r.zoneIdx[z.ID] = int32(i)
		var list []int32
		pos := map[int32]int32{}
		for _, ref := range z.Services {
			if si, ok := r.svcIdx[ref.ID]; ok {
				if _, dup := pos[si]; !dup {
					pos[si] = int32(len(list))
					list = append(list, si)
					isOffered[si] = true
				}
			}
		}
		r.zoneSvcs = append(r.zoneSvcs, list)
		r.zoneSvcPos = append(r.zoneSvcPos, pos)
		r.allZones = append(r.allZones, int32(i))
	}
	for si, ok := range isOffered {
		if ok {
			r.offered = append(r.offered, int32(si))
		}
	}
	for i := range r.acts {
		r.allActs = append(r.allActs, int32(i))
	}
	r.spots = make([][]spot, len(r.acts))
	for a := range r.acts {
		if r.actGrain[a] != model.GrainService {
			r.spots[a] = r.spotsOf(int32(a))
		}
	}
	r.ownerZones = map[int32][]int32{}
	for i, t := range m.Tenants {
		r.tenantIdx[t.ID] = int32(i)
		p, okp := r.partyIdx[t.Owner.ID]
		z, okz := r.zoneIdx[t.LandingZone.ID]
		if okp && okz && !slices.Contains(r.ownerZones[p], z) {
			r.ownerZones[p] = append(r.ownerZones[p], z)
		}
	}
	// Rules in id order: when several most specific rules agree, the one
	// named as deciding is the first by id, whatever the file order.
	rules := slices.Clone(m.Rules)
	slices.SortStableFunc(rules, func(a, b *model.Rule) int { return strings.Compare(a.ID, b.ID) })
	r.byActivity = make([][]int32, len(r.acts))
	for _, rule := range rules {
		if rule.EffectiveStatus() == model.StatusRetired {
			continue
		}
		c, ok := r.compile(rule)
		if !ok {
			continue
		}
		c.index = len(r.rules)
		r.rules = append(r.rules, c)
		for a := range r.acts {
			if c.acts.has(a) {
				r.byActivity[a] = append(r.byActivity[a], int32(c.index))
			}
		}
	}
	return r
}

func lookup(m map[string]int32, id string) int32 {
	if id == "" {
		return anyID
	}
	if i, ok := m[id]; ok {
		return i
	}
	return -2 // a dangling reference: matches nothing
}

// appliesTo reports whether activity a applies to service si.
func (r *Resolver) appliesTo(a, si int32) bool {
	ap := r.applies[a]
	return ap == nil || ap.has(int(si))
}

// compile turns a rule into integer form; ok is false when a reference is
// broken, so the rule cannot be applied (the loader reported why).
func (r *Resolver) compile(rule *model.Rule) (*compiled, bool) {
	c := &compiled{rule: rule, acts: newBitset(len(r.acts))}
	explicit := false
	switch {
	case rule.Activity.IsSet():
		i, ok := r.actIdx[rule.Activity.ID]
		if !ok {
			return nil, false
		}
		c.acts.set(int(i))
		explicit = true
	case rule.Activities != nil:
		sel := rule.Activities
		layer := lookup(r.layerIdx, sel.Layer.ID)
		if layer == -2 {
			return nil, false
		}
		for _, ref := range sel.IDs {
			if _, ok := r.actIdx[ref.ID]; !ok {
				return nil, false
			}
		}
		explicit = len(sel.IDs) > 0
		for i, a := range r.acts {
			if len(sel.IDs) > 0 && !slices.ContainsFunc(sel.IDs, func(x model.Ref) bool { return x.ID == a.ID }) {
				continue
			}
			if sel.Area != "" && a.Area != sel.Area {
				continue
			}
			if layer != anyID && r.actLayer[i] != layer {
				continue
			}
			if len(sel.IDs) == 0 && sel.Area == "" && layer == anyID && !sel.All {
				continue
			}
			c.acts.set(i)
		}
	default:
		return nil, false
	}
	// A scope that fixes a dimension an activity's cells do not have (a
	// service on a per-tenant activity) cannot apply to it. A rule naming
	// such an activity is reported by the checker; one selecting by area,
	// layer or all simply does not reach it.
	if dims := rule.Scope.Dimensions(); len(dims) > 0 {
		for a := range r.acts {
			if !c.acts.has(a) {
				continue
			}
			for _, d := range dims {
				if !r.actGrain[a].Has(d) {
					c.acts.clear(a)
					c.excluded = append(c.excluded, int32(a))
					break
				}
			}
		}
		c.explicit = explicit
	}
	c.nacts = c.acts.count()
	for d := range c.scope {
		c.scope[d] = anyID
	}
	if s := rule.Scope; s != nil {
		set := func(d int, idx map[string]int32, id string) bool {
			v := lookup(idx, id)
			if v == -2 {
				return false
			}
			if v == anyID {
				return true
			}
			if c.scope[d] != anyID && c.scope[d] != v {
				c.contradictory = true
			}
			c.scope[d] = v
			return true
		}
		if !set(dimProvider, r.provIdx, s.Provider.ID) || !set(dimModel, r.modelIdx, s.ServiceModel.ID) ||
			!set(dimService, r.svcIdx, s.Service.ID) || !set(dimZone, r.zoneIdx, s.LandingZone.ID) ||
			!set(dimTenant, r.tenantIdx, s.Tenant.ID) {
			return nil, false
		}
		// Close the scope over the model's structure.
		if c.scope[dimService] != anyID {
			sv := r.svcs[c.scope[dimService]]
			closeDim(c, dimProvider, sv.provider)
			closeDim(c, dimModel, sv.model)
		}
		if c.scope[dimTenant] != anyID {
			t := r.M.Tenants[c.scope[dimTenant]]
			closeDim(c, dimZone, lookup(r.zoneIdx, t.LandingZone.ID))
			closeDim(c, dimProvider, lookup(r.provIdx, t.Provider.ID))
		}
	}
	parties := func(refs model.Refs) []int32 {
		out := make([]int32, 0, len(refs))
		for _, p := range refs {
			i, ok := r.partyIdx[p.ID]
			if !ok {
				// Reported by the loader; the rest of the rule still
				// applies, so one typo does not cascade into gaps.
				continue
			}
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
		slices.Sort(out)
		return out
	}
	c.raci = raci{R: parties(rule.Responsible), A: parties(rule.Accountable), C: parties(rule.Consulted), I: parties(rule.Informed)}
	return c, true
}

func closeDim(c *compiled, d int, v int32) {
	if v < 0 {
		return
	}
	if c.scope[d] != anyID && c.scope[d] != v {
		c.contradictory = true
		return
	}
	c.scope[d] = v
}
