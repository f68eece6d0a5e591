package synth_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

func TestSizeS(t *testing.T) { testSize(t, synth.S) }

func TestSizeM(t *testing.T) {
	if testing.Short() {
		t.Skip("size M takes a few seconds; skipped with -short")
	}
	testSize(t, synth.M)
}

// testSize generates size into a temporary directory, loads, resolves and
// checks it, and compares what was loaded with the size.
func testSize(t *testing.T, size synth.Size) {
	dir := filepath.Join(t.TempDir(), "model")
	st, err := synth.Write(dir, size)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%v", st)

	m, lds := load.Dir(dir, load.Options{})
	r := resolve.New(m)
	// A fixed day before every generated review-by date.
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	res := check.Model(m, r, lds, check.Options{Today: today})
	for i, d := range res.Diagnostics {
		if d.Severity == diag.Error || d.Severity == diag.Warning {
			if i < 20 {
				t.Errorf("%v", d)
			}
		} else {
			t.Logf("%v", d)
		}
	}
	if n, w := res.Diagnostics.Count(diag.Error), res.Diagnostics.Count(diag.Warning); n+w > 0 {
		t.Fatalf("size %s: %d errors and %d warnings, want none", size.Name, n, w)
	}

	// Count only what the model files define: the core baseline adds the
	// layers, the service models and the tenant-owner placeholder.
	got := synth.Size{
		Name:         size.Name,
		Parties:      count(m.Parties, func(p *model.Party) bool { return p.Builtin == "" && !p.Placeholder }),
		Providers:    count(m.Providers, func(p *model.Provider) bool { return p.Builtin == "" }),
		Services:     count(m.Services, func(s *model.Service) bool { return s.Builtin == "" }),
		LandingZones: count(m.LandingZones, func(z *model.LandingZone) bool { return z.Builtin == "" }),
		Activities:   count(m.Activities, func(a *model.Activity) bool { return a.Builtin == "" }),
		Rules:        len(m.Rules),
		Tenants:      len(m.Tenants),
	}
	if got != size {
		t.Errorf("loaded %+v\nwant   %+v", got, size)
	}
	if n := count(m.Layers, func(l *model.Layer) bool { return l.Builtin == "" }); n != 0 {
		t.Errorf("the model defines %d layers; it should use the core baseline's", n)
	}
	if n := count(m.ServiceModels, func(s *model.ServiceModel) bool { return s.Builtin == "" }); n != 0 {
		t.Errorf("the model defines %d service models; it should use the core baseline's", n)
	}
	wantStats := synth.Size{Name: size.Name, Parties: st.Parties, Providers: st.Providers, Services: st.Services,
		LandingZones: st.LandingZones, Activities: st.Activities, Rules: st.Rules, Tenants: st.Tenants}
	if wantStats != size {
		t.Errorf("stats %+v\nwant  %+v", wantStats, size)
	}

	sum := res.Summary
	if sum.Cells != size.Cells() || st.Cells != size.Cells() {
		t.Errorf("Summarize resolved %d cells, stats say %d, Size.Cells says %d", sum.Cells, st.Cells, size.Cells())
	}
	for _, g := range model.Grains {
		if sum.CellsByGrain[g] != st.CellsByGrain[g] {
			t.Errorf("grain %s: Summarize resolved %d cells, stats say %d", g, sum.CellsByGrain[g], st.CellsByGrain[g])
		}
		if st.ActivitiesByGrain[g] == 0 {
			t.Errorf("no activity has grain %s", g)
		}
	}
	if st.Applicable == 0 {
		t.Error("no per-service activity has an applicability")
	}
	if sum.GapCells != 0 || sum.ConflictCells != 0 {
		t.Errorf("%d gap cells and %d conflict cells", sum.GapCells, sum.ConflictCells)
	}
	if sum.ProviderCells == 0 || sum.RuleCells == 0 || sum.ProviderCells+sum.RuleCells != sum.Cells {
		t.Errorf("cells: %d by provider + %d by rule != %d", sum.ProviderCells, sum.RuleCells, sum.Cells)
	}
	// Every level of the hierarchy should be exercised.
	if st.DefaultRules == 0 || st.AreaRules == 0 || st.ZoneRules == 0 || st.ZoneModelRules == 0 || st.ZoneServiceRules == 0 || st.ProviderRules == 0 || st.TenantRules == 0 {
		t.Errorf("a rule level is empty: %+v", st)
	}
	if st.ProviderOnlyActivities == 0 {
		t.Errorf("no activity is left to the provider border")
	}
	// Rules must win somewhere: an override that never decides a cell would
	// be dead weight in a benchmark.
	for _, rs := range sum.Rules {
		if rs.Won == 0 && rs.Rule.Scope != nil && !rs.Rule.Scope.Tenant.IsSet() {
			t.Errorf("rule %s decides no cell", rs.Rule.ID)
		}
	}
}

func count[T any](list []*T, keep func(*T) bool) int {
	n := 0
	for _, e := range list {
		if keep(e) {
			n++
		}
	}
	return n
}

func TestDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := synth.Write(a, synth.S); err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Write(b, synth.S); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		x, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Fatalf("only %d files written", n)
	}
}

func TestWriteRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "model.yaml"), []byte("parties: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Write(dir, synth.S); err == nil {
		t.Fatal("Write should refuse a directory that already holds files")
	}
}

func TestSizes(t *testing.T) {
	for _, s := range synth.Sizes() {
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
		got, err := synth.ByName(s.Name)
		if err != nil || got != s {
			t.Errorf("ByName(%q) = %v, %v", s.Name, got, err)
		}
	}
	if n := synth.L.Cells(); n <= 0 || n >= 600*12*400 {
		t.Errorf("L has %d cells, want some but fewer than services × zones × activities: activities apply to some services, coarser grains have fewer cells", n)
	}
	if _, err := synth.ByName("XL"); err == nil {
		t.Error("ByName should reject an unknown size")
	}
	bad := synth.Size{Name: "tiny", Parties: 3, Providers: 3, Services: 1, LandingZones: 1, Activities: 1}
	if err := bad.Validate(); err == nil {
		t.Error("a size with no room for internal parties should not validate")
	}
	if n := bad.Cells(); n != 0 {
		t.Errorf("a size that does not validate has %d cells, want 0", n)
	}
}

func TestSizeL(t *testing.T) {
	if testing.Short() {
		t.Skip("size L takes several seconds; skipped with -short")
	}
	testSize(t, synth.L)
}
