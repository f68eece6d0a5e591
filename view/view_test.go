package view_test

import (
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/internal/testbook"
	"github.com/demarc-dev/demarc/internal/testmodel"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
	"github.com/demarc-dev/demarc/view"
)

func book(t testing.TB, dir string) *view.Book { return testbook.Load(t, dir) }

func TestBookOfExample(t *testing.T) {
	b := book(t, "../examples/enterprise")
	total := b.Health.Summary.Cells
	r := resolve.New(b.Model)
	// Every cell lands in exactly one group, of a zone page or of the
	// organisation's duties, and resolves to that group's assignment; every
	// per-service cell in one chart cell and one zone answer of a service page.
	groups, chart, split := 0, 0, 0
	same := func(where string, g *view.Group, q resolve.Query) {
		t.Helper()
		a, err := r.Resolve(q)
		if err != nil || a.Outcome != g.Assignment.Outcome || a.Rule != g.Assignment.Rule {
			t.Fatalf("%s: grouped under %v %v, resolves to %+v (%v)", where, g.Assignment.Outcome, g.Assignment.Rule, a, err)
		}
	}
	checkGroups := func(z *model.LandingZone, offered []*model.Service, za *view.ZoneActivity) {
		act := za.Activity
		zid := ""
		if z != nil {
			zid = z.ID
		}
		seen := map[*model.Service]bool{}
		provs := map[*model.Provider]bool{}
		for _, g := range za.Groups {
			groups += g.Len()
			where := zid + "/" + act.ID
			if g.Grain != act.EffectiveGrain() || (g.LandingZone != z) {
				t.Fatalf("%s: group grain %s zone %v", where, g.Grain, g.LandingZone)
			}
			switch g.Grain {
			case model.GrainService:
				svcs := g.Services()
				if len(svcs) != g.Len() {
					t.Fatalf("%s: %d services, Len %d", where, len(svcs), g.Len())
				}
				for _, sv := range svcs {
					if seen[sv] || !slices.Contains(offered, sv) || !act.AppliesToService(sv) {
						t.Fatalf("%s: service %s twice, not offered or outside applies_to", where, sv.ID)
					}
					seen[sv] = true
					same(where+"/"+sv.ID, g, resolve.Query{Activity: act.ID, Service: sv.ID, LandingZone: zid})
				}
			case model.GrainTenant, model.GrainProvider:
				if g.Services() != nil || len(g.Providers) != g.Len() {
					t.Fatalf("%s: %d services, %d providers, Len %d", where, len(g.Services()), len(g.Providers), g.Len())
				}
				for _, p := range g.Providers {
					if provs[p] {
						t.Fatalf("%s: provider %s twice", where, p.ID)
					}
					provs[p] = true
					same(where+"/"+p.ID, g, resolve.Query{Activity: act.ID, Provider: p.ID, LandingZone: zid})
				}
			default:
				if g.Len() != 1 || len(za.Groups) != 1 {
					t.Fatalf("%s: %d groups, Len %d; want one cell", where, len(za.Groups), g.Len())
				}
				same(where, g, resolve.Query{Activity: act.ID, LandingZone: zid})
			}
		}
		if act.EffectiveGrain() == model.GrainService {
			want := 0
			for _, sv := range offered {
				if act.AppliesToService(sv) {
					want++
				}
			}
			if len(seen) != want {
				t.Fatalf("%s/%s: groups hold %d of the %d services it applies to", zid, act.ID, len(seen), want)
			}
		}
	}
	for _, zp := range b.LandingZones {
		for _, za := range zp.Activities {
			checkGroups(zp.Zone, zp.Services, za)
		}
		for _, row := range zp.Chart.Rows {
			for _, c := range row.Cells {
				chart += c.Total
				n := 0
				for _, s := range c.Shares {
					n += s.Count
				}
				if n != c.Total {
					t.Fatalf("chart cell shares %d != total %d", n, c.Total)
				}
			}
		}
	}
	if len(b.OrgActivities) == 0 {
		t.Fatal("the example has duties per provider and for the organisation; the book has none")
	}
	for _, za := range b.OrgActivities {
		checkGroups(nil, nil, za)
	}
	for _, sp := range b.Services {
		for _, row := range sp.Split() {
			for _, za := range row.Answers {
				split += len(za.Zones)
			}
		}
	}
	perService := b.Health.Summary.CellsByGrain[model.GrainService]
	if groups != total || chart != perService || split != perService {
		t.Fatalf("cells %d (%d per service), grouped %d, charted %d, split %d", total, perService, groups, chart, split)
	}
	// Decisions decide the rule cells.
	decided := 0
	for _, d := range b.Decisions {
		decided += d.Cells
	}
	if decided != b.Health.Summary.RuleCells {
		t.Fatalf("decisions decide %d cells, summary says %d", decided, b.Health.Summary.RuleCells)
	}
	// The foundation team is accountable for tenant decommissioning.
	pp := b.PartyByID("cloud-foundation")
	found := false
	for _, d := range pp.Duties() {
		if d.Activity.ID == "decommission-tenant" && d.Roles == "RA" {
			found = true
		}
	}
	if !found || pp.CountA == 0 {
		t.Fatalf("cloud-foundation duties lack decommission-tenant RA (A count %d)", pp.CountA)
	}
	// Application teams see what they hold as tenant owners.
	var viaOwner int
	for _, p := range b.Parties {
		if p.Party.Kind == model.KindApplication && !p.Party.Placeholder {
			for _, d := range p.Duties() {
				if d.ViaTenantOwner {
					viaOwner++
				}
			}
		}
	}
	if viaOwner == 0 {
		t.Fatal("no application party holds duties as tenant owner")
	}
	checkDuties(t, b)
	if len(b.OrgChart) == 0 || len(b.Stakeholders) == 0 || len(b.Glossary) == 0 {
		t.Fatal("org chart, stakeholders and glossary must not be empty")
	}
}

