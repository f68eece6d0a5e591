package view

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// Book is everything a publication of the model shows.
type Book struct {
	Model        *model.Model
	Organisation model.Organisation
	// Generated is when the book was made; fixed by Options for
	// reproducible output.
	Generated time.Time

	Health       Health
	Parties      []*PartyPage
	Providers    []*ProviderPage
	Services     []*ServicePage
	LandingZones []*ZonePage
	// OrgActivities are the duties without a landing zone: the activities
	// that happen per provider or once for the organisation.
	OrgActivities []*ZoneActivity
	Activities    []*ActivityPage
	Decisions     []*Decision
	Stakeholders  []*Stakeholder
	Relations     []Relation
	OrgChart      []*OrgNode // roots of the party hierarchy
	Glossary      []Term
	Processes     []*ProcessPage

	partyPage    map[string]*PartyPage
	servicePage  map[string]*ServicePage
	zonePage     map[string]*ZonePage
	activityPage map[string]*ActivityPage
}

// Options control building a book.
type Options struct {
	// Now is the generation time shown on pages; zero means time.Now().
	Now time.Time
	// Today is the date review-by dates are compared with; zero means Now.
	Today time.Time
}

// Health summarises the state of the model for the overview.
type Health struct {
	Errors, Warnings, Infos int
	// Diagnostics are the errors and warnings, most severe first.
	Diagnostics diag.Diagnostics
	Proposed    []*Decision
	Overdue     []*Decision
	Summary     *resolve.Summary
}

// Assignment is who holds one cell: the resolved RACI, with how it was
// decided. Cells with the same assignment are grouped on pages.
type Assignment struct {
	Outcome     resolve.Outcome
	Side        model.Side
	Rule        *model.Rule // deciding rule (ByRule), or first conflicting rule
	Responsible []*model.Party
	Accountable []*model.Party
	Consulted   []*model.Party
	Informed    []*model.Party
	// ProviderParty is set on provider-side and shared cells: the first of
	// ProviderParties, the provider parties holding their side (several
	// only on a shared cell that spans providers).
	ProviderParty   *model.Party
	ProviderParties []*model.Party
}

// Roles returns the RACI letters party p holds in a, e.g. "RA". The
// strings are shared: large models hold millions of duties.
func (a *Assignment) Roles(p *model.Party) string {
	i := 0
	if slices.Contains(a.Responsible, p) {
		i |= 1
	}
	if slices.Contains(a.Accountable, p) {
		i |= 2
	}
	if slices.Contains(a.Consulted, p) {
		i |= 4
	}
	if slices.Contains(a.Informed, p) {
		i |= 8
	}
	return roleNames[i]
}

// roleNames maps a bit set of R=1, A=2, C=4, I=8 to its letters.
var roleNames = func() [16]string {
	var out [16]string
	for i := range out {
		var b strings.Builder
		for bit, letter := range "RACI" {
			if i&(1<<bit) != 0 {
				b.WriteRune(letter)
			}
		}
		out[i] = b.String()
	}
	return out
}()

// Group is a set of cells that share one assignment: one activity in one
// landing zone (or organisation-wide) for several services (per-service
// grain) or providers (per-tenant and per-provider grains), or the one
// cell of a landing zone or of the organisation.
type Group struct {
	Activity    *model.Activity
	Grain       model.Grain
	LandingZone *model.LandingZone // nil for the provider and organisation grains
	Assignment  *Assignment
	// AllServices is set when a per-service group covers every service the
	// landing zone offers.
	AllServices bool
	// Providers are the providers of a per-tenant or per-provider group:
	// "for AWS and Azure tenants", "for AWS".
	Providers []*model.Provider

	// The group's services are positions in the landing zone's services:
	// at enterprise scale groups name millions of services, and pointers
	// would cost the garbage collector of a long-running server dearly.
	zoneServices []*model.Service
	positions    []int32 // nil when AllServices
}

// Len is the number of cells — duties — in the group: its services,
// its providers, or one.
func (g *Group) Len() int {
	switch g.Grain {
	case model.GrainTenant, model.GrainProvider:
		return len(g.Providers)
	case model.GrainLandingZone, model.GrainOrganisation:
		return 1
	}
	if g.AllServices {
		return len(g.zoneServices)
	}
	return len(g.positions)
}

