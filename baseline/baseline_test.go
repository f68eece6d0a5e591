package baseline_test

import (
	"slices"
	"testing"

	"github.com/demarc-dev/demarc/baseline"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

func TestNames(t *testing.T) {
	want := []string{"aws", "azure", "gcp"}
	if got := baseline.Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, n := range want {
		if data, ok := baseline.Get(n); !ok || len(data) == 0 {
			t.Errorf("Get(%q) found nothing", n)
		}
	}
	for _, n := range []string{"core", "", "nope", "../core", "core.yaml"} {
		if _, ok := baseline.Get(n); ok {
			t.Errorf("Get(%q) should not find a baseline", n)
		}
	}
	if name, data := baseline.Core(); name != "core" || len(data) == 0 {
		t.Errorf("Core() = %q with %d bytes", name, len(data))
	}
}

// TestLoads loads every baseline through the strict loader and checks the
// content for mistakes the loader does not catch by itself.
func TestLoads(t *testing.T) {
	f := &model.File{}
	for _, n := range baseline.Names() {
		f.Uses = append(f.Uses, model.Ref{ID: n})
	}
	m, ds := load.Build(&load.Result{Files: []*model.File{f}, Sources: map[string][]byte{}})
	for _, d := range ds {
		t.Errorf("%s", d.Summary)
	}
	if len(m.Layers) != 11 {
		t.Errorf("%d layers, want 11", len(m.Layers))
	}
	valid := func(s model.Side) bool {
		return s == model.SideProvider || s == model.SideCustomer || s == model.SideShared
	}
	for _, sm := range m.ServiceModels {
		for _, l := range m.Layers {
			if s, ok := sm.Borders[l.ID]; !ok || !valid(s) {
				t.Errorf("service model %s: layer %s has border %q", sm.ID, l.ID, s)
			}
		}
	}
	perProvider := map[string]int{}
	for _, s := range m.Services {
		perProvider[s.Provider.ID]++
		for layer, side := range s.Borders {
			if !valid(side) {
				t.Errorf("service %s: layer %s has border %q", s.ID, layer, side)
			}
			if sm := m.ServiceModelByID[s.Model.ID]; sm != nil && sm.Borders[layer] == side {
				t.Errorf("service %s: border override %s: %s repeats its model's border", s.ID, layer, side)
			}
		}
		if s.Description == "" || s.Category == "" || s.Reference == "" {
			t.Errorf("service %s lacks a description, category or reference", s.ID)
		}
	}
	for _, p := range m.Providers {
		if n := perProvider[p.ID]; n < 12 || n > 20 {
			t.Errorf("provider %s has %d services, want 12 to 20", p.ID, n)
		}
		party := m.ProviderParty(p.ID)
		if party == nil || !party.IsProvider() || len(party.Contacts) == 0 {
			t.Errorf("provider %s needs a provider-kind party with contacts", p.ID)
		}
		if p.Reference == "" {
			t.Errorf("provider %s has no reference", p.ID)
		}
	}
}