func BenchmarkBuildL(b *testing.B) {
	if testing.Short() {
		b.Skip("L model skipped in -short mode")
	}
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	m, ds := load.Dir(dir, load.Options{})
	r := resolve.New(m)
	res := check.Model(m, r, ds, check.Options{})
	b.ResetTimer()
	for b.Loop() {
		view.Build(m, r, res, view.Options{})
	}
}

// checkDuties compares every party's Duties and counts with their
// definition, computed the plain way: the groups naming the party, and the
// groups naming the tenant-owner placeholder in the landing zones where the
// party owns tenants (unless they name the party too), ordered by landing
// zone, then layer, then the order of the zone's activities and groups.
func checkDuties(t *testing.T, b *view.Book) {
	t.Helper()
	m := b.Model
	layerOrder := map[string]int{}
	for i, l := range m.Layers {
		layerOrder[l.ID] = i + 1
	}
	owns := map[string]map[string]bool{} // party → zones where it owns tenants
	for _, tn := range m.Tenants {
		if owns[tn.Owner.ID] == nil {
			owns[tn.Owner.ID] = map[string]bool{}
		}
		owns[tn.Owner.ID][tn.LandingZone.ID] = true
	}
	for _, pp := range b.Parties {
		type want struct {
			g     *view.Group
			roles string
			via   bool
			key   [2]int
		}
		var wants []want
		counts := map[rune]int{}
		// The duties outside landing zones come first.
		type zoneActs struct {
			zone string
			acts []*view.ZoneActivity
		}
		all := []zoneActs{{"", b.OrgActivities}}
		for _, zp := range b.LandingZones {
			all = append(all, zoneActs{zp.Zone.ID, zp.Activities})
		}
		for zi, zp := range all {
			for _, za := range zp.acts {
				for _, g := range za.Groups {
					w := want{g: g, roles: g.Assignment.Roles(pp.Party), key: [2]int{zi, layerOrder[za.Activity.Layer.ID]}}
					if w.roles == "" && !pp.Party.Placeholder && zp.zone != "" && owns[pp.Party.ID][zp.zone] {
						w.roles, w.via = g.Assignment.Roles(m.PartyByID[model.TenantOwner]), true
					}
					if w.roles != "" {
						wants = append(wants, w)
						for _, r := range w.roles {
							counts[r] += g.Len()
						}
					}
				}
			}
		}
		slices.SortStableFunc(wants, func(a, b want) int {
			if c := a.key[0] - b.key[0]; c != 0 {
				return c
			}
			return a.key[1] - b.key[1]
		})
		got := pp.Duties()
		if len(got) != len(wants) {
			t.Fatalf("%s: %d duties, want %d", pp.Party.ID, len(got), len(wants))
		}
		for i, d := range got {
			w := wants[i]
			if d.Group != w.g || d.Roles != w.roles || d.ViaTenantOwner != w.via {
				t.Fatalf("%s: duty %d is %v/%s %q via=%v, want %v/%s %q via=%v", pp.Party.ID, i,
					d.LandingZone, d.Activity.ID, d.Roles, d.ViaTenantOwner, w.g.LandingZone, w.g.Activity.ID, w.roles, w.via)
			}
		}
		if pp.CountR != counts['R'] || pp.CountA != counts['A'] || pp.CountC != counts['C'] || pp.CountI != counts['I'] {
			t.Fatalf("%s: counts R%d A%d C%d I%d, want %v", pp.Party.ID, pp.CountR, pp.CountA, pp.CountC, pp.CountI, counts)
		}
	}
}

// TestDutiesMergeTenantOwnerGroups: a party that owns tenants holds the
// placeholder's roles in that landing zone, in walk order among its own,
// and not where a group names it directly.
func TestDutiesMergeTenantOwnerGroups(t *testing.T) {
	m := testmodel.Model(t, testmodel.Small+`
rules:
  - {id: all, activities: {all: true}, responsible: cft, accountable: cft}
  - {id: t1, activity: decommission, scope: {landing_zone: native, service: aws-ec2}, responsible: tenant-owner, accountable: cft}
  - {id: t2, activity: decommission, scope: {landing_zone: native, service: aws-lambda}, responsible: app, accountable: app}
  - {id: t3, activity: decommission, scope: {landing_zone: native, service: aws-rds}, responsible: tenant-owner, accountable: cft, informed: app}
`)
	r := resolve.New(m)
	b := view.Build(m, r, check.Model(m, r, nil, check.Options{}), view.Options{})
	var got []string
	for _, d := range b.PartyByID("app").Duties() {
		s := d.Assignment.Rule.ID + ":" + d.Roles
		if d.ViaTenantOwner {
			s += ":via"
		}
		got = append(got, s)
	}
	if want := []string{"t1:R:via", "t2:RA", "t3:I"}; !slices.Equal(got, want) {
		t.Fatalf("app duties %v, want %v", got, want)
	}
	checkDuties(t, b)
}