// Services are the group's services in the landing zone's order (none
// unless the grain is per service). Unless the group has all of them, each
// call makes a new slice.
func (g *Group) Services() []*model.Service {
	if g.Grain != model.GrainService {
		return nil
	}
	if g.AllServices {
		return g.zoneServices
	}
	out := make([]*model.Service, len(g.positions))
	for i, p := range g.positions {
		out[i] = g.zoneServices[p]
	}
	return out
}

// PartyPage is "what this team is responsible for".
type PartyPage struct {
	Party      *model.Party
	Parent     *model.Party
	Children   []*model.Party
	Escalation *model.Party // explicit escalation, else the parent
	// Counts of duties (cells) per role letter.
	CountR, CountA, CountC, CountI int
	Zones                          []*model.LandingZone // landing zones it owns
	Tenants                        []*model.Tenant      // tenants it owns
	Relations                      []Relation           // from and to this party

	// direct are the groups naming the party, in Duties order. The groups
	// it holds as a tenant owner are not copied per party (at enterprise
	// scale they are most of the duties): Duties merges them in from the
	// tenant-owner placeholder's duties in ownedZones.
	direct     []Duty
	ownerOf    *[]Duty // the placeholder's duties; nil when the party owns no tenants
	ownedZones map[*model.LandingZone]bool
}

// Duty is one group with the roles the party holds in it.
type Duty struct {
	*Group
	Roles string // e.g. "AR"
	// ViaTenantOwner is set when the party holds the roles as owner of
	// tenants in the landing zone (through the tenant-owner placeholder).
	ViaTenantOwner bool

	order int32 // landing zone, then layer (governance first)
	seq   int32 // the group's place in the walk, for a stable merge
}

// ProviderPage lists a provider's services.
type ProviderPage struct {
	Provider *model.Provider
	Party    *model.Party
	Services []*ServicePage
}

// ServicePage shows the provider border and the internal split of one service.
type ServicePage struct {
	Service  *model.Service
	Provider *model.Provider
	Model    *model.ServiceModel
	Borders  []Border
	Zones    []*model.LandingZone
	// Facts are the provider's statements per control with the model's
	// decision beside them.
	Facts []FactRow

	// cells holds, per activity and then per landing zone in Zones, the
	// index+1 of the cell's assignment (0: no cell); Split groups them on
	// demand, so a book keeps 4 bytes per cell rather than a row per answer.
	cells       []uint32
	activities  []*model.Activity
	assignments []*Assignment
}

// Border is the side of one layer for a service, and whether the service
// overrides its model's border.
type Border struct {
	Layer      *model.Layer
	Side       model.Side
	Overridden bool
}

// SplitRow is one activity's answers for a service.
type SplitRow struct {
	Activity *model.Activity
	Answers  []ZoneAnswer
}

// ZoneAnswer is one assignment and the landing zones where it holds.
type ZoneAnswer struct {
	Zones      []*model.LandingZone
	Assignment *Assignment
}

// ZonePage shows a landing zone: audience, rationale, services, chart and
// the split of duties per activity.
type ZonePage struct {
	Zone     *model.LandingZone
	Owner    *model.Party
	Services []*model.Service
	Tenants  []*model.Tenant
	Chart    *Chart
	// Activities has, per activity, the groups of services sharing an answer.
	Activities []*ZoneActivity
}

// ZoneActivity is one activity in one landing zone.
type ZoneActivity struct {
	Activity *model.Activity
	Groups   []*Group
}

// ActivityPage shows one activity resolved across every context.
type ActivityPage struct {
	Activity *model.Activity
	Layer    *model.Layer
	// Groups per landing zone; within a zone, services sharing an answer.
	Zones []*ZoneActivityGroups
	// Rules that select the activity, most specific first as far as the
	// partial order allows (fewer activities, more scope fields).
	Rules []*Decision
}

// ZoneActivityGroups is one landing zone on an activity page; Zone is nil
// for the cells without a landing zone (per provider, organisation).
type ZoneActivityGroups struct {
	Zone   *model.LandingZone
	Groups []*Group
}

