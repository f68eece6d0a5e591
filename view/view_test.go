package view_test

import (
	"testing"

	"github.com/demarc-dev/demarc/internal/testbook"

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
	// Every cell lands in exactly one group of a zone page, one chart cell,
	// and one zone answer of a service page.
	groups, chart, split := 0, 0, 0
	for _, zp := range b.LandingZones {
		for _, za := range zp.Activities {
			for _, g := range za.Groups {
				groups += len(g.Services)
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
		for _, row := range sp.Split {
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
	for _, d := range pp.Duties {
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
			for _, d := range p.Duties {
				if d.ViaTenantOwner {
					viaOwner++
				}
			}
		}
	}
	if viaOwner == 0 {
		t.Fatal("no application party holds duties as tenant owner")
	}
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
