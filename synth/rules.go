package synth

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The levels of the rule hierarchy. Every level is strictly more specific
// than the ones before it on each cell they share, so no two rules that
// match one cell are incomparable, and the model has no conflict.
const (
	levelArea        = iota // activities: {area: X}, no scope
	levelDefault            // one activity, no scope
	levelZone               // scope: {landing_zone}
	levelZoneModel          // scope: {landing_zone, service_model}
	levelZoneService        // scope: {landing_zone, service}
	levelProvider           // scope: {provider}, for activities once per provider
	levelTenant             // scope: {tenant, service}, or {tenant} per tenant
	levelRetired            // a superseded earlier version of another rule
)

const owner = "tenant-owner"

type approval struct {
	party, by string
	at        time.Time
}

type rule struct {
	id     string
	level  int
	act    *activity // nil for area rules
	area   string    // area rules only
	zone   *zone
	prov   *provider
	model  string
	svc    *service
	tenant *tenant

	r, a, c, i []string // a holds exactly one party
	rationale  string
	status     string
	decided    time.Time
	review     time.Time
	approvals  []approval
}

type raci struct {
	r []string
	a string
	c []string
	i []string
}

// clean removes duplicates, and consulted or informed parties that already
// hold a stronger role.
func (x raci) clean() raci {
	seen := map[string]bool{}
	keep := func(list []string) []string {
		var out []string
		for _, p := range list {
			if p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
		return out
	}
	x.r = keep(x.r)
	seen[x.a] = true
	x.c = keep(x.c)
	x.i = keep(x.i)
	return x
}

var technicalLayers = map[string]bool{
	"operating-system": true, "network-controls": true, "application-runtime": true,
	"identity-infrastructure": true, "accounts-and-identities": true, "information-and-data": true,
}

func (g *gen) chance(p float64) bool { return g.rnd.Float64() < p }

func (g *gen) msp() string {
	for _, p := range g.externals {
		if p.id == "msp" {
			return p.id
		}
	}
	return ""
}

func (g *gen) someShared() string { return g.shared[g.rnd.IntN(len(g.shared))].id }

func (g *gen) defaultRACI(a *activity) raci {
	acc := g.role(areaRole[a.area])
	x := raci{a: acc, r: []string{acc}}
	switch a.layer {
	case "application-runtime", "information-and-data", "accounts-and-identities":
		if g.chance(0.5) {
			x.r = append(x.r, owner)
		}
	}
	if a.area != "tenant-lifecycle" && g.chance(0.3) {
		x.c = append(x.c, g.role(roleFoundation))
	}
	if g.chance(0.5) {
		x.c = append(x.c, g.someShared())
	}
	if g.chance(0.4) {
		x.i = append(x.i, g.role(roleCCoE))
	}
	return x.clean()
}

func (g *gen) zoneRACI(a *activity, z *zone) raci {
	area := g.role(areaRole[a.area])
	var x raci
	switch z.t.profile {
	case profileManaged:
		x.a = area
		if technicalLayers[a.layer] {
			x.a = g.role(roleOps)
		}
		x.r = []string{x.a}
		if m := g.msp(); m != "" && technicalLayers[a.layer] && g.chance(0.5) {
			x.r = append(x.r, m)
		}
		x.c = []string{area}
		x.i = []string{owner}
	case profileAutonomous:
		x.a = g.role(roleFoundation)
		switch {
		case technicalLayers[a.layer], a.area == "incident", a.area == "backup", a.area == "logging", a.area == "patching":
			x.a = owner
		}
		x.r = []string{owner}
		x.c = []string{area}
	default:
		x.a = g.role(roleFoundation)
		x.r = []string{x.a, owner}
		x.c = []string{area}
	}
	return x.clean()
}

func (g *gen) zoneModelRACI(a *activity, model string) raci {
	area := g.role(areaRole[a.area])
	var x raci
	switch model {
	case "iaas":
		x.a = g.role(roleOps)
		x.r = []string{x.a}
		if m := g.msp(); m != "" && g.chance(0.3) {
			x.r = append(x.r, m)
		}
		x.c = []string{area}
	case "caas":
		x.a = g.role(roleFoundation)
		if a.layer == "application-runtime" || a.layer == "information-and-data" {
			x.a = owner
		}
		x.r = []string{x.a}
		x.c = []string{area}
	case "paas", "faas":
		x.a = owner
		x.r = []string{owner}
		x.c = []string{area}
	default:
		x.a = area
		x.r = []string{area}
		x.i = []string{owner}
	}
	return x.clean()
}

func (g *gen) zoneServiceRACI(a *activity) raci {
	area := g.role(areaRole[a.area])
	choices := []string{g.role(roleFoundation), g.role(roleOps), area, owner}
	x := raci{a: g.pick(choices)}
	x.r = []string{x.a}
	if m := g.msp(); m != "" && x.a != owner && g.chance(0.25) {
		x.r = append(x.r, m)
	}
	if x.a != owner && g.chance(0.4) {
		x.r = append(x.r, owner)
	}
	x.c = []string{area}
	return x.clean()
}

func (g *gen) providerRACI(a *activity) raci {
	area := g.role(areaRole[a.area])
	acc := g.pick([]string{g.role(roleFoundation), area, g.role(roleCCoE)})
	x := raci{a: acc, r: []string{acc}, c: []string{area}, i: []string{owner}}
	return x.clean()
}

// withoutOwner gives the duties the tenant-owner placeholder would hold to
// the area's team: cells of a landing zone, a provider or the organisation
// belong to no single tenant. Consulted or informed, the placeholder stays.
func (g *gen) withoutOwner(a *activity, x raci) raci {
	area := g.role(areaRole[a.area])
	if x.a == owner {
		x.a = area
	}
	for i, p := range x.r {
		if p == owner {
			x.r[i] = area
		}
	}
	return x.clean()
}

func (g *gen) tenantRACI(a *activity) raci {
	x := raci{a: g.pick([]string{owner, g.role(roleOps)})}
	x.r = []string{x.a}
	x.c = []string{g.role(areaRole[a.area])}
	x.i = []string{g.role(roleFoundation)}
	return x.clean()
}

func (g *gen) partyName(id string) string {
	if id == owner {
		return "the team that owns the tenant"
	}
	if p := g.partyByID[id]; p != nil {
		return p.name
	}
	return id
}

func (g *gen) rationale(r *rule) string {
	acc := g.partyName(r.a[0])
	switch r.level {
	case levelArea:
		return fmt.Sprintf("All %s work follows one process across every landing zone; %s owns the process and the tooling.", r.area, acc)
	case levelDefault:
		return fmt.Sprintf("Baseline for every landing zone: %s owns the %s capability, so it is accountable for %q unless a landing zone decides otherwise.", acc, r.act.area, r.act.name)
	case levelZone:
		return fmt.Sprintf("%s %s is accountable here.", r.zone.t.rationale, capital(acc))
	case levelZoneModel:
		return fmt.Sprintf("For %s services in %s the split differs from the landing zone's default, so %s takes this duty.", strings.TrimPrefix(strings.TrimPrefix(modelNames[r.model], "an "), "a "), r.zone.name, acc)
	case levelZoneService:
		return fmt.Sprintf("%s is run as a shared offering in %s; %s carries %q for it.", r.svc.name, r.zone.name, acc, r.act.name)
	case levelProvider:
		return fmt.Sprintf("The contract with %s puts %q with %s for all of its tenants.", r.prov.name, r.act.name, acc)
	case levelTenant:
		return fmt.Sprintf("Exception for tenant %s (%s): agreed with its owner during onboarding because of its operating contract.", r.tenant.name, r.tenant.id)
	}
	return "Superseded by a later decision; kept for the record."
}

func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

var (
	decidedFrom = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	reviewFrom  = time.Date(2028, 1, 10, 0, 0, 0, 0, time.UTC)
)

// finish fills in the decision record of a rule.
func (g *gen) finish(r *rule, x raci) {
	r.r, r.a, r.c, r.i = x.r, []string{x.a}, x.c, x.i
	r.rationale = g.rationale(r)
	if r.level == levelRetired {
		r.status = "retired"
		r.decided = decidedFrom.AddDate(-1, 0, g.rnd.IntN(300))
		return
	}
	r.review = reviewFrom.AddDate(0, 0, g.rnd.IntN(1000))
	if g.chance(0.15) {
		r.status = "proposed"
		return
	}
	r.status = "agreed"
	r.decided = decidedFrom.AddDate(0, 0, g.rnd.IntN(500))
	approver := x.a
	if approver == owner {
		approver = g.role(roleFoundation) // the model's owner signs for the placeholder
	}
	p := g.partyByID[approver]
	r.approvals = append(r.approvals, approval{party: approver, by: fmt.Sprintf("%s <%s>", p.person, email(p.person)), at: r.decided})
	if len(x.r) > 0 && x.r[0] != approver && x.r[0] != owner && g.chance(0.3) {
		q := g.partyByID[x.r[0]]
		r.approvals = append(r.approvals, approval{party: q.id, by: fmt.Sprintf("%s <%s>", q.person, email(q.person)), at: r.decided.AddDate(0, 0, g.rnd.IntN(5))})
	}
}

func (g *gen) makeRules() error {
	var ruled []*activity
	areas := map[string]bool{}
	need := 0
	for _, a := range g.activities {
		if a.providerOnly {
			continue
		}
		ruled = append(ruled, a)
		if a.areaRule {
			if !areas[a.area] {
				areas[a.area] = true
				need++
			}
		} else {
			need++
		}
	}
	if g.size.Rules < need {
		return fmt.Errorf("synth: size %s needs at least %d rules so that every activity is decided", g.size.Name, need)
	}
	if len(ruled) == 0 && g.size.Rules > 0 {
		return fmt.Errorf("synth: size %s has no activity a rule can decide; add services or activities", g.size.Name)
	}
	ids := map[string]bool{}
	add := func(r *rule, x raci) {
		if ids[r.id] {
			panic("synth: duplicate rule id " + r.id) // the id schemes below are unique per slot
		}
		ids[r.id] = true
		if r.act != nil && !r.act.knowsTenant() {
			x = g.withoutOwner(r.act, x)
		}
		g.finish(r, x)
		g.rules = append(g.rules, r)
	}

	for _, area := range areaRuleAreas {
		if areas[area] {
			acc := g.role(areaRole[area])
			add(&rule{id: "area-" + area, level: levelArea, area: area},
				raci{a: acc, r: []string{acc}, c: []string{g.role(roleFoundation)}, i: []string{g.role(roleCCoE)}}.clean())
			g.st.AreaRules++
		}
	}
	for _, a := range ruled {
		if !a.areaRule {
			add(&rule{id: a.id, level: levelDefault, act: a}, g.defaultRACI(a))
			g.st.DefaultRules++
		}
	}

	budget := g.size.Rules - len(g.rules)
	nRetired := budget / 100
	nTenant := 0
	if len(g.tenants) > 0 {
		nTenant = budget * 3 / 100
	}
	nProvider := 0
	for _, a := range ruled {
		if a.grain == grainProvider {
			nProvider = (budget*2 + 99) / 100
			break
		}
	}
	nZone := budget * 35 / 100
	nZoneModel := budget * 30 / 100
	nZoneService := budget - nRetired - nTenant - nProvider - nZone - nZoneModel

	// fill makes up to n rules of one level from random slots; try returns
	// false for a slot that is taken or would match only provider cells.
	fill := func(n int, try func() bool) int {
		made := 0
		for attempts := 0; made < n && attempts < 30*n+100; attempts++ {
			if try() {
				made++
			}
		}
		return made
	}
	// Each level draws from the activities whose grain has its scope's
	// dimensions and that leave it a cell to decide.
	var zoneActs, modelActs, svcActs, provActs, tenantActs []*activity
	for _, a := range ruled {
		switch a.grain {
		case grainService:
			zoneActs, tenantActs = append(zoneActs, a), append(tenantActs, a)
			if len(a.freeModels) > 0 {
				modelActs = append(modelActs, a)
			}
			if len(a.free) > 0 {
				svcActs = append(svcActs, a)
			}
		case grainTenant:
			zoneActs, tenantActs = append(zoneActs, a), append(tenantActs, a)
		case grainLandingZone:
			zoneActs = append(zoneActs, a)
		case grainProvider:
			provActs = append(provActs, a)
		}
	}
	from := func(list []*activity) *activity {
		if len(list) == 0 {
			return nil
		}
		return list[g.rnd.IntN(len(list))]
	}
	randomZone := func() *zone { return g.zones[g.rnd.IntN(len(g.zones))] }

	made := fill(nZone, func() bool {
		a := from(zoneActs)
		if a == nil {
			return false
		}
		z := randomZone()
		id := a.id + "--" + z.id
		if ids[id] {
			return false
		}
		add(&rule{id: id, level: levelZone, act: a, zone: z}, g.zoneRACI(a, z))
		return true
	})
	g.st.ZoneRules = made
	carry := nZone - made

	made = fill(nZoneModel+carry, func() bool {
		a := from(modelActs)
		if a == nil {
			return false
		}
		z, m := randomZone(), g.pick(a.freeModels)
		id := a.id + "--" + z.id + "--" + m
		if ids[id] {
			return false
		}
		add(&rule{id: id, level: levelZoneModel, act: a, zone: z, model: m}, g.zoneModelRACI(a, m))
		return true
	})
	g.st.ZoneModelRules = made
	carry = nZoneModel + carry - made

	made = fill(nProvider, func() bool {
		a := from(provActs)
		if a == nil {
			return false
		}
		p := g.providers[g.rnd.IntN(len(g.providers))]
		id := a.id + "--" + p.id
		if ids[id] || len(a.byProvider[p.id]) == 0 {
			return false
		}
		add(&rule{id: id, level: levelProvider, act: a, prov: p}, g.providerRACI(a))
		return true
	})
	g.st.ProviderRules = made
	carry += nProvider - made

	made = fill(nTenant, func() bool {
		a := from(tenantActs)
		if a == nil {
			return false
		}
		t := g.tenants[g.rnd.IntN(len(g.tenants))]
		list := a.byProvider[t.provider]
		if len(list) == 0 {
			return false
		}
		r := &rule{id: a.id + "--tenant-" + t.id, level: levelTenant, act: a, zone: g.zones[t.zone], tenant: t}
		if a.grain == grainService {
			r.svc = g.services[list[g.rnd.IntN(len(list))]]
			r.id += "--" + r.svc.id
		}
		if ids[r.id] {
			return false
		}
		add(r, g.tenantRACI(a))
		return true
	})
	g.st.TenantRules = made
	carry += nTenant - made

	made = fill(nZoneService+carry, func() bool {
		a := from(svcActs)
		if a == nil {
			return false
		}
		z, s := randomZone(), g.services[a.free[g.rnd.IntN(len(a.free))]]
		id := a.id + "--" + z.id + "--" + s.id
		if ids[id] {
			return false
		}
		add(&rule{id: id, level: levelZoneService, act: a, zone: z, svc: s}, g.zoneServiceRACI(a))
		return true
	})
	g.st.ZoneServiceRules = made
	carry = nZoneService + carry - made

	// Retired rules: earlier versions of decisions that were since changed.
	// They take up whatever the other levels could not place.
	var live []*rule
	for _, r := range g.rules {
		if r.level != levelArea {
			live = append(live, r)
		}
	}
	version := map[*rule]int{}
	for k := 0; k < nRetired+carry && len(live) > 0; k++ {
		orig := live[g.rnd.IntN(len(live))]
		version[orig]++
		r := *orig
		r.id = fmt.Sprintf("%s--v%d", orig.id, version[orig])
		r.level = levelRetired
		r.approvals = nil
		choices := []string{g.role(roleFoundation), g.role(roleOps), g.role(areaRole[orig.act.area])}
		acc := g.pick(choices)
		add(&r, raci{a: acc, r: []string{acc}}.clean())
		g.st.RetiredRules++
	}
	if len(g.rules) != g.size.Rules {
		return fmt.Errorf("synth: size %s: could place only %d of %d rules", g.size.Name, len(g.rules), g.size.Rules)
	}

	// Write rules grouped by activity, most general first.
	slices.SortStableFunc(g.rules, func(x, y *rule) int {
		return cmp.Or(
			cmp.Compare(x.actIndex(), y.actIndex()),
			cmp.Compare(min(x.level, levelTenant), min(y.level, levelTenant)),
			cmp.Compare(x.zoneIndex(), y.zoneIndex()),
			cmp.Compare(x.provIndex(), y.provIndex()),
			cmp.Compare(x.model, y.model),
			cmp.Compare(x.svcIndex(), y.svcIndex()),
			cmp.Compare(x.id, y.id),
		)
	})
	return nil
}

func (r *rule) actIndex() int {
	if r.act == nil {
		return -1
	}
	return r.act.index
}

func (r *rule) zoneIndex() int {
	if r.zone == nil {
		return -1
	}
	return r.zone.index
}

func (r *rule) provIndex() string {
	if r.prov == nil {
		return ""
	}
	return r.prov.id
}

func (r *rule) svcIndex() int {
	if r.svc == nil {
		return -1
	}
	return r.svc.index
}