// Decision is one rule as the decisions log shows it.
type Decision struct {
	Rule       *model.Rule
	Activities []*model.Activity
	Scope      string // human-readable scope, "everywhere" when empty
	Cells      int    // cells the rule decides (landing-zone cells)
	Overdue    bool
	Approved   bool // approved by its accountable party
}

// Stakeholder places a party on the influence × interest grid.
type Stakeholder struct {
	Party     *model.Party
	Influence int // 1 low, 2 medium, 3 high; 0 unknown
	Interest  int
	Concerns  []string
}

// Relation is an edge of the stakeholder graph.
type Relation struct {
	From, To    *model.Party
	Type        string
	Description string
}

// OrgNode is a party in the org chart.
type OrgNode struct {
	Party    *model.Party
	Children []*OrgNode
}

// Term is a glossary entry.
type Term struct {
	Term, Definition string
}

// PartyByID returns the page of party id, or nil.
func (b *Book) PartyByID(id string) *PartyPage { return b.partyPage[id] }

// ServiceByID returns the page of service id, or nil.
func (b *Book) ServiceByID(id string) *ServicePage { return b.servicePage[id] }

// ZoneByID returns the page of landing zone id, or nil.
func (b *Book) ZoneByID(id string) *ZonePage { return b.zonePage[id] }

// ActivityByID returns the page of activity id, or nil.
func (b *Book) ActivityByID(id string) *ActivityPage { return b.activityPage[id] }

// Build arranges a checked model into a book. res is the check result of m
// (its diagnostics and resolution summary).
func Build(m *model.Model, r *resolve.Resolver, res *check.Result, opts Options) *Book {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Today.IsZero() {
		opts.Today = opts.Now
	}
	b := &Book{
		Model: m, Organisation: m.Organisation, Generated: opts.Now,
		partyPage: map[string]*PartyPage{}, servicePage: map[string]*ServicePage{},
		zonePage: map[string]*ZonePage{}, activityPage: map[string]*ActivityPage{},
	}
	bb := &builder{b: b, m: m, r: r, today: opts.Today.Truncate(24 * time.Hour)}
	bb.decisions()
	bb.pages()
	bb.cells()
	bb.health(res)
	bb.stakeholders()
	b.Glossary = glossary(m)
	b.Processes = processPages(m, r)
	return b
}

type builder struct {
	b     *Book
	m     *model.Model
	r     *resolve.Resolver
	today time.Time

	decisionOf    map[*model.Rule]*Decision
	assignments   map[assignKey]*Assignment
	providerParty []*model.Party // by service index
}

func (bb *builder) decisions() {
	bb.decisionOf = map[*model.Rule]*Decision{}
	for _, rule := range bb.m.Rules {
		d := &Decision{Rule: rule, Scope: ScopeText(rule.Scope)}
		d.Activities = selected(bb.m, rule)
		d.Overdue = !rule.ReviewBy.IsZero() && rule.ReviewBy.Before(bb.today) && rule.EffectiveStatus() != model.StatusRetired
		if len(rule.Accountable) == 1 {
			for _, a := range rule.Approvals {
				if a.Party.ID == rule.Accountable[0].ID {
					d.Approved = true
				}
			}
		}
		bb.b.Decisions = append(bb.b.Decisions, d)
		bb.decisionOf[rule] = d
	}
}

// selected lists the activities a rule selects, in model order.
func selected(m *model.Model, rule *model.Rule) []*model.Activity {
	if rule.Activity.IsSet() {
		if a := m.ActivityByID[rule.Activity.ID]; a != nil {
			return []*model.Activity{a}
		}
		return nil
	}
	sel := rule.Activities
	if sel == nil {
		return nil
	}
	var out []*model.Activity
	for _, a := range m.Activities {
		if len(sel.IDs) > 0 && !slices.ContainsFunc(sel.IDs, func(r model.Ref) bool { return r.ID == a.ID }) {
			continue
		}
		if sel.Area != "" && a.Area != sel.Area {
			continue
		}
		if sel.Layer.IsSet() && a.Layer.ID != sel.Layer.ID {
			continue
		}
		if len(sel.IDs) == 0 && sel.Area == "" && !sel.Layer.IsSet() && !sel.All {
			continue
		}
		out = append(out, a)
	}
	return out
}

