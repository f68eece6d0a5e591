package check_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/encoding/mcsb"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/synth"
)

// BenchmarkCheckFacts measures what provider facts add to a check of size
// L: every service gets 30 facts and every activity with a layer maps to
// two MCSB controls, as after importing the Azure baselines. The goal is
// that with-facts stays within 20% of without.
//
//	go test ./check -run '^$' -bench CheckFacts -benchmem
func BenchmarkCheckFacts(b *testing.B) {
	if testing.Short() {
		b.Skip("size L is skipped with -short")
	}
	dir := filepath.Join(b.TempDir(), "L")
	if _, err := synth.Write(dir, synth.L); err != nil {
		b.Fatal(err)
	}
	opts := check.Options{Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	for _, withFacts := range []bool{false, true} {
		name := "without"
		if withFacts {
			name = "with-facts"
		}
		b.Run(name, func(b *testing.B) {
			m, lds := load.Dir(dir, load.Options{})
			if withFacts {
				addFacts(m)
			}
			var res *check.Result
			for b.Loop() {
				res = check.Model(m, resolve.New(m), lds, opts)
			}
			b.ReportMetric(float64(len(res.Diagnostics)), "diagnostics/op")
		})
	}
}

// addFacts gives every service 30 facts over the catalogue's controls
// and every activity with a layer two MCSB controls.
func addFacts(m *model.Model) {
	ctls := mcsb.Builtin().Controls
	resp := []string{"customer", "provider", "shared", "not-applicable"}
	for i, s := range m.Services {
		for j := 0; j < 30; j++ {
			c := ctls[(i*7+j*3)%len(ctls)]
			s.Facts = append(s.Facts, &model.Fact{Control: c.ID, Framework: "mcsb", Responsibility: resp[(i+j)%len(resp)],
				Feature: fmt.Sprintf("feature %d", j)})
		}
	}
	for i, a := range m.Activities {
		if a.Layer.IsSet() {
			a.Controls = map[string][]string{"mcsb": {ctls[(i*5)%len(ctls)].ID, ctls[(i*11+3)%len(ctls)].ID}}
		}
	}
}
