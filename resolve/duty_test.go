package resolve_test

import (
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// TestZoneDutyAgreesWithCells: for every activity and landing zone of the
// example, ZoneDuty says what walking the cells says.
func TestZoneDutyAgreesWithCells(t *testing.T) {
	m, ds := load.Dir("../examples/enterprise", load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	r := resolve.New(m)
	ids := func(ps []*model.Party) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		slices.Sort(out)
		return out
	}
	for _, a := range m.Activities {
		for _, z := range m.LandingZones {
			var want resolve.ZoneDuty
			var acc, resp []*model.Party
			_ = r.Cells(resolve.Filter{Activities: []string{a.ID}, LandingZones: []string{z.ID}}, func(ans *resolve.Answer) bool {
				want.Cells++
				if ans.Outcome == resolve.Gap || ans.Outcome == resolve.Conflicting {
					want.Undecided = true
				}
				for _, as := range ans.Accountable {
					if !slices.Contains(acc, as.Party) {
						acc = append(acc, as.Party)
					}
				}
				for _, as := range ans.Responsible {
					if !slices.Contains(resp, as.Party) {
						resp = append(resp, as.Party)
					}
				}
				return true
			})
			got, ok := r.ZoneDuty(a.ID, z.ID)
			if !ok || got.Cells != want.Cells || got.Undecided != want.Undecided ||
				!slices.Equal(ids(got.Accountable), ids(acc)) || !slices.Equal(ids(got.Responsible), ids(resp)) {
				t.Errorf("%s in %s: ZoneDuty %d cells %v A%v R%v; cells say %d %v A%v R%v", a.ID, z.ID,
					got.Cells, got.Undecided, ids(got.Accountable), ids(got.Responsible), want.Cells, want.Undecided, ids(acc), ids(resp))
			}
		}
	}
	if _, ok := r.ZoneDuty("nope", "sandbox"); ok {
		t.Error("unknown activity answered")
	}
}

// TestGroupsAgreeWithCells: every cell Cells yields is in exactly one of
// Groups' groups, whose answer says what the cell's answer says.
func TestGroupsAgreeWithCells(t *testing.T) {
	m, ds := load.Dir("../examples/enterprise", load.Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	r := resolve.New(m)
	check := func(a, zone, tenant string) {
		f := resolve.Filter{Activities: []string{a}, LandingZones: []string{zone}, Tenant: tenant}
		if tenant != "" {
			f.LandingZones = nil
		}
		want := map[string]string{} // service or provider → what it says
		n := 0
		_ = r.Cells(f, func(ans *resolve.Answer) bool {
			key := ""
			switch {
			case ans.Service != nil:
				key = ans.Service.ID
			case ans.Provider != nil:
				key = ans.Provider.ID
			}
			want[key] = ans.View().Key()
			n++
			return true
		})
		groups, err := r.Groups(a, zone, tenant)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, g := range groups {
			k := g.Answer.View().Key()
			if len(g.For) == 0 {
				got++
				if want[""] != k {
					t.Errorf("%s %s %s: group says %s, cell %s", a, zone, tenant, k, want[""])
				}
			}
			for _, id := range g.For {
				got++
				if want[id] != k {
					t.Errorf("%s %s %s: %s grouped as %s, its cell says %s", a, zone, tenant, id, k, want[id])
				}
			}
		}
		if got != n {
			t.Errorf("%s %s %s: groups hold %d cells, Cells yields %d", a, zone, tenant, got, n)
		}
	}
	for _, a := range m.Activities {
		for _, z := range m.LandingZones {
			check(a.ID, z.ID, "")
		}
		check(a.ID, "", "563956996473")
	}
}
