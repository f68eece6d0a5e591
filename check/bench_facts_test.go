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
	for _, variant := range []string{"without", "with-facts", "with-disagreeing-facts"} {
		b.Run(variant, func(b *testing.B) {
			m, lds := load.Dir(dir, load.Options{})
			if variant != "without" {
				addFacts(m, variant == "with-facts")
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
// and every activity with a layer two MCSB controls. With agree, a fact
// says what the border says for the first activity mapping its control
// (a model that matches its provider: the common case after a review);
// else responsibilities rotate and most facts contradict the model (tens
// of thousands of diagnostics: the worst case).
func addFacts(m *model.Model, agree bool) {
	ctls := mcsb.Builtin().Controls
	first := map[string]*model.Activity{}
	for i, a := range m.Activities {
		if a.Layer.IsSet() {
			a.Controls = map[string][]string{"mcsb": {ctls[(i*5)%len(ctls)].ID, ctls[(i*11+3)%len(ctls)].ID}}
			for _, id := range a.Controls["mcsb"] {
				if first[id] == nil {
					first[id] = a
				}
			}
		}
	}
	resp := []string{"customer", "provider", "shared", "not-applicable"}
	for i, s := range m.Services {
		for j := 0; j < 30; j++ {
			c := ctls[(i*7+j*3)%len(ctls)]
			r := resp[(i+j)%len(resp)]
			if a := first[c.ID]; agree && a != nil {
				r = string(m.Border(s, a.Layer.ID))
			}
			s.Facts = append(s.Facts, &model.Fact{Control: c.ID, Framework: "mcsb", Responsibility: r, Feature: fmt.Sprintf("feature %d", j)})
		}
	}
}
