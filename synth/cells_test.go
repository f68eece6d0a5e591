package synth_test

import (
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

// TestCellsMatchWalk counts the cells of generated models with resolve's
// walk, per grain, and compares them with Size.Cells and Stats. The odd
// size has more providers than have catalogs and too few services for
// every category, so some applicabilities fall back to every service.
func TestCellsMatchWalk(t *testing.T) {
	odd := synth.Size{Name: "odd", Parties: 14, Providers: 5, Services: 11, LandingZones: 2, Activities: 61, Rules: 90, Tenants: 25}
	for _, size := range []synth.Size{synth.S, odd, synth.M} {
		t.Run(size.Name, func(t *testing.T) {
			if size == synth.M && testing.Short() {
				t.Skip("size M skipped with -short")
			}
			dir := filepath.Join(t.TempDir(), "model")
			st, err := synth.Write(dir, size)
			if err != nil {
				t.Fatal(err)
			}
			m, ds := load.Dir(dir, load.Options{})
			if ds.HasErrors() {
				t.Fatalf("loading: %v", ds)
			}
			r := resolve.New(m)
			walked := map[model.Grain]int{}
			total := 0
			r.Walk(func(d resolve.Decided) {
				walked[m.Activities[d.Activity].EffectiveGrain()]++
				total++
			})
			if total != size.Cells() || total != st.Cells {
				t.Errorf("walk visited %d cells, Size.Cells says %d, Stats %d", total, size.Cells(), st.Cells)
			}
			for _, g := range model.Grains {
				if walked[g] != st.CellsByGrain[g] {
					t.Errorf("grain %s: walk visited %d cells, Stats say %d", g, walked[g], st.CellsByGrain[g])
				}
			}
			n := 0
			for _, a := range m.Activities {
				if a.Builtin == "" {
					n++
				}
			}
			if n != size.Activities {
				t.Errorf("%d activities loaded, want %d", n, size.Activities)
			}
		})
	}
}
