package check_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/encoding/inventory"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkInventory reconciles a synthetic model's tenants with an
// inventory that lists every tenant's account (in each provider's shape),
// without the reading: what check.Inventory itself adds to a check.
// bench/inventory.sh measures reading and reconciling end to end.
//
//	go test ./check -run '^$' -bench Inventory -benchmem
func BenchmarkInventory(b *testing.B) {
	for _, size := range []synth.Size{synth.M, synth.L} {
		b.Run(size.Name, func(b *testing.B) {
			if size.Name == synth.L.Name && testing.Short() {
				b.Skip("size L is skipped with -short")
			}
			dir := filepath.Join(b.TempDir(), size.Name)
			if _, err := synth.Write(dir, size); err != nil {
				b.Fatal(err)
			}
			m, lds := load.Dir(dir, load.Options{})
			if lds.HasErrors() {
				b.Fatal(lds)
			}
			var zones []string
			mp := &inventory.Mapping{OwnerTag: "owner", LandingZones: map[string]string{}}
			for _, z := range m.LandingZones {
				zones = append(zones, z.ID)
			}
			var lists [][]inventory.Account
			for _, p := range inventory.Providers {
				var buf bytes.Buffer
				if err := synth.WriteInventory(&buf, p, m.Tenants, zones, 0); err != nil {
					b.Fatal(err)
				}
				accts, ds := inventory.Read(p+".json", p, buf.Bytes(), inventory.DefaultLimits)
				if ds.HasErrors() {
					b.Fatal(ds)
				}
				lists = append(lists, accts)
			}
			accts, _ := inventory.Merge(lists...)
			inv := &inventory.Inventory{Accounts: accts}
			var ds diag.Diagnostics
			for b.Loop() {
				ds = check.Inventory(m, inv, mp, check.Options{})
			}
			if len(ds) > 0 {
				b.Fatalf("%d findings; first: %v", len(ds), ds[0])
			}
			b.ReportMetric(float64(len(accts)), "accounts/op")
		})
	}
}