// ScopeText describes a rule's scope for people.
func ScopeText(s *model.Scope) string {
	if s == nil {
		return "everywhere"
	}
	var parts []string
	add := func(kind string, r model.Ref) {
		if r.IsSet() {
			parts = append(parts, kind+" "+r.ID)
		}
	}
	add("provider", s.Provider)
	add("service model", s.ServiceModel)
	add("service", s.Service)
	add("landing zone", s.LandingZone)
	add("tenant", s.Tenant)
	if len(parts) == 0 {
		return "everywhere"
	}
	return strings.Join(parts, ", ")
}

func (bb *builder) pages() {
	m, b := bb.m, bb.b
	for _, p := range m.Parties {
		pp := &PartyPage{Party: p, Parent: m.PartyByID[p.Parent.ID]}
		pp.Escalation = m.PartyByID[p.Escalation.ID]
		if pp.Escalation == nil {
			pp.Escalation = pp.Parent
		}
		b.Parties = append(b.Parties, pp)
		b.partyPage[p.ID] = pp
	}
	for _, pp := range b.Parties {
		if pp.Parent != nil {
			if parent := b.partyPage[pp.Parent.ID]; parent != nil {
				parent.Children = append(parent.Children, pp.Party)
			}
		}
	}
	for _, prov := range m.Providers {
		b.Providers = append(b.Providers, &ProviderPage{Provider: prov, Party: m.ProviderParty(prov.ID)})
	}
	cat := check.CatalogueOf(m)
	for _, s := range m.Services {
		sp := &ServicePage{Service: s, Provider: m.ProviderByID[s.Provider.ID], Model: m.ServiceModelByID[s.Model.ID], Facts: factRows(m, cat, s)}
		for _, l := range m.Layers {
			_, over := s.Borders[l.ID]
			sp.Borders = append(sp.Borders, Border{Layer: l, Side: m.Border(s, l.ID), Overridden: over})
		}
		b.Services = append(b.Services, sp)
		b.servicePage[s.ID] = sp
		for _, pv := range b.Providers {
			if pv.Provider.ID == s.Provider.ID {
				pv.Services = append(pv.Services, sp)
			}
		}
	}
	for _, z := range m.LandingZones {
		zp := &ZonePage{Zone: z, Owner: m.PartyByID[z.Owner.ID]}
		for _, ref := range z.Services {
			if s := m.ServiceByID[ref.ID]; s != nil && !slices.Contains(zp.Services, s) {
				zp.Services = append(zp.Services, s)
				if sp := b.servicePage[s.ID]; sp != nil {
					sp.Zones = append(sp.Zones, z)
				}
			}
		}
		b.LandingZones = append(b.LandingZones, zp)
		b.zonePage[z.ID] = zp
		if zp.Owner != nil {
			if pp := b.partyPage[zp.Owner.ID]; pp != nil {
				pp.Zones = append(pp.Zones, z)
			}
		}
	}
	for _, t := range m.Tenants {
		if zp := b.zonePage[t.LandingZone.ID]; zp != nil {
			zp.Tenants = append(zp.Tenants, t)
		}
		if pp := b.partyPage[t.Owner.ID]; pp != nil {
			pp.Tenants = append(pp.Tenants, t)
		}
	}
	for _, a := range m.Activities {
		ap := &ActivityPage{Activity: a, Layer: m.LayerByID[a.Layer.ID]}
		b.Activities = append(b.Activities, ap)
		b.activityPage[a.ID] = ap
	}
	for _, d := range b.Decisions {
		for _, a := range d.Activities {
			if ap := b.activityPage[a.ID]; ap != nil {
				ap.Rules = append(ap.Rules, d)
			}
		}
	}
	for _, ap := range b.Activities {
		sort.SliceStable(ap.Rules, func(i, j int) bool {
			return specificity(ap.Rules[i]) > specificity(ap.Rules[j])
		})
	}
}

// specificity orders rules for display: narrower scope and fewer
// activities first. It is only a display order; resolution uses the
// partial order of package resolve.
func specificity(d *Decision) int {
	n := 0
	if s := d.Rule.Scope; s != nil {
		for _, r := range []model.Ref{s.Provider, s.ServiceModel, s.Service, s.LandingZone, s.Tenant} {
			if r.IsSet() {
				n += 1000
			}
		}
	}
	return n - len(d.Activities)
}
