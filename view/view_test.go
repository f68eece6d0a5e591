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
	// Every cell lands in exactly one group of a zone page, one chart cell,
	// and one zone answer of a service page.
	groups, chart, split := 0, 0, 0
	for _, zp := range b.LandingZones {
		for _, za := range zp.Activities {
			seen := map[*model.Service]bool{}
			for _, g := range za.Groups {
				groups += g.Len()
				svcs := g.Services()
				if len(svcs) != g.Len() {
					t.Fatalf("%s/%s: %d services, Len %d", zp.Zone.ID, za.Activity.ID, len(svcs), g.Len())
				}
				for _, sv := range svcs {
					if seen[sv] || !slices.Contains(zp.Services, sv) {
						t.Fatalf("%s/%s: service %s twice or not offered", zp.Zone.ID, za.Activity.ID, sv.ID)
					}
					seen[sv] = true
					a, err := r.Resolve(resolve.Query{Activity: za.Activity.ID, Service: sv.ID, LandingZone: zp.Zone.ID})
					if err != nil || a.Outcome != g.Assignment.Outcome || a.Rule != g.Assignment.Rule {
						t.Fatalf("%s/%s/%s: grouped under %v %v, resolves to %v %v (%v)", zp.Zone.ID, za.Activity.ID, sv.ID,
							g.Assignment.Outcome, g.Assignment.Rule, a.Outcome, a.Rule, err)
					}
				}
			}
			if len(seen) != len(zp.Services) {
				t.Fatalf("%s/%s: groups hold %d of %d services", zp.Zone.ID, za.Activity.ID, len(seen), len(zp.Services))
			}
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
	for _, sp := range b.Services {
		for _, row := range sp.Split() {
			for _, za := range row.Answers {
				split += len(za.Zones)
			}
		}
	}
	if groups != total || chart != total || split != total {
		t.Fatalf("cells %d, grouped %d, charted %d, split %d", total, groups, chart, split)
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
		for zi, zp := range b.LandingZones {
			for _, za := range zp.Activities {
				for _, g := range za.Groups {
					w := want{g: g, roles: g.Assignment.Roles(pp.Party), key: [2]int{zi, layerOrder[za.Activity.Layer.ID]}}
					if w.roles == "" && !pp.Party.Placeholder && owns[pp.Party.ID][zp.Zone.ID] {
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
				t.Fatalf("%s: duty %d is %s/%s %q via=%v, want %s/%s %q via=%v", pp.Party.ID, i,
					d.LandingZone.ID, d.Activity.ID, d.Roles, d.ViaTenantOwner, w.g.LandingZone.ID, w.g.Activity.ID, w.roles, w.via)
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
